/** quantileSorted(sorted, p): the engine's R-7 quantile (linear between closest ranks, as numpy and d3-array). */
import { quantileSorted } from '../../sim/engine/stats/index.ts';

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

export function summarizeSorted(sorted: Float64Array): Quantiles {
  let sum = 0;
  for (let i = 0; i < sorted.length; i++) sum += sorted[i]!;
  const n = sorted.length;
  return {
    count: n,
    mean: n ? sum / n : NaN,
    min: n ? sorted[0]! : NaN,
    p50: quantileSorted(sorted, 0.5),
    p90: quantileSorted(sorted, 0.9),
    p95: quantileSorted(sorted, 0.95),
    p99: quantileSorted(sorted, 0.99),
    max: n ? sorted[n - 1]! : NaN,
  };
}

/** The finite values of `values`, sorted ascending (NaN and infinities dropped). */
export function sortedFinite(values: Float64Array): Float64Array {
  const out = new Float64Array(values.length);
  let k = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isFinite(v)) out[k++] = v;
  }
  return out.subarray(0, k).sort();
}
