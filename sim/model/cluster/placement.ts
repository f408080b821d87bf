/**
 * Pod placement arithmetic: does a pod fit on a node, which node the scheduler binds it to, and how full a node
 * is. The one placement rule of the model: the cluster's scheduler (cluster.ts) and the cluster autoscaler's
 * what-if packing (autoscaling/clusterAutoscaler.ts) both use it.
 *
 * A node fits when its allocatable minus the requests of the pods bound to it covers the pod's requests (with a
 * rounding tolerance: requests are sums of decimal fractions). Pods are pinned to a pool (node selector); GPU
 * nodes carry GKE's automatic `nvidia.com/gpu` NoSchedule taint, so pods that request no GPU stay off them. The
 * scheduler binpacks: the fullest running node that fits (Kubernetes' MostAllocated score, how consumer pods
 * fill their pool's machines); ties go to the earlier node, so placement is deterministic.
 *
 * Nodes are read through `NodeLoad`, flat numbers the cluster keeps current as pods bind and leave, so the
 * scheduler reads live nodes without copying.
 */
import type { PodResources } from '../config.ts';

/** CPU in cores, memory in bytes, whole GPUs. */
export type Resources = PodResources;

/** A node's allocatable and the requests of the pods bound to it. */
export interface NodeLoad {
  pool: string;
  cpu: number;
  memoryBytes: number;
  gpus: number;
  usedCpu: number;
  usedMemory: number;
  usedGpus: number;
}

/** Rounding tolerances of the fit test: a nano-core and a milli-byte. */
const CPU_EPS = 1e-9;
const MEMORY_EPS = 1e-3;

/** Does `r` fit in the free room `free` (allocatable minus requests)? */
export function fitsIn(r: Resources, free: Resources): boolean {
  return r.cpu <= free.cpu + CPU_EPS && r.memoryBytes <= free.memoryBytes + MEMORY_EPS && r.gpu <= free.gpu;
}

/** Does `r` fit on `node` beside the pods already bound to it? */
export function fits(node: NodeLoad, r: Resources): boolean {
  return node.usedCpu + r.cpu <= node.cpu + CPU_EPS && node.usedMemory + r.memoryBytes <= node.memoryBytes + MEMORY_EPS && node.usedGpus + r.gpu <= node.gpus;
}

/** The node's free room. */
export function freeRoom(node: NodeLoad): Resources {
  return { cpu: node.cpu - node.usedCpu, memoryBytes: node.memoryBytes - node.usedMemory, gpu: node.gpus - node.usedGpus };
}

/** May a pod pinned to `podPool` and requesting `r` run on `node` at all (selector and GPU taint; not room)? */
export function admits(r: Resources, podPool: string, node: Pick<NodeLoad, 'pool' | 'gpus'>): boolean {
  return podPool === node.pool && !(node.gpus > 0 && r.gpu === 0);
}

/** Mean of the CPU and memory shares requested on `node` if `extra` were added (the MostAllocated score). */
export function allocatedShare(node: NodeLoad, extra: Resources): number {
  const cpu = node.cpu > 0 ? (node.usedCpu + extra.cpu) / node.cpu : 0;
  const mem = node.memoryBytes > 0 ? (node.usedMemory + extra.memoryBytes) / node.memoryBytes : 0;
  return (cpu + mem) / 2;
}

/**
 * The scheduler: the fullest running node of `pool` that admits and fits a pod requesting `r`, or null.
 * Ties go to the earlier node.
 */
export function placePod<N extends NodeLoad & { state: string }>(r: Resources, pool: string, nodes: readonly N[]): N | null {
  let best: N | null = null;
  let bestScore = -Infinity;
  for (const n of nodes) {
    if (n.state !== 'running' || !admits(r, pool, n) || !fits(n, r)) continue;
    const score = allocatedShare(n, r);
    if (score > bestScore) {
      best = n;
      bestScore = score;
    }
  }
  return best;
}

/**
 * The scheduler placing the pods of one ReplicaSet scale-up in a row (one pool, one request), each bound before
 * the next is asked for and nothing else changing the nodes meanwhile: the nodes placePod would pick, mostly
 * without a pass over every node. The node that just took a pod now scores higher than before (it is fuller)
 * while every other node scores and fits as it did, so if it still fits it is again the best; once no node fits,
 * none fits later. What it buys: the headline's HPAs create ~16,000 pods in ~300 scale-ups over ~200 nodes;
 * callgrind at 10^5 images (instructions outside the compiler): headline -0.30%, 1-GPU cell -0.84%.
 */
export class PlacementRun<N extends NodeLoad & { state: string }> {
  /** The node given the last pod (undefined: none asked for yet; null: none fitted). */
  private last: N | null | undefined = undefined;
  private lastScore = -Infinity;

  constructor(
    private readonly r: Resources,
    private readonly pool: string,
    private readonly nodes: readonly N[],
  ) {}

  /** Where the next pod goes (the caller binds it there before asking again), or null. */
  next(): N | null {
    const last = this.last;
    if (last === null) return null;
    if (last !== undefined && fits(last, this.r)) {
      const score = allocatedShare(last, this.r);
      // strictly higher than when it was the best (ties go to the earlier node: equal would need the search)
      if (score > this.lastScore) {
        this.lastScore = score;
        return last;
      }
    }
    const best = placePod(this.r, this.pool, this.nodes);
    this.last = best;
    if (best !== null) this.lastScore = allocatedShare(best, this.r);
    return best;
  }
}

/**
 * A node's utilisation as the cluster autoscaler's scale-down sees it: GPU nodes, requested GPUs over
 * allocatable GPUs; others, the larger of the CPU and memory request shares.
 */
export function nodeUtilization(node: NodeLoad): number {
  if (node.gpus > 0) return node.usedGpus / node.gpus;
  const cpu = node.cpu > 0 ? node.usedCpu / node.cpu : 0;
  const mem = node.memoryBytes > 0 ? node.usedMemory / node.memoryBytes : 0;
  return Math.max(cpu, mem);
}
