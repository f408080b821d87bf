/**
 * quantile(sorted, p) uses the R-7 method (linear interpolation between closest ranks, as numpy's default and
 * d3-array's quantileSorted). `sorted` must be ascending; returns NaN for an empty array.
 */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  if (p <= 0) return sorted[0]!;
  if (p >= 1) return sorted[n - 1]!;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const a = sorted[lo]!;
  const b = sorted[Math.min(lo + 1, n - 1)]!;
  return a + (b - a) * (h - lo);
}

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
