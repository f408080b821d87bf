/**
 * A binary min-heap of items ordered by a numeric key, ties broken by insertion order (FIFO), so
 * results never depend on the heap's internal layout.
 */
export class MinHeap<T> {
  private keys: number[] = [];
  private seqs: number[] = [];
  private items: T[] = [];
  private seq = 0;

  get size(): number {
    return this.items.length;
  }

  peekKey(): number {
    return this.items.length ? this.keys[0]! : Infinity;
  }

  peek(): T | undefined {
    return this.items[0];
  }

  push(key: number, item: T): void {
    const keys = this.keys;
    const seqs = this.seqs;
    const items = this.items;
    const s = this.seq++;
    let i = items.length;
    keys.push(key);
    seqs.push(s);
    items.push(item);
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pk = keys[p]!;
      if (pk < key || (pk === key && seqs[p]! < s)) break;
      keys[i] = pk;
      seqs[i] = seqs[p]!;
      items[i] = items[p]!;
      i = p;
    }
    keys[i] = key;
    seqs[i] = s;
    items[i] = item;
  }

  pop(): T | undefined {
    const items = this.items;
    const n = items.length;
    if (n === 0) return undefined;
    const top = items[0]!;
    const keys = this.keys;
    const seqs = this.seqs;
    const lastKey = keys.pop()!;
    const lastSeq = seqs.pop()!;
    const last = items.pop()!;
    const m = n - 1;
    if (m > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= m) break;
        const r = l + 1;
        let c = l;
        if (r < m && (keys[r]! < keys[l]! || (keys[r] === keys[l] && seqs[r]! < seqs[l]!))) c = r;
        if (lastKey < keys[c]! || (lastKey === keys[c] && lastSeq < seqs[c]!)) break;
        keys[i] = keys[c]!;
        seqs[i] = seqs[c]!;
        items[i] = items[c]!;
        i = c;
      }
      keys[i] = lastKey;
      seqs[i] = lastSeq;
      items[i] = last;
    }
    return top;
  }

  /** Removes every item for which `drop` is true (O(n log n)). */
  removeWhere(drop: (item: T) => boolean): void {
    const kept: [number, T][] = [];
    while (this.items.length) {
      const k = this.peekKey();
      const it = this.pop()!;
      if (!drop(it)) kept.push([k, it]);
    }
    for (const [k, it] of kept) this.push(k, it);
  }
}
