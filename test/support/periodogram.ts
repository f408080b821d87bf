/**
 * The dominant period of a noisy signal sampled at irregular times (e.g. each image's serving time at its
 * finish time): values are averaged into bins of `bin` seconds (empty bins take the previous bin's value),
 * a centred moving average over `detrend` seconds is subtracted, and the periodogram |DFT|^2 is evaluated
 * at every period from `minPeriod` to `maxPeriod` in steps of `bin`. Returns the period of the highest
 * power and how far that peak stands above the median power of the band (its prominence).
 */
export interface PeriodEstimate {
  period: number;
  power: number;
  prominence: number;
}

export function binnedSeries(times: ArrayLike<number>, values: ArrayLike<number>, from: number, to: number, bin: number): Float64Array {
  const n = Math.max(1, Math.floor((to - from) / bin));
  const sum = new Float64Array(n);
  const count = new Float64Array(n);
  for (let i = 0; i < times.length; i++) {
    const k = Math.floor((times[i]! - from) / bin);
    if (k < 0 || k >= n || !Number.isFinite(values[i]!)) continue;
    sum[k] += values[i]!;
    count[k]++;
  }
  const out = new Float64Array(n);
  let last = 0;
  for (let k = 0; k < n; k++) {
    if (count[k]! > 0) last = sum[k]! / count[k]!;
    out[k] = last;
  }
  return out;
}

export function dominantPeriod(series: Float64Array, bin: number, minPeriod: number, maxPeriod: number, detrend: number): PeriodEstimate {
  const n = series.length;
  const half = Math.max(1, Math.round(detrend / bin / 2));
  const x = new Float64Array(n);
  // prefix sums for the moving average
  const pre = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) pre[i + 1] = pre[i]! + series[i]!;
  for (let i = 0; i < n; i++) {
    const lo = Math.max(0, i - half);
    const hi = Math.min(n, i + half + 1);
    x[i] = series[i]! - (pre[hi]! - pre[lo]!) / (hi - lo);
  }
  const powers: { period: number; power: number }[] = [];
  for (let p = minPeriod; p <= maxPeriod + 1e-9; p += bin) {
    const w = (2 * Math.PI * bin) / p;
    let re = 0;
    let im = 0;
    for (let i = 0; i < n; i++) {
      re += x[i]! * Math.cos(w * i);
      im += x[i]! * Math.sin(w * i);
    }
    powers.push({ period: p, power: (re * re + im * im) / n });
  }
  let best = powers[0]!;
  for (const q of powers) if (q.power > best.power) best = q;
  const sorted = powers.map((q) => q.power).sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)]!;
  return { period: best.period, power: best.power, prominence: median > 0 ? best.power / median : Infinity };
}
