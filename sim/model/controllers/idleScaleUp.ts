/**
 * The last scale-up plan that asked for no nodes, and what it was made from, so that a scan may skip planning
 * again. planScaleUp (autoscaling/clusterAutoscaler.ts) reads the nodes (every node's pool and state, the room on
 * the upcoming ones), the pending pods, the pools' fixed templates and bounds, and the clock only through "is
 * this pool in backoff now". The cluster's nodes version changes with everything a node view shows, so while the
 * version, the pending pods (same requests, same order) and each pool's backoff status are as they were, the
 * plan would again ask for nothing. A plan that asked for nodes is never kept: its requests change the nodes.
 *
 * What it buys: in the headline run 410 of the 645 scans with pending pods (~98 of them, sorted and binpacked
 * per pool each time) saw nothing new since a plan that asked for nothing; callgrind at 10^5 images (instructions
 * outside the compiler, test/bench/instructions.ts): headline -0.97%, 1-GPU cell -0.32%.
 */
import type { PodRequest, PoolView } from '../autoscaling/clusterAutoscaler.ts';

export class IdleScaleUp {
  private version = NaN;
  private pending: readonly PodRequest[] = [];
  private backedOff = -1;

  /** Whether a plan from these inputs is known to ask for nothing (the last idle plan had the same inputs). */
  holds(nodesVersion: number, pending: readonly PodRequest[], pools: readonly PoolView[], now: number): boolean {
    if (nodesVersion !== this.version || backoffMask(pools, now) !== this.backedOff) return false;
    const kept = this.pending;
    if (kept.length !== pending.length) return false;
    for (let i = 0; i < kept.length; i++) if (kept[i] !== pending[i]) return false;
    return true;
  }

  /** A plan from these inputs asked for nothing. */
  remember(nodesVersion: number, pending: readonly PodRequest[], pools: readonly PoolView[], now: number): void {
    this.version = nodesVersion;
    this.pending = pending;
    this.backedOff = backoffMask(pools, now);
  }
}

/** Bit i: pool i is in backoff at `now` (planScaleUp's test, `now < backoffUntil`). */
function backoffMask(pools: readonly PoolView[], now: number): number {
  let mask = 0;
  for (let i = 0; i < pools.length; i++) if (now < pools[i]!.backoffUntil) mask |= 1 << i;
  return mask;
}
