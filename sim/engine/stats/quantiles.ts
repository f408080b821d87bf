/**
 * Exact quantiles over many samples (tested to 10^7): values go into a growable Float64Array (8 bytes
 * each, doubling as needed); the first quantile asked for sorts a copy once (sortFloat64.ts), and the sorted copy is
 * kept until the next `add`.
 *
 * Quantile definition: R's type 7 (also numpy's default "linear" and Excel's PERCENTILE.INC): for
 * sorted x_0..x_{n-1} and p in [0, 1], h = (n - 1) p, q = x_floor(h) + (h - floor(h)) (x_ceil(h) - x_floor(h)).
 */

import { sortedCopy } from './sortFloat64.ts';

/** Per-sample summary used in run results (architecture.md, the run --json contract). */
export interface QuantileSummary {
  mean: number;
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  max: number;
}

/** Type-7 quantile of ascending `sorted` (NaN when empty). */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`quantile needs p in [0, 1], got ${p}`);
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * p;
  const i = Math.floor(h);
  const lo = sorted[i]!;
  if (i + 1 >= n) return lo;
  return lo + (h - i) * (sorted[i + 1]! - lo);
}

/** The run summary's block (mean, p50, p90, p95, p99, max) of ascending `sorted`, whose mean is `mean`. */
export function quantileSummarySorted(sorted: ArrayLike<number>, mean: number): QuantileSummary {
  const n = sorted.length;
  return {
    mean,
    p50: quantileSorted(sorted, 0.5),
    p90: quantileSorted(sorted, 0.9),
    p95: quantileSorted(sorted, 0.95),
    p99: quantileSorted(sorted, 0.99),
    max: n > 0 ? sorted[n - 1]! : NaN,
  };
}

export class Samples {
  private buf: Float64Array;
  private n = 0;
  private sum = 0;
  private sorted: Float64Array | null = null;

  constructor(initialCapacity = 1024) {
    this.buf = new Float64Array(Math.max(16, initialCapacity));
  }

  get count(): number {
    return this.n;
  }

  add(x: number): void {
    if (this.n === this.buf.length) {
      const next = new Float64Array(this.buf.length * 2);
      next.set(this.buf);
      this.buf = next;
    }
    this.buf[this.n++] = x;
    this.sum += x;
    this.sorted = null;
  }

  /** The samples in insertion order (a view; do not keep it across `add`). */
  values(): Float64Array {
    return this.buf.subarray(0, this.n);
  }

  get mean(): number {
    return this.n > 0 ? this.sum / this.n : NaN;
  }

  /** Type-7 quantile (see the module comment); NaN when empty. */
  quantile(p: number): number {
    return quantileSorted(this.sortedValues(), p);
  }

  /** The samples in ascending order (cached; NaN sorts last). */
  sortedValues(): Float64Array {
    if (this.sorted === null) this.sorted = sortedCopy(this.buf.subarray(0, this.n));
    return this.sorted;
  }

  summary(): QuantileSummary {
    return quantileSummarySorted(this.sortedValues(), this.mean);
  }
}
