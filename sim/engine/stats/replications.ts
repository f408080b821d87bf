import { studentTQuantile } from '../special.ts';

/**
 * Summaries across independent replications: mean, sample sd, min, max and a Student-t confidence
 * interval for the mean, mean +/- t_{(1+level)/2, n-1} sd / sqrt(n).
 */

/** The replication summary of the run --json contract (architecture.md). */
export interface Stat {
  mean: number;
  sd: number;
  min: number;
  max: number;
  ci95: [number, number];
}

/** Half-width of the Student-t confidence interval for a mean of n observations (NaN for n < 2). */
export function tHalfWidth(sd: number, n: number, level = 0.95): number {
  if (!(level > 0 && level < 1)) throw new RangeError(`confidence level must be in (0, 1), got ${level}`);
  if (n < 2) return NaN;
  if (sd === 0) return 0;
  return (studentTQuantile((1 + level) / 2, n - 1) * sd) / Math.sqrt(n);
}

/**
 * Summarizes one value per replication. With a single replication, sd and the interval are NaN
 * (unknown; JSON shows null). With none, everything is NaN.
 */
export function summarize(values: ArrayLike<number>): Stat {
  const n = values.length;
  if (n === 0) return { mean: NaN, sd: NaN, min: NaN, max: NaN, ci95: [NaN, NaN] };
  let mean = 0;
  let m2 = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    const x = values[i]!;
    const d = x - mean;
    mean += d / (i + 1);
    m2 += d * (x - mean);
    if (x < min) min = x;
    if (x > max) max = x;
  }
  const sd = n > 1 ? Math.sqrt(m2 / (n - 1)) : NaN;
  const h = tHalfWidth(sd, n);
  return { mean, sd, min, max, ci95: [mean - h, mean + h] };
}

/**
 * Batch means of one long run: drops the first `warmup` observations, splits the rest into `batches`
 * consecutive batches of equal size (the remainder at the end is dropped) and returns their means.
 * With batches long enough to be nearly independent, `summarize` of the result gives a confidence
 * interval for the steady-state mean.
 */
export function batchMeans(values: ArrayLike<number>, batches: number, warmup = 0): number[] {
  if (!Number.isInteger(batches) || batches < 1) throw new RangeError(`batches must be a positive integer, got ${batches}`);
  const size = Math.floor((values.length - warmup) / batches);
  if (size < 1) throw new RangeError(`${values.length - warmup} observations cannot fill ${batches} batches`);
  const means: number[] = [];
  for (let b = 0; b < batches; b++) {
    let s = 0;
    const from = warmup + b * size;
    for (let i = from; i < from + size; i++) s += values[i]!;
    means.push(s / size);
  }
  return means;
}
