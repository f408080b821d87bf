/**
 * The cluster autoscaler's scale-down decisions (the rules: clusterAutoscaler.ts): which running nodes could be
 * emptied onto the others (`findUnneeded`, the simulation), how long each has been unneeded, and what to delete now.
 */
import { admits, fitsIn, freeRoom, nodeUtilization, type Resources } from '../cluster/placement.ts';
import type { ClusterAutoscalerConfig } from '../config.ts';
import { bySize, give, poolSize, take, type NodeView, type PodRequest, type PoolView } from './clusterViews.ts';
import { FirstFitIndex } from './firstFit.ts';

export interface ScaleDownPlan {
  /** Empty nodes to delete now (at most maxBulkDelete). */
  deleteEmpty: string[];
  /** A non-empty node to drain and delete now, or null. */
  drain: string | null;
  /** Nodes unneeded now, with the time each became unneeded (continuously since). */
  unneededSince: Map<string, number>;
  reason: 'ScaleDownInCooldown' | 'Deleting' | 'NothingToDelete';
}

export type ScaleDownConfig = Pick<ClusterAutoscalerConfig, 'utilizationThreshold' | 'scaleDownUnneeded' | 'scaleDownDelayAfterAdd' | 'maxBulkDelete'>;

/**
 * Where the scale-down simulation may move a pod: the first running node, in the given order, that the pod
 * may run on (pool and GPU taint) and that has room, leaving out the excluded ones (the node being emptied,
 * nodes already found unneeded). Nodes of other pools never admit a pod, so each pool has its own first-fit
 * index (firstFit.ts) over its nodes in the same order, and the first fit in the pod's pool is the first
 * fit overall. A pool's index is built when a pod of that pool first needs a place, so scans without an
 * underused node build none.
 */
/**
 * Pools with fewer running nodes are searched linearly: in the 1-GPU 10^6 run (~38 running nodes, 27 fit
 * tests a pod) building the index each scan cost more than it saved; in the headline (~200 consumer nodes,
 * 225 fit tests a pod) the index does 15 times less work.
 */
const INDEX_FROM = 64;

class MoveTargets {
  private groups: Map<string, { index: FirstFitIndex | null; nodes: number[] }> | null = null;
  /** Each node's position in its pool's list. */
  private readonly position: Int32Array;
  private readonly excluded: Uint8Array;

  constructor(
    private readonly ready: readonly NodeView[],
    private readonly free: readonly Resources[],
  ) {
    this.position = new Int32Array(ready.length);
    this.excluded = new Uint8Array(ready.length);
  }

  first(pod: PodRequest): number {
    const group = this.pools().get(pod.pool);
    if (!group) return -1;
    const { nodes } = group;
    if (nodes.length < INDEX_FROM) return this.linearFirst(pod, nodes);
    const index = (group.index ??= this.build(nodes));
    const k = index.first(pod.requests, (k) => admits(pod.requests, pod.pool, this.ready[nodes[k]!]!) && fitsIn(pod.requests, this.free[nodes[k]!]!));
    return k < 0 ? -1 : nodes[k]!;
  }

  /** The same answer by trying the pool's nodes in order (few nodes: cheaper than building the index). */
  private linearFirst(pod: PodRequest, nodes: readonly number[]): number {
    for (const t of nodes) {
      if (this.excluded[t] === 0 && admits(pod.requests, pod.pool, this.ready[t]!) && fitsIn(pod.requests, this.free[t]!)) return t;
    }
    return -1;
  }

  /** Node t's free room changed (only nodes a search returned: their pool's index exists, if it has one). */
  changed(t: number): void {
    this.indexOf(t)?.refresh(this.position[t]!);
  }

  exclude(t: number, out: boolean): void {
    this.excluded[t] = out ? 1 : 0;
    this.indexOf(t)?.setExcluded(this.position[t]!, out);
  }

  private indexOf(t: number): FirstFitIndex | null {
    return this.pools().get(this.ready[t]!.pool)!.index;
  }

  /** The running nodes of each pool, in order. */
  private pools(): Map<string, { index: FirstFitIndex | null; nodes: number[] }> {
    if (this.groups === null) {
      const groups = new Map<string, { index: FirstFitIndex | null; nodes: number[] }>();
      this.ready.forEach((n, t) => {
        let g = groups.get(n.pool);
        if (!g) groups.set(n.pool, (g = { index: null, nodes: [] }));
        this.position[t] = g.nodes.length;
        g.nodes.push(t);
      });
      this.groups = groups;
    }
    return this.groups;
  }

  private build(nodes: readonly number[]): FirstFitIndex {
    const index = new FirstFitIndex(nodes.map((t) => this.free[t]!));
    nodes.forEach((t, k) => {
      if (this.excluded[t] === 1) index.setExcluded(k, true);
    });
    return index;
  }
}

/** Which running nodes could be emptied: what planScaleDown's simulation finds, before the clock and the cooldowns. */
export interface UnneededNodes {
  /** The running nodes, in the order given; `unneeded` and `movedIn` (pods simulated onto a node) index it. */
  ready: readonly NodeView[];
  unneeded: ReadonlySet<number>;
  movedIn: ReadonlyMap<number, readonly PodRequest[]>;
}

