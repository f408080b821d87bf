import { quantileSorted } from './quantile.ts';
import { orderStatistics, quantileInPlace } from '../../sim/engine/stats/index.ts';

/** One bin of a fixed-width histogram: [start, end) except the last bin, which also holds `end`. */
export interface HistogramBin {
  start: number;
  end: number;
  count: number;
}

/** Bins plus what fell beyond the last edge (rare outliers that would squash the rest into a few bars). */
export interface Histogram {
  bins: HistogramBin[];
  /** Values above the last bin's end. */
  overflow: number;
  /** Largest value, including overflow. */
  max: number;
  /** Smallest value. */
  min: number;
  /** Every value the same (to 6 significant digits): one bin, and charts say so rather than draw a lone bar. */
  constant: boolean;
}

/**
 * Bins start at 0 unless the values sit far from it: when their spread is under this fraction of the smallest value
 * (e.g. transfers of 0.50-0.54 s), bins start just below the smallest value so the spread is visible.
 */
export const NARROW_SPREAD = 0.25;

/** The share of values the bins must cover; the rest is counted as overflow and reported, never dropped silently. */
export const HISTOGRAM_COVERAGE = 0.999;

/** A "nice" step (1, 2 or 5 x 10^k) at least `raw`, so bin edges read well on an axis. */
export function niceStep(raw: number): number {
  if (!(raw > 0) || !Number.isFinite(raw)) return 1;
  const mag = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 5, 10]) if (m * mag >= raw * (1 - 1e-12)) return m * mag;
  return 10 * mag;
}

/**
 * Fixed-width bins from 0 (times are never negative; or from near the smallest value when the spread is narrow, see
 * NARROW_SPREAD) to a nice edge at or above the `coverage` quantile, with about
 * `targetBins` bins; values beyond the last edge are counted in `overflow`. Every finite value of `sorted`
 * (ascending) is counted exactly once: sum(bins) + overflow = length.
 */
export function histogramSorted(sorted: Float64Array, targetBins = 40, coverage = HISTOGRAM_COVERAGE): Histogram {
  const n = sorted.length;
  if (n === 0) return emptyHistogram();
  return binned(sorted, sorted[0]!, sorted[n - 1]!, quantileSorted(sorted, coverage), targetBins);
}

/**
 * histogramSorted's histogram of finite `values` in any order: the edges need only the minimum, the
 * maximum and the `coverage` quantile, which selection finds without sorting (sim/engine/stats/select.ts);
 * the counts need no order. Rearranges `values`.
 */
export function histogramOf(values: Float64Array, targetBins = 40, coverage = HISTOGRAM_COVERAGE): Histogram {
  const n = values.length;
  if (n === 0) return emptyHistogram();
  const hi = quantileInPlace(values, coverage);
  const [min, max] = orderStatistics(values, [0, n - 1], n) as [number, number];
  return binned(values, min, max, hi, targetBins);
}

const emptyHistogram = (): Histogram => ({ bins: [], overflow: 0, max: NaN, min: NaN, constant: false });

/** The bins of `values` (any order) given their minimum, maximum and the coverage quantile `hi`. */
function binned(values: Float64Array, min: number, max: number, hi: number, targetBins: number): Histogram {
  const n = values.length;
  if (Number(min.toPrecision(6)) === Number(max.toPrecision(6))) {
    const w = niceStep(Math.abs(min) / 100 || 0.01);
    const start = roundEdge(min - w / 2, w); // centred on the value
    return { bins: [{ start, end: roundEdge(start + w, w), count: n }], overflow: 0, max, min, constant: true };
  }
  const narrow = min > 0 && hi - min < NARROW_SPREAD * min;
  const lo = narrow ? min : Math.min(0, min);
  const step = niceStep((hi - lo) / targetBins || 1 / targetBins);
  const start = Math.floor(lo / step) * step;
  const bins = Math.max(1, Math.ceil((hi - start) / step - 1e-9)); // a value on the top edge joins the last bin
  const end = start + bins * step;
  const counts = new Float64Array(bins);
  let overflow = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    if (v > end + step * 1e-9) overflow++;
    else counts[Math.min(bins - 1, Math.floor((v - start) / step))]! += 1;
  }
  const out: HistogramBin[] = [];
  for (let k = 0; k < bins; k++) {
    out.push({ start: roundEdge(start + k * step, step), end: roundEdge(start + (k + 1) * step, step), count: counts[k]! });
  }
  return { bins: out, overflow, max, min, constant: false };
}

/** Removes float noise from an edge (0.30000000000000004 -> 0.3) given the step's precision. */
function roundEdge(x: number, step: number): number {
  const digits = Math.max(0, -Math.floor(Math.log10(step)) + 2);
  return Number(x.toFixed(Math.min(digits, 12)));
}
