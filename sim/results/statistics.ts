/**
 * The Stat and Q shapes of the run --json contract. Temporary local implementation; to be
 * re-pointed at sim/engine/stats once it lands.
 */
export interface Stat {
  mean: number;
  sd: number;
  min: number;
  max: number;
  ci95: [number, number];
}

export interface QuantileSummary {
  mean: number;
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  max: number;
}

// two-sided 95% Student-t quantiles t_{0.975, df} for df = 1..30 (standard tables)
const T975 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042];

export function replicationStat(values: number[]): Stat {
  const n = values.length;
  if (n === 0) return { mean: NaN, sd: NaN, min: NaN, max: NaN, ci95: [NaN, NaN] };
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const sd = n > 1 ? Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1)) : 0;
  const t = n > 1 ? (T975[n - 2] ?? 1.96) : 0;
  const h = n > 1 ? (t * sd) / Math.sqrt(n) : 0;
  return { mean, sd, min: Math.min(...values), max: Math.max(...values), ci95: [mean - h, mean + h] };
}

export function quantileSummary(values: Float64Array): QuantileSummary {
  const n = values.length;
  if (n === 0) return { mean: NaN, p50: NaN, p90: NaN, p95: NaN, p99: NaN, max: NaN };
  const s = Float64Array.from(values).sort();
  let sum = 0;
  for (let i = 0; i < n; i++) sum += s[i]!;
  // type 7 (linear interpolation between order statistics)
  const q = (p: number) => {
    const h = (n - 1) * p;
    const lo = Math.floor(h);
    return s[lo]! + (h - lo) * ((s[Math.min(lo + 1, n - 1)]! - s[lo]!));
  };
  return { mean: sum / n, p50: q(0.5), p90: q(0.9), p95: q(0.95), p99: q(0.99), max: s[n - 1]! };
}