/**
 * The scale-down simulation of one scan. Nodes are judged in the order given (the controller passes
 * creation order). A node's pods are simulated onto the other running nodes that are not themselves
 * unneeded; a later candidate must be able to move the pods simulated onto it as well. A function of
 * the nodes alone (and the threshold): a caller whose nodes did not change may keep the answer.
 */
export function findUnneeded(nodes: readonly NodeView[], utilizationThreshold: number): UnneededNodes {
  const ready = nodes.filter((n) => n.state === 'running');
  const free = ready.map(freeRoom);
  const targets = new MoveTargets(ready, free);
  const unneeded = new Set<number>();
  const movedIn = new Map<number, PodRequest[]>();
  const moves: [number, PodRequest][] = [];

  for (let i = 0; i < ready.length; i++) {
    const node = ready[i]!;
    if (nodeUtilization(node) >= utilizationThreshold) continue;
    const pods = [...node.pods, ...(movedIn.get(i) ?? [])].sort(bySize);
    moves.length = 0;
    let ok = true;
    targets.exclude(i, true); // a node's pods move to other nodes
    for (const pod of pods) {
      const target = targets.first(pod);
      if (target < 0) {
        ok = false;
        break;
      }
      take(free[target]!, pod.requests);
      targets.changed(target);
      moves.push([target, pod]);
    }
    if (!ok) {
      for (const [t, pod] of moves) {
        give(free[t]!, pod.requests);
        targets.changed(t);
      }
      targets.exclude(i, false);
      continue;
    }
    for (const [t, pod] of moves) movedIn.set(t, [...(movedIn.get(t) ?? []), pod]);
    unneeded.add(i); // stays excluded: an unneeded node takes no moved pods
  }
  return { ready, unneeded, movedIn };
}

/**
 * Updates the unneeded set and decides deletions for one scan (the simulation: findUnneeded, of these
 * `nodes`; `found` passes one already made of the same nodes).
 */
export function planScaleDown(
  pools: readonly PoolView[],
  nodes: readonly NodeView[],
  now: number,
  previousUnneededSince: ReadonlyMap<string, number>,
  lastScaleUpAt: number,
  config: ScaleDownConfig,
  found: UnneededNodes = findUnneeded(nodes, config.utilizationThreshold),
): ScaleDownPlan {
  const unneededSince = markUnneeded(found, previousUnneededSince, now);
  return pickDeletions(pools, nodes, now, unneededSince, lastScaleUpAt, config, found);
}

/**
 * When each node `found` unneeded became so: its time in the previous scan's map, or now. A caller whose `found`
 * is the one its previous map was made from gets that map's entries again, in the same order, and may keep it.
 */
export function markUnneeded(found: UnneededNodes, previousUnneededSince: ReadonlyMap<string, number>, now: number): Map<string, number> {
  const unneededSince = new Map<string, number>();
  for (const i of found.unneeded) {
    const name = found.ready[i]!.name;
    unneededSince.set(name, previousUnneededSince.get(name) ?? now);
  }
  return unneededSince;
}

/**
 * The deletions of one scan, given `found` (findUnneeded of these `nodes`) and the unneeded times (markUnneeded).
 * `sizes`: each pool's size among `nodes` (poolSize), when the caller has counted them already.
 */
export function pickDeletions(
  pools: readonly PoolView[],
  nodes: readonly NodeView[],
  now: number,
  unneededSince: Map<string, number>,
  lastScaleUpAt: number,
  config: ScaleDownConfig,
  found: UnneededNodes,
  sizes?: ReadonlyMap<string, number>,
): ScaleDownPlan {
  const { ready, unneeded, movedIn } = found;
  if (now - lastScaleUpAt < config.scaleDownDelayAfterAdd) return { deleteEmpty: [], drain: null, unneededSince, reason: 'ScaleDownInCooldown' };

  const ripe: number[] = [];
  for (const i of unneeded) if (now - unneededSince.get(ready[i]!.name)! >= config.scaleDownUnneeded) ripe.push(i);
  // most scans have no node unneeded for long enough: the answer below, without its maps (a cheap exit; its gain
  // is within callgrind's build-to-build noise)
  if (ripe.length === 0) return { deleteEmpty: [], drain: null, unneededSince, reason: 'NothingToDelete' };

  const poolByName = new Map(pools.map((p) => [p.name, p]));
  const left = sizes ? new Map(sizes) : new Map(pools.map((p) => [p.name, poolSize(nodes, p.name)]));
  const removable = (node: NodeView) => (left.get(node.pool) ?? 0) > (poolByName.get(node.pool)?.minNodes ?? Infinity);

  const deleteEmpty: string[] = [];
  for (const i of ripe) {
    const node = ready[i]!;
    if (deleteEmpty.length >= config.maxBulkDelete) break;
    if (node.pods.length > 0 || movedIn.has(i) || !removable(node)) continue;
    deleteEmpty.push(node.name);
    left.set(node.pool, left.get(node.pool)! - 1);
  }
  if (deleteEmpty.length > 0) return { deleteEmpty, drain: null, unneededSince, reason: 'Deleting' };

  const drain = ripe.map((i) => ready[i]!).find(removable);
  return drain ? { deleteEmpty, drain: drain.name, unneededSince, reason: 'Deleting' } : { deleteEmpty, drain: null, unneededSince, reason: 'NothingToDelete' };
}
