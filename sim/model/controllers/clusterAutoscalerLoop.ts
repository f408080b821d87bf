/**
 * The GKE cluster autoscaler as a loop (REFERENCE.md "Cluster autoscaler"): every `scanInterval` it takes a plain
 * view of the pools, nodes and pending pods, asks the pure decisions of autoscaling/clusterAutoscaler.ts what to
 * do, and does it: gives up nodes not running 15 min after their request (backing their pool off), requests
 * the nodes each pool's scale-up option needs, and deletes empty nodes or drains one underused node.
 *
 * Every pool with an option is scaled up in the same scan (the model's behaviour since its first version; the
 * 2020-era autoscaler's expander took one node group per scan, 10 s apart at most per extra pool).
 */
import type { Cluster } from '../cluster/cluster.ts';
import { POOL_NAMES, type PoolName } from '../cluster/node.ts';
import type { KioskState } from '../state.ts';
import {
  failedProvisioning,
  findUnneeded,
  nextBackoff,
  planScaleUp,
  type Backoff,
  type PodRequest,
  type PoolView,
  type UnneededNodes,
} from '../autoscaling/clusterAutoscaler.ts';
import { markUnneeded, pickDeletions } from '../autoscaling/scaleDown.ts';
import { everyWithPhase } from './phase.ts';
import { IdleScaleUp } from './idleScaleUp.ts';
import { nodeViews, PodRequests, sameRunning, type NodeViews } from './nodeViews.ts';

const NONE_FAILED: ReadonlySet<string> = new Set();

export function startClusterAutoscaler(ctx: KioskState, cluster: Cluster): void {
  const ca = ctx.config.cluster.autoscaler;
  const backoff = new Map<PoolName, Backoff>();
  let unneededSince = new Map<string, number>();
  /** The simulation `unneededSince` was last made from: while `found` is that one, the map stays as it is. */
  let sinceFound: UnneededNodes | null = null;
  const requests = new PodRequests(cluster);
  let seenVersion = NaN;
  let views: NodeViews = { all: [], upcoming: [], sizes: new Map() };
  let found: UnneededNodes | null = null;
  // the pools' views change only with a backoff (the rest is the scenario's): made again after a failure. With the
  // upcoming list, the pool counts and the kept unneeded times below, callgrind at 10^5: headline -0.16%, 1-GPU -0.34%
  let pools = poolViews(ctx, backoff);
  const idle = new IdleScaleUp();
  everyWithPhase(ctx, 'cluster-autoscaler', ca.scanInterval, (now) => {
    // most scans see the nodes of the last one (1,382 of 1,853 in the headline): keep its views and its scale-down
    // simulation. The cluster's nodes version says so without a pass over the nodes (~0.7% of the headline's wall)
    const same = cluster.nodesVersion === seenVersion;
    seenVersion = cluster.nodesVersion;
    if (!same) {
      views = nodeViews(cluster, requests);
      // the simulation reads the running nodes only: kept while they show the same (62 of 471 new views in the headline;
      // with the kept node views, within callgrind's build-to-build noise at 10^5 images)
      if (found !== null && !sameRunning(found.ready, views.all)) found = null;
    }
    const byName = (name: string) => cluster.nodes.find((n) => n.name === name)!;
    // only upcoming nodes can fail, and they are few: the views' list of them, not a pass over every view
    const failedNames = views.upcoming.length > 0 ? failedProvisioning(views.upcoming, now, ca) : [];
    const failed: ReadonlySet<string> = failedNames.length > 0 ? new Set(failedNames) : NONE_FAILED;
    for (const name of failed) {
      const node = byName(name);
      ctx.log('node_failed', node.name, `not running ${ca.maxProvisionTime} s after the request`);
      cluster.removeNode(node, 'provisioning failed');
      backoff.set(node.pool, nextBackoff(backoff.get(node.pool) ?? null, now));
    }
    if (failed.size > 0) pools = poolViews(ctx, backoff);
    const live = failed.size > 0 ? views.all.filter((v) => !failed.has(v.name)) : views.all;

    const pending = pendingPods(cluster, requests);
    if (pending.length > 0 && !idle.holds(cluster.nodesVersion, pending, pools, now)) {
      const { options } = planScaleUp(pools, live, pending, now);
      if (options.length === 0) idle.remember(cluster.nodesVersion, pending, pools, now);
      for (const option of options) {
        const pool = option.pool as PoolName;
        ctx.log('scale_up', pool, `${option.add} nodes for ${cluster.pending[pool].length} pending pods`);
        for (let i = 0; i < option.add; i++) cluster.requestNode(pool);
      }
    }

    // Nodes just requested are not in `live`: they run no pods, and a request puts scale-down in its cooldown.
    if (failed.size > 0) found = null; // `live` is not `views`; the next scan sees other nodes anyway
    found ??= findUnneeded(live, ca.utilizationThreshold);
    // the same simulation as the last scan's: the same unneeded nodes since the same times (no new map each scan)
    if (found !== sinceFound) {
      unneededSince = markUnneeded(found, unneededSince, now);
      sinceFound = found;
    }
    const down = pickDeletions(pools, live, now, unneededSince, cluster.lastScaleUpAt, ca, found, failed.size > 0 ? undefined : views.sizes);
    for (const name of down.deleteEmpty) cluster.drainNode(byName(name), 0, 'scale-down: empty', 0);
    if (down.drain !== null) cluster.drainNode(byName(down.drain), cluster.terminationGrace, 'scale-down: underutilized', cluster.terminationGrace);
    cluster.pruneGonePods();
  });
}

function poolViews(ctx: KioskState, backoff: ReadonlyMap<PoolName, Backoff>): PoolView[] {
  return POOL_NAMES.map((name) => {
    const cfg = ctx.config.cluster.pools[name];
    const b = backoff.get(name);
    return {
      name,
      template: { cpu: cfg.machine.cpu, memoryBytes: cfg.machine.memoryBytes, gpu: cfg.machine.gpus },
      minNodes: cfg.min,
      maxNodes: cfg.max,
      backoffUntil: b ? b.failedAt + b.duration : -Infinity,
    };
  });
}

function pendingPods(cluster: Cluster, requests: PodRequests): PodRequest[] {
  const out: PodRequest[] = [];
  for (const pool of POOL_NAMES) for (const p of cluster.pending[pool]) out.push(requests.of(p));
  return out;
}
