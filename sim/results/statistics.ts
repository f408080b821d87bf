/** The Stat and Q shapes of the run --json contract, computed by the engine's statistics. */
import { quantileSummarySorted, sortInPlace, sortedCopy, summarize, type QuantileSummary, type Stat } from '../engine/stats/index.ts';

export type { QuantileSummary, Stat };

/** One value per replication -> mean, sd, min, max and Student-t 95% interval (sd and interval null for one replication). */
export const replicationStat = (values: number[]): Stat => summarize(values);

/** Per-image values -> mean and type-7 quantiles (of a sorted copy: `values` is not changed). */
export function quantileSummary(values: Float64Array): QuantileSummary {
  return quantileSummaryOf(values.length === 0 ? values : sortedCopy(values));
}

/**
 * The same as `quantileSummary`, sorting `values` in place (a column made for the summary alone: no copy,
 * so a 10^7-image run's summary holds one column and one scratch array at a time, not seven columns).
 */
export function quantileSummarySorting(values: Float64Array): QuantileSummary {
  return quantileSummaryOf(sortInPlace(values));
}

/** Mean and quantiles of ascending `s`; the mean is summed in ascending order, as it always was, so that
 * it stays the same to the last bit whichever sort produced `s` (engine/stats/sortFloat64.ts). */
export function quantileSummaryOf(s: Float64Array): QuantileSummary {
  const n = s.length;
  if (n === 0) return { mean: NaN, p50: NaN, p90: NaN, p95: NaN, p99: NaN, max: NaN };
  let sum = 0;
  for (let i = 0; i < n; i++) sum += s[i]!;
  return quantileSummarySorted(s, sum / n);
}
