/**
 * The GKE cluster autoscaler's decisions as pure functions (platform.md "Cluster autoscaler"; defaults are the
 * cluster-autoscaler flags and FAQ). The controller process calls them every scan (10 s) with a snapshot of the
 * node pools, nodes and unschedulable pods, and keeps the returned state.
 *
 *  - Scale-up (`planScaleUp`): pending pods that would fit on nodes already on their way (provisioning or not yet
 *    ready) are left alone; for every pool not in backoff, the remaining pods its nodes could hold are binpacked
 *    onto hypothetical new nodes (first fit, largest pods first), capped at the pool's max; the expander picks
 *    ONE pool per scan, as the real autoscaler does.
 *  - Provisioning failure (`failedProvisioning`): a node still unregistered 15 min after its request is given up
 *    and its pool backs off (5 min, doubling to 30 min).
 *  - Scale-down (`planScaleDown`): a Ready node whose requests are below 50 % of allocatable (GPU nodes: GPU
 *    requests only) and whose movable pods fit on the other nodes is unneeded; after 10 min unneeded it is
 *    removed, unless a scale-up happened in the last 10 min. Empty nodes go up to 10 at a time; a node with pods
 *    is drained alone. Pools never go below their min.
 */
import type { Resources } from './machines.ts';
import {
  type NodeView,
  type PodRequest,
  addResources,
  admits,
  fitsIn,
  freeResources,
  requested,
  subtractResources,
} from './placement.ts';

export interface ClusterAutoscalerConfig {
  /** `--scan-interval` (platform.md: 10 s). */
  scanIntervalS: number;
  /** `--max-node-provision-time` (platform.md: 15 min). */
  maxNodeProvisionS: number;
  /** `--scale-down-utilization-threshold` (platform.md: 50 %). */
  scaleDownUtilizationThreshold: number;
  /** `--scale-down-unneeded-time` (platform.md: 10 min). */
  scaleDownUnneededS: number;
  /** `--scale-down-delay-after-add` (platform.md: 10 min). */
  scaleDownDelayAfterAddS: number;
  /** `--max-empty-bulk-delete` (platform.md: 10). */
  maxEmptyBulkDelete: number;
  /** Node-group backoff after a failed scale-up: initial and maximum (cluster-autoscaler defaults 5 and 30 min). */
  initialBackoffS: number;
  maxBackoffS: number;
  /** Which pool gets the scale-up when several could help. */
  expander: 'least-waste' | 'most-pods' | 'priority';
}

export const CLUSTER_AUTOSCALER_DEFAULTS: ClusterAutoscalerConfig = {
  scanIntervalS: 10,
  maxNodeProvisionS: 15 * 60,
  scaleDownUtilizationThreshold: 0.5,
  scaleDownUnneededS: 10 * 60,
  scaleDownDelayAfterAddS: 10 * 60,
  maxEmptyBulkDelete: 10,
  initialBackoffS: 5 * 60,
  maxBackoffS: 30 * 60,
  expander: 'least-waste',
};

export interface PoolView {
  name: string;
  /** Allocatable of one new node of this pool (with its GPUs). */
  template: Resources;
  /** Requests of the DaemonSet pods every new node carries. */
  daemonRequests?: Resources;
  minNodes: number;
  maxNodes: number;
  /** Scale-ups of this pool are skipped until then (set after a provisioning failure). */
  backoffUntil?: number;
}

export interface ScaleUpOption {
  pool: string;
  /** New nodes to request. */
  add: number;
  /** Pending pods the new nodes would take. */
  pods: string[];
  /** Unused share of the new nodes' CPU and memory, mean of the two (the least-waste expander's score). */
  waste: number;
}

export interface ScaleUpPlan {
  /** The chosen option, or null when no pool can help. */
  chosen: ScaleUpOption | null;
  /** Every pool's option, for tracing. */
  options: ScaleUpOption[];
  /** Pending pods that already fit on nodes on their way. */
  waitingForUpcoming: string[];
  /** Pending pods no pool can ever hold (too big, no matching pool, or every candidate pool at max/backoff). */
  helpless: string[];
}

