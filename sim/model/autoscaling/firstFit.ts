/**
 * "The first node, in order, that can take this pod", asked many times while free room changes: the
 * scale-down simulation (clusterAutoscaler.ts planScaleDown) asks it for every pod of every underused node.
 * Scanning all nodes each time made a scan cost nodes x pods x nodes (30 million fit tests in the headline
 * run's 1,885 scans, with ~240 nodes: mostly full nodes passed over).
 *
 * A tournament tree over the nodes, in their order, keeps the largest free CPU, memory and GPU of each
 * subtree. A subtree whose largest free CPU (or memory, or GPU) cannot hold the pod holds no node that fits,
 * so the search skips it; a leaf is still judged by the caller's exact test. The answer is therefore the
 * same first node a linear scan finds, found in about log(nodes) steps when room is scarce. The maxima only
 * prune: that they come from different nodes never changes an answer, only how far the search looks.
 */
import type { Resources } from '../cluster/placement.ts';

/** The fit test's rounding tolerances (placement.ts fitsIn): pruning must never be stricter than the test. */
const CPU_EPS = 1e-9;
const MEMORY_EPS = 1e-3;

export class FirstFitIndex {
  private readonly size: number;
  private readonly cpu: Float64Array;
  private readonly memory: Float64Array;
  private readonly gpu: Float64Array;
  private readonly excluded: Uint8Array;

  /** `free[k]`: the free room of the k-th node (the objects are read again on `refresh`). */
  constructor(private readonly free: readonly Resources[]) {
    let size = 1;
    while (size < free.length) size *= 2;
    this.size = size;
    this.cpu = new Float64Array(2 * size).fill(-Infinity);
    this.memory = new Float64Array(2 * size).fill(-Infinity);
    this.gpu = new Float64Array(2 * size).fill(-Infinity);
    this.excluded = new Uint8Array(free.length);
    for (let k = 0; k < free.length; k++) {
      const f = free[k]!;
      this.cpu[size + k] = f.cpu;
      this.memory[size + k] = f.memoryBytes;
      this.gpu[size + k] = f.gpu;
    }
    for (let v = size - 1; v >= 1; v--) this.pull(v);
  }

  /** Node k's free room changed (or its exclusion did): its leaf and the maxima above it. */
  refresh(k: number): void {
    const leaf = this.size + k;
    const f = this.free[k]!;
    const out = this.excluded[k] === 1;
    this.cpu[leaf] = out ? -Infinity : f.cpu;
    this.memory[leaf] = out ? -Infinity : f.memoryBytes;
    this.gpu[leaf] = out ? -Infinity : f.gpu;
    for (let v = leaf >> 1; v >= 1; v >>= 1) this.pull(v);
  }

  /** Leaves node k out of (or back into) the searches. */
  setExcluded(k: number, out: boolean): void {
    this.excluded[k] = out ? 1 : 0;
    this.refresh(k);
  }

  /** The smallest k, not excluded, for which `accepts(k)` holds; -1 if none. `accepts` must imply that `r` fits in free[k]. */
  first(r: Resources, accepts: (k: number) => boolean): number {
    return this.search(1, r, accepts);
  }

  private search(v: number, r: Resources, accepts: (k: number) => boolean): number {
    if (r.cpu > this.cpu[v]! + CPU_EPS || r.memoryBytes > this.memory[v]! + MEMORY_EPS || r.gpu > this.gpu[v]!) return -1;
    if (v >= this.size) {
      const k = v - this.size;
      return this.excluded[k] === 0 && accepts(k) ? k : -1;
    }
    const left = this.search(2 * v, r, accepts);
    return left >= 0 ? left : this.search(2 * v + 1, r, accepts);
  }

  private pull(v: number): void {
    const a = 2 * v;
    const b = a + 1;
    this.cpu[v] = Math.max(this.cpu[a]!, this.cpu[b]!);
    this.memory[v] = Math.max(this.memory[a]!, this.memory[b]!);
    this.gpu[v] = Math.max(this.gpu[a]!, this.gpu[b]!);
  }
}
