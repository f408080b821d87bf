/**
 * A binary min-heap of (key, id) pairs in typed arrays: keys are numbers (times), ids are
 * non-negative integers; ties in key are broken by the smaller id, so the order is deterministic.
 * For hot paths that push and pop millions of times (no allocation per operation).
 * Its sift loops mirror eventQueue.ts's on purpose; that file says why they are not shared.
 */
export class IndexHeap {
  private keys: Float64Array;
  private ids: Int32Array;
  private n = 0;

  constructor(capacity = 64) {
    this.keys = new Float64Array(capacity);
    this.ids = new Int32Array(capacity);
  }

  get size(): number {
    return this.n;
  }

  /** Smallest key, Infinity when empty. */
  peekKey(): number {
    return this.n > 0 ? this.keys[0]! : Infinity;
  }

  /** Id of the smallest key (-1 when empty). */
  peekId(): number {
    return this.n > 0 ? this.ids[0]! : -1;
  }

  push(key: number, id: number): void {
    if (this.n === this.keys.length) this.grow();
    this.siftUp(this.n++, key, id);
  }

  /** Removes the smallest entry and returns its id (-1 when empty). */
  pop(): number {
    if (this.n === 0) return -1;
    const top = this.ids[0]!;
    const m = --this.n;
    if (m > 0) this.siftDown(0, this.keys[m]!, this.ids[m]!);
    return top;
  }

  /**
   * Removes the entry with this id, if present: O(n) to find it, O(log n) to restore the heap (the
   * last entry takes its place and moves up or down). The (key, id) order is total, so the order of
   * later pops does not depend on how the heap was rearranged.
   */
  remove(id: number): boolean {
    const ids = this.ids;
    let i = 0;
    while (i < this.n && ids[i] !== id) i++;
    if (i === this.n) return false;
    const m = --this.n;
    if (i === m) return true;
    const key = this.keys[m]!;
    const last = ids[m]!;
    const p = (i - 1) >> 1;
    if (i > 0 && before(key, last, this.keys[p]!, ids[p]!)) this.siftUp(i, key, last);
    else this.siftDown(i, key, last);
    return true;
  }

  /** Places (key, id) at hole `i` or above it. */
  private siftUp(i: number, key: number, id: number): void {
    const keys = this.keys;
    const ids = this.ids;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!before(key, id, keys[p]!, ids[p]!)) break;
      keys[i] = keys[p]!;
      ids[i] = ids[p]!;
      i = p;
    }
    keys[i] = key;
    ids[i] = id;
  }

  /** Places (key, id) at hole `i` or below it, among the first `n` entries. */
  private siftDown(i: number, key: number, id: number): void {
    const keys = this.keys;
    const ids = this.ids;
    const m = this.n;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= m) break;
      let c = l;
      const r = l + 1;
      if (r < m && before(keys[r]!, ids[r]!, keys[l]!, ids[l]!)) c = r;
      if (!before(keys[c]!, ids[c]!, key, id)) break;
      keys[i] = keys[c]!;
      ids[i] = ids[c]!;
      i = c;
    }
    keys[i] = key;
    ids[i] = id;
  }

  private grow(): void {
    const k = new Float64Array(this.keys.length * 2);
    k.set(this.keys);
    const d = new Int32Array(this.ids.length * 2);
    d.set(this.ids);
    this.keys = k;
    this.ids = d;
  }
}

/** The heap's order: smaller key first, then smaller id. */
function before(k1: number, id1: number, k2: number, id2: number): boolean {
  return k1 < k2 || (k1 === k2 && id1 < id2);
}
