/** The Stat and Q shapes of the run --json contract, computed by the engine's statistics. */
import { quantileSummaryInPlace, summarize, type QuantileSummary, type Stat } from '../engine/stats/index.ts';

export type { QuantileSummary, Stat };
export { quantileSummaryInPlace };

/** One value per replication -> mean, sd, min, max and Student-t 95% interval (sd and interval null for one replication). */
export const replicationStat = (values: number[]): Stat => summarize(values);

/**
 * Per-image values -> mean and type-7 quantiles, of a copy (`values` is not changed). A column made for
 * the summary alone goes to quantileSummaryInPlace instead: no copy, so a 10^7-image run's summary holds
 * one column at a time.
 */
export function quantileSummary(values: Float64Array): QuantileSummary {
  return quantileSummaryInPlace(Float64Array.from(values));
}
