/** The Stat and Q shapes of the run --json contract, computed by the engine's statistics. */
import { quantileSummarySorted, sortedCopy, summarize, type QuantileSummary, type Stat } from '../engine/stats/index.ts';

export type { QuantileSummary, Stat };

/** One value per replication -> mean, sd, min, max and Student-t 95% interval (sd and interval null for one replication). */
export const replicationStat = (values: number[]): Stat => summarize(values);

/**
 * Per-image values -> mean and type-7 quantiles. Sorts a copy (in linear time: engine/stats/sortFloat64.ts);
 * the mean is summed in ascending order, as it always was, so that it stays the same to the last bit.
 */
export function quantileSummary(values: Float64Array): QuantileSummary {
  const n = values.length;
  if (n === 0) return { mean: NaN, p50: NaN, p90: NaN, p95: NaN, p99: NaN, max: NaN };
  const s = sortedCopy(values);
  let sum = 0;
  for (let i = 0; i < n; i++) sum += s[i]!;
  return quantileSummarySorted(s, sum / n);
}
