/**
 * The GKE cluster autoscaler's decisions as pure functions (REFERENCE.md "Cluster autoscaler"; the thresholds come
 * from the scenario's cluster.autoscaler). The controller (controllers/clusterAutoscalerLoop.ts) calls them every
 * scan with a plain view of the pools, nodes and unschedulable pods, and applies what they return.
 *
 *  - Scale-up (`planScaleUp`): pending pods that fit on nodes already on their way (requested, booting, or
 *    waiting for the GPU driver) wait for them; for every pool not in backoff, the remaining pods it could hold
 *    are binpacked onto hypothetical new nodes (first fit, largest pods first: the binpacking estimator), capped
 *    at the pool's max.
 *  - Provisioning failure (`failedProvisioning`): a node not running `maxProvisionTime` after its request is given
 *    up, and its pool backs off (`nextBackoff`: 5 min, doubling to 30 min).
 *  - Scale-down (`planScaleDown`): a running node whose requests are below the utilisation threshold (GPU nodes:
 *    GPU requests only) and whose pods fit on the other nodes is unneeded; once unneeded for
 *    `scaleDownUnneeded`, and no scale-up happened in the last `scaleDownDelayAfterAdd`, it is removed: empty
 *    nodes up to `maxBulkDelete` at a time, otherwise one node, drained. Pools never go below their min.
 */
import { admits, fitsIn, freeRoom, type Resources } from '../cluster/placement.ts';
import type { ClusterAutoscalerConfig } from '../config.ts';
import { isUpcoming, poolSize, bySize, take, type NodeView, type PodRequest, type PoolView } from './clusterViews.ts';

export { isUpcoming, poolSize, type NodeView, type PodRequest, type PoolView } from './clusterViews.ts';
export { findUnneeded, planScaleDown, type ScaleDownPlan, type UnneededNodes } from './scaleDown.ts';

export interface ScaleUpOption {
  pool: string;
  /** New nodes to request. */
  add: number;
  /** Pending pods the new nodes would take. */
  pods: string[];
}

export interface ScaleUpPlan {
  /** One option per pool that can help. */
  options: ScaleUpOption[];
  /** Pending pods that fit on nodes already on their way. */
  waitingForUpcoming: string[];
  /** Pending pods no pool can hold now (too big, or their pool at max or in backoff). */
  helpless: string[];
}

/** Decides the scale-up for one scan. `pending`: pods the scheduler could not place. */
export function planScaleUp(pools: readonly PoolView[], nodes: readonly NodeView[], pending: readonly PodRequest[], now: number): ScaleUpPlan {
  const sorted = [...pending].sort(bySize);
  // 1. Pods that fit on nodes already on their way wait for them.
  const upcoming = nodes.filter((n) => isUpcoming(n.state)).map((node) => ({ node, free: freeRoom(node) }));
  const waitingForUpcoming: string[] = [];
  const remaining: PodRequest[] = [];
  for (const pod of sorted) {
    const slot = upcoming.find((u) => admits(pod.requests, pod.pool, u.node) && fitsIn(pod.requests, u.free));
    if (slot) {
      take(slot.free, pod.requests);
      waitingForUpcoming.push(pod.name);
    } else remaining.push(pod);
  }

  // 2. Each pool binpacks the pods it could hold onto new nodes, up to its max.
  const options: ScaleUpOption[] = [];
  const helped = new Set<string>();
  for (const pool of pools) {
    if (now < pool.backoffUntil) continue;
    const room = pool.maxNodes - poolSize(nodes, pool.name);
    if (room <= 0) continue;
    const shape = { pool: pool.name, gpus: pool.template.gpu };
    const bins: Resources[] = [];
    const placed: string[] = [];
    for (const pod of remaining) {
      if (!admits(pod.requests, pod.pool, shape) || !fitsIn(pod.requests, pool.template)) continue;
      let bin = bins.find((free) => fitsIn(pod.requests, free));
      if (!bin) {
        if (bins.length >= room) continue;
        bin = { ...pool.template };
        bins.push(bin);
      }
      take(bin, pod.requests);
      placed.push(pod.name);
    }
    if (bins.length === 0) continue;
    for (const name of placed) helped.add(name);
    options.push({ pool: pool.name, add: bins.length, pods: placed });
  }
  const helpless = remaining.filter((p) => !helped.has(p.name)).map((p) => p.name);
  return { options, waitingForUpcoming, helpless };
}

/** Nodes still not running `maxProvisionTime` after their request: the autoscaler gives them up. */
export function failedProvisioning(nodes: readonly NodeView[], now: number, config: Pick<ClusterAutoscalerConfig, 'maxProvisionTime'>): string[] {
  return nodes.filter((n) => isUpcoming(n.state) && now - n.requestedAt >= config.maxProvisionTime).map((n) => n.name);
}

/** cluster-autoscaler defaults: --initial-node-group-backoff-duration 5m, --max-node-group-backoff-duration 30m,
 * --node-group-backoff-reset-timeout 3h. */
export const NODE_GROUP_BACKOFF = { initial: 5 * 60, max: 30 * 60, resetAfter: 3 * 3600 } as const;

export interface Backoff {
  failedAt: number;
  duration: number;
}

/** A pool's backoff after a failure at `now`: the initial one, or double the last one (capped) if that failure was recent. */
export function nextBackoff(previous: Backoff | null, now: number): Backoff {
  const recent = previous !== null && now - previous.failedAt < NODE_GROUP_BACKOFF.resetAfter;
  return { failedAt: now, duration: recent ? Math.min(previous.duration * 2, NODE_GROUP_BACKOFF.max) : NODE_GROUP_BACKOFF.initial };
}