/** Largest first, by the sum of CPU and memory shares of a template (the binpacking estimator's order). */
function bySize(a: PodRequest, b: PodRequest): number {
  const size = (p: PodRequest) => p.requests.cpuMilli / 1000 + p.requests.memoryMiB / 1024 + p.requests.gpu * 1000;
  return size(b) - size(a) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** Nodes counted as the pool's size: everything not being deleted. */
export function poolSize(nodes: readonly NodeView[], pool: string): number {
  let n = 0;
  for (const node of nodes) if (node.pool === pool && node.state !== 'deleting') n += 1;
  return n;
}

/**
 * Decides the scale-up for one scan. `pending`: pods the scheduler could not place. Upcoming nodes
 * (provisioning or unready) are assumed to arrive with their full allocatable minus what is already bound to them.
 */
export function planScaleUp(
  pools: readonly PoolView[],
  nodes: readonly NodeView[],
  pending: readonly PodRequest[],
  now: number,
  config: ClusterAutoscalerConfig = CLUSTER_AUTOSCALER_DEFAULTS,
): ScaleUpPlan {
  const sorted = [...pending].sort(bySize);
  // 1. Pods that fit on nodes already on their way wait for them.
  const upcoming = nodes
    .filter((n) => n.state === 'provisioning' || n.state === 'unready')
    .map((n) => ({ node: n, free: freeResources(n) }));
  const waitingForUpcoming: string[] = [];
  const remaining: PodRequest[] = [];
  for (const pod of sorted) {
    const slot = upcoming.find((u) => admits(pod, u.node.pool, u.node.allocatable) && fitsIn(pod.requests, u.free));
    if (slot) {
      slot.free = subtractResources(slot.free, pod.requests);
      waitingForUpcoming.push(pod.id);
    } else remaining.push(pod);
  }

  // 2. Each pool binpacks the pods it could hold onto new template nodes, up to its max.
  const options: ScaleUpOption[] = [];
  const helpable = new Set<string>();
  for (const pool of pools) {
    if (pool.backoffUntil !== undefined && now < pool.backoffUntil) continue;
    const room = pool.maxNodes - poolSize(nodes, pool.name);
    if (room <= 0) continue;
    const empty = subtractResources(pool.template, pool.daemonRequests ?? { cpuMilli: 0, memoryMiB: 0, gpu: 0 });
    const bins: Resources[] = [];
    const placed: string[] = [];
    for (const pod of remaining) {
      if (!admits(pod, pool.name, pool.template) || !fitsIn(pod.requests, empty)) continue;
      let bin = bins.findIndex((free) => fitsIn(pod.requests, free));
      if (bin < 0) {
        if (bins.length >= room) continue;
        bins.push(empty);
        bin = bins.length - 1;
      }
      bins[bin] = subtractResources(bins[bin] as Resources, pod.requests);
      placed.push(pod.id);
    }
    if (bins.length === 0) continue;
    for (const id of placed) helpable.add(id);
    const capacity = { cpu: empty.cpuMilli * bins.length, mem: empty.memoryMiB * bins.length };
    const left = bins.reduce((a, b) => addResources(a, b));
    const waste = ((capacity.cpu > 0 ? left.cpuMilli / capacity.cpu : 0) + (capacity.mem > 0 ? left.memoryMiB / capacity.mem : 0)) / 2;
    options.push({ pool: pool.name, add: bins.length, pods: placed, waste });
  }

  const helpless = remaining.filter((p) => !helpable.has(p.id)).map((p) => p.id);
  return { chosen: expand(options, config.expander), options, waitingForUpcoming, helpless };
}

/** The expander: least-waste (ties: more pods), most-pods (ties: less waste), priority (pool order). */
export function expand(options: readonly ScaleUpOption[], expander: ClusterAutoscalerConfig['expander']): ScaleUpOption | null {
  let best: ScaleUpOption | null = null;
  for (const o of options) {
    if (best === null) best = o;
    else if (expander === 'least-waste' && (o.waste < best.waste - 1e-12 || (Math.abs(o.waste - best.waste) <= 1e-12 && o.pods.length > best.pods.length))) best = o;
    else if (expander === 'most-pods' && (o.pods.length > best.pods.length || (o.pods.length === best.pods.length && o.waste < best.waste - 1e-12))) best = o;
  }
  return best;
}

/** Nodes requested at least `maxNodeProvisionS` ago that never registered: the autoscaler gives them up. */
export function failedProvisioning(nodes: readonly NodeView[], now: number, config: ClusterAutoscalerConfig = CLUSTER_AUTOSCALER_DEFAULTS): string[] {
  return nodes.filter((n) => n.state === 'provisioning' && now - n.createdAt >= config.maxNodeProvisionS).map((n) => n.id);
}

/** The next backoff of a pool after a failure: initial, then doubling, capped. `previousS` null = first failure. */
export function nextBackoffS(previousS: number | null, config: ClusterAutoscalerConfig = CLUSTER_AUTOSCALER_DEFAULTS): number {
  return previousS === null ? config.initialBackoffS : Math.min(previousS * 2, config.maxBackoffS);
}

/**
 * A node's utilisation as the scale-down sees it: GPU nodes, requested GPUs over allocatable GPUs; others, the
 * larger of the CPU and memory request shares. DaemonSet pods count (`--ignore-daemonsets-utilization=false`).
 */
export function nodeUtilization(node: Pick<NodeView, 'allocatable' | 'pods'>): number {
  const used = requested(node.pods);
  if (node.allocatable.gpu > 0) return used.gpu / node.allocatable.gpu;
  const cpu = node.allocatable.cpuMilli > 0 ? used.cpuMilli / node.allocatable.cpuMilli : 0;
  const mem = node.allocatable.memoryMiB > 0 ? used.memoryMiB / node.allocatable.memoryMiB : 0;
  return Math.max(cpu, mem);
}

export interface ScaleDownState {
  /** Node id -> time it became unneeded (continuously since). */
  unneededSince: Readonly<Record<string, number>>;
  /** Time of the last scale-up, or null. */
  lastScaleUpAt: number | null;
}

export function emptyScaleDownState(): ScaleDownState {
  return { unneededSince: {}, lastScaleUpAt: null };
}

export interface ScaleDownPlan {
  /** Empty nodes to delete now (at most maxEmptyBulkDelete). */
  deleteEmpty: string[];
  /** A non-empty node to drain and delete now, or null. */
  drain: string | null;
  /** Where the drained node's pods would go (pod id -> node id), as simulated. */
  drainPlacement: Readonly<Record<string, string>>;
  /** Nodes currently unneeded (whether or not old enough). */
  unneeded: string[];
  reason: 'ScaleDownInCooldown' | 'Deleting' | 'NothingToDelete';
  state: ScaleDownState;
}

const movable = (p: PodRequest) => !p.daemon;

/**
 * Updates the unneeded set and decides deletions for one scan. Pass `scaledUpThisScan` when this scan requested
 * nodes (the real loop skips scale-down then).
 */
export function planScaleDown(
  pools: readonly PoolView[],
  nodes: readonly NodeView[],
  now: number,
  state: ScaleDownState,
  config: ClusterAutoscalerConfig = CLUSTER_AUTOSCALER_DEFAULTS,
  scaledUpThisScan = false,
): ScaleDownPlan {
  const ready = nodes.filter((n) => n.state === 'ready');
  const poolByName = new Map(pools.map((p) => [p.name, p]));
  // Free capacity of every ready node, updated as the simulation moves pods off candidates.
  const free = new Map(ready.map((n) => [n.id, freeResources(n)]));
  const unneeded = new Set<string>();
  const placements = new Map<string, Record<string, string>>();
  // Pods the simulation has moved onto a node: a later candidate must be able to move them on as well.
  const movedIn = new Map<string, PodRequest[]>();

  const candidates = [...ready].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const node of candidates) {
    if (nodeUtilization(node) >= config.scaleDownUtilizationThreshold) continue;
    const pods = [...node.pods.filter(movable), ...(movedIn.get(node.id) ?? [])];
    if (pods.some((p) => p.blocksScaleDown)) continue;
    // Try to move every pod to another ready node that is not itself going away; commit only if all fit.
    const trial = new Map(free);
    const placement: Record<string, string> = {};
    const moves: [string, PodRequest][] = [];
    let ok = true;
    for (const pod of [...pods].sort(bySize)) {
      const target = ready.find((t) => t.id !== node.id && !unneeded.has(t.id) && admits(pod, t.pool, t.allocatable) && fitsIn(pod.requests, trial.get(t.id) as Resources));
      if (!target) {
        ok = false;
        break;
      }
      trial.set(target.id, subtractResources(trial.get(target.id) as Resources, pod.requests));
      placement[pod.id] = target.id;
      moves.push([target.id, pod]);
    }
    if (!ok) continue;
    for (const [id, f] of trial) free.set(id, f);
    for (const [id, pod] of moves) movedIn.set(id, [...(movedIn.get(id) ?? []), pod]);
    unneeded.add(node.id);
    placements.set(node.id, placement);
  }

  const unneededSince: Record<string, number> = {};
  for (const id of unneeded) unneededSince[id] = state.unneededSince[id] ?? now;
  const next: ScaleDownState = { unneededSince, lastScaleUpAt: scaledUpThisScan ? now : state.lastScaleUpAt };
  const base = { unneeded: [...unneeded], state: next, drainPlacement: {} };

  const inCooldown = scaledUpThisScan || (next.lastScaleUpAt !== null && now - next.lastScaleUpAt < config.scaleDownDelayAfterAddS);
  if (inCooldown) return { ...base, deleteEmpty: [], drain: null, reason: 'ScaleDownInCooldown' };

  const sizes = new Map(pools.map((p) => [p.name, poolSize(nodes, p.name)]));
  const removable = (node: NodeView) => {
    const pool = poolByName.get(node.pool);
    return pool !== undefined && (sizes.get(node.pool) ?? 0) > pool.minNodes;
  };
  const ripe = candidates.filter((n) => unneeded.has(n.id) && now - (unneededSince[n.id] as number) >= config.scaleDownUnneededS);

  const deleteEmpty: string[] = [];
  for (const node of ripe) {
    if (deleteEmpty.length >= config.maxEmptyBulkDelete) break;
    if (node.pods.some(movable) || movedIn.has(node.id) || !removable(node)) continue;
    deleteEmpty.push(node.id);
    sizes.set(node.pool, (sizes.get(node.pool) ?? 0) - 1);
  }
  if (deleteEmpty.length > 0) return { ...base, deleteEmpty, drain: null, reason: 'Deleting' };

  const drain = ripe.find((n) => removable(n)) ?? null;
  if (drain) return { ...base, deleteEmpty: [], drain: drain.id, drainPlacement: placements.get(drain.id) ?? {}, reason: 'Deleting' };
  return { ...base, deleteEmpty: [], drain: null, reason: 'NothingToDelete' };
}
