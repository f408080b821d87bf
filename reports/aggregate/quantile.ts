/** quantileSorted(sorted, p): the engine's R-7 quantile (linear between closest ranks, as numpy and d3-array). */
import { orderStatistics, quantileSorted, quantileSummaryInPlace } from '../../sim/engine/stats/index.ts';

export { quantileSorted };

/** The quantiles the run summary uses (architecture.md "Q"), plus the minimum and the count. */
export interface Quantiles {
  count: number;
  mean: number;
  min: number;
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  max: number;
}

/**
 * Count, mean, min, p50..p99 and max of `values` in any order, by selection instead of a sort (the run summary's
 * quantileSummaryInPlace, whose mean is the correctly rounded sum / n, plus the minimum); rearranges
 * `values` (a column made for the report).
 */
export function summarizeValues(values: Float64Array): Quantiles {
  const n = values.length;
  const q = quantileSummaryInPlace(values);
  return { count: n, mean: q.mean, min: n ? orderStatistics(values, [0], n)[0]! : NaN, p50: q.p50, p90: q.p90, p95: q.p95, p99: q.p99, max: q.max };
}

/** The finite values of `values` (NaN and infinities dropped), in their order, as a new array. */
export function finiteValues(values: Float64Array): Float64Array {
  const out = new Float64Array(values.length);
  let k = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isFinite(v)) out[k++] = v;
  }
  return out.slice(0, k);
}
