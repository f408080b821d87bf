/**
 * Exact quantiles over many samples (tested to 10^7): values go into a growable Float64Array (8 bytes
 * each, doubling as needed); the first quantile asked for sorts a copy once (sortFloat64.ts), and the sorted copy is
 * kept until the next `add`.
 *
 * Quantile definition: R's type 7 (also numpy's default "linear" and Excel's PERCENTILE.INC): for
 * sorted x_0..x_{n-1} and p in [0, 1], h = (n - 1) p, q = x_floor(h) + (h - floor(h)) (x_ceil(h) - x_floor(h)).
 */

import { ExactSum } from './exactSum.ts';
import { orderStatistics, setNaNsAside } from './select.ts';
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

function checkP(p: number): void {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`quantile needs p in [0, 1], got ${p}`);
}

/** The position of the lower of the two order statistics type 7 interpolates between (n > 0). */
const lowerRank = (n: number, p: number): number => Math.floor((n - 1) * p);

/** Type 7 from the order statistics at lowerRank(n, p) and the next one (`hi` unread when there is none). */
function interpolate(n: number, p: number, lo: number, hi: number): number {
  const h = (n - 1) * p;
  const i = Math.floor(h);
  if (i + 1 >= n) return lo;
  return lo + (h - i) * (hi - lo);
}

/** Type-7 quantile of ascending `sorted` (NaN when empty). */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  checkP(p);
  const n = sorted.length;
  if (n === 0) return NaN;
  const i = lowerRank(n, p);
  return interpolate(n, p, sorted[i]!, sorted[Math.min(i + 1, n - 1)]!);
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

/** The summary's quantile levels, in the order of QuantileSummary's fields. */
const SUMMARY_LEVELS = [0.5, 0.9, 0.95, 0.99] as const;

/**
 * The run summary's block of `values` in any order, by selection (select.ts) instead of a sort: the
 * same quantiles to the bit as quantileSummarySorted of the sorted values, and the mean as the
 * correctly rounded sum / n (exactSum.ts), which no order changes. Rearranges `values` (a column
 * made for the summary). `sum`: the ExactSum of `values` when the caller has it (a pooled column's
 * is the sum of its parts'), else it is computed here.
 */
export function quantileSummaryInPlace(values: Float64Array, sum: ExactSum = new ExactSum().addAll(values)): QuantileSummary {
  const n = values.length;
  if (n === 0) return { mean: NaN, p50: NaN, p90: NaN, p95: NaN, p99: NaN, max: NaN };
  const finite = sum.nanCount > 0 ? setNaNsAside(values) : n;
  const ranks = SUMMARY_LEVELS.map((p) => lowerRank(n, p));
  // each level's two neighbouring order statistics, then the maximum
  const ks = [...ranks.flatMap((i) => [i, Math.min(i + 1, n - 1)]), n - 1];
  const x = orderStatistics(values, ks, finite);
  const q = (level: number) => interpolate(n, SUMMARY_LEVELS[level]!, x[2 * level]!, x[2 * level + 1]!);
  return { mean: sum.value() / n, p50: q(0), p90: q(1), p95: q(2), p99: q(3), max: x[x.length - 1]! };
}

/** Type-7 quantile of `values` in any order by selection (NaN when empty); rearranges `values`. */
export function quantileInPlace(values: Float64Array, p: number): number {
  checkP(p);
  const n = values.length;
  if (n === 0) return NaN;
  const i = lowerRank(n, p);
  const [lo, hi] = orderStatistics(values, [i, Math.min(i + 1, n - 1)]);
  return interpolate(n, p, lo!, hi!);
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
