/** A growable column of numbers in a Float64Array: O(1) amortised append, no per-value objects. */
export class Column {
  private data: Float64Array;
  private n = 0;

  constructor(initialCapacity = 1024) {
    this.data = new Float64Array(Math.max(16, initialCapacity));
  }

  get length(): number {
    return this.n;
  }

  push(value: number): void {
    if (this.n === this.data.length) {
      const bigger = new Float64Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.n++] = value;
  }

  /** The values pushed so far (a view, not a copy). */
  values(): Float64Array {
    return this.data.subarray(0, this.n);
  }

  /** A sorted copy of the finite values, ready for quantiles and histograms. */
  sortedFinite(): Float64Array {
    const out = new Float64Array(this.n);
    let k = 0;
    for (let i = 0; i < this.n; i++) {
      const v = this.data[i]!;
      if (Number.isFinite(v)) out[k++] = v;
    }
    return out.subarray(0, k).sort();
  }
}
