/**
 * A binary min-heap of (key, id) pairs in typed arrays: keys are numbers (times), ids are
 * non-negative integers; ties in key are broken by the smaller id, so the order is deterministic.
 * For hot paths that push and pop millions of times (no allocation per operation).
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
    const keys = this.keys;
    const ids = this.ids;
    let i = this.n++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pk = keys[p]!;
      if (pk < key || (pk === key && ids[p]! < id)) break;
      keys[i] = pk;
      ids[i] = ids[p]!;
      i = p;
    }
    keys[i] = key;
    ids[i] = id;
  }

  /** Removes the smallest entry and returns its id (-1 when empty). */
  pop(): number {
    if (this.n === 0) return -1;
    const keys = this.keys;
    const ids = this.ids;
    const top = ids[0]!;
    const m = --this.n;
    if (m > 0) {
      const key = keys[m]!;
      const id = ids[m]!;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= m) break;
        let c = l;
        const r = l + 1;
        if (r < m) {
          const kr = keys[r]!;
          const kl = keys[l]!;
          if (kr < kl || (kr === kl && ids[r]! < ids[l]!)) c = r;
        }
        const kc = keys[c]!;
        if (key < kc || (key === kc && id < ids[c]!)) break;
        keys[i] = kc;
        ids[i] = ids[c]!;
        i = c;
      }
      keys[i] = key;
      ids[i] = id;
    }
    return top;
  }

  /** Removes the entry with this id, if present (O(n)). */
  remove(id: number): boolean {
    for (let i = 0; i < this.n; i++) {
      if (this.ids[i] === id) {
        const keys: number[] = [];
        const ids: number[] = [];
        for (let j = 0; j < this.n; j++) {
          if (j === i) continue;
          keys.push(this.keys[j]!);
          ids.push(this.ids[j]!);
        }
        this.n = 0;
        for (let j = 0; j < keys.length; j++) this.push(keys[j]!, ids[j]!);
        return true;
      }
    }
    return false;
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
