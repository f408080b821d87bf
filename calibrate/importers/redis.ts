/**
 * Importing a real Kiosk's job records from its Redis: every image job hash carries the consumer's
 * per-stage seconds (download_time, preprocess_time, prediction_time, postprocess_time, upload_time,
 * total_time; sim/model/REFERENCE.md "Per-image fields"). Keys are SCANned in batches and each batch's hashes
 * are read with one pipelined HMGET of just the status and timing fields, so a record costs a bounded
 * amount of memory however large its other fields are, and only the timings are kept (one float64 per
 * stage per job): a Kiosk's 10^6 jobs take about 50 MB. Zip parents (comma-joined lists of their
 * children's timings) and unfinished jobs are skipped; finished jobs with a zero or negative timing
 * (clock steps, bad records) are skipped and counted. Each stage is sorted once and summarised.
 */
import type { Redis } from 'ioredis';
import type { StageDistribution, StageName } from '../../sim/model/serving/profile.ts';

export const STAGE_FIELDS: Record<StageName, string> = {
  download: 'download_time',
  preprocess: 'preprocess_time',
  prediction: 'prediction_time',
  postprocess: 'postprocess_time',
  upload: 'upload_time',
  total: 'total_time',
};

const STAGES = Object.keys(STAGE_FIELDS) as StageName[];
const FIELDS = ['status', ...STAGES.map((s) => STAGE_FIELDS[s])];

export type JobHash = Record<string, string>;

/** What one record is: a finished image job with its seconds per stage present, or why it does not count. */
export type JobVerdict =
  | { kind: 'image'; seconds: Partial<Record<StageName, number>> }
  | { kind: 'not-image' }
  | { kind: 'non-positive'; field: string };

/** Classifies one record from its status and timing fields (undefined/null: the field is absent). */
export function judgeJob(get: (field: string) => string | null | undefined): JobVerdict {
  if (get('status') !== 'done') return { kind: 'not-image' };
  const seconds: Partial<Record<StageName, number>> = {};
  let nonPositive: string | undefined;
  for (const stage of STAGES) {
    const text = get(STAGE_FIELDS[stage]);
    if (text == null) continue;
    const value = text === '' ? NaN : Number(text);
    // A comma-joined list (zip parent) or garbage is not a single image's timing.
    if (!Number.isFinite(value)) return { kind: 'not-image' };
    if (value <= 0) nonPositive ??= STAGE_FIELDS[stage];
    seconds[stage] = value;
  }
  if (Object.keys(seconds).length === 0) return { kind: 'not-image' };
  return nonPositive ? { kind: 'non-positive', field: nonPositive } : { kind: 'image', seconds };
}

/** A finished single-image job: status done and a numeric value for every timing field it has. */
export function isFinishedImageJob(hash: JobHash): boolean {
  return judgeJob((f) => hash[f]).kind !== 'not-image';
}

/** Seconds per stage over the finished image jobs whose timings are all positive. */
export function stageSamples(hashes: readonly JobHash[]): Record<StageName, number[]> {
  const out = Object.fromEntries(STAGES.map((s) => [s, [] as number[]])) as Record<StageName, number[]>;
  for (const h of hashes) {
    const v = judgeJob((f) => h[f]);
    if (v.kind !== 'image') continue;
    for (const stage of STAGES) if (v.seconds[stage] !== undefined) out[stage].push(v.seconds[stage]!);
  }
  return out;
}

/** A growable float64 column: amortised O(1) appends without a boxed number per value. */
class Column {
  private data = new Float64Array(1024);
  length = 0;
  push(v: number): void {
    if (this.length === this.data.length) {
      const bigger = new Float64Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = v;
  }
  sorted(): Float64Array {
    return this.data.slice(0, this.length).sort();
  }
}

export interface JobScan {
  /** Hashes read (every key SCAN returned). */
  hashes: number;
  /** Finished image jobs used. */
  jobs: number;
  /** Finished image jobs skipped for a zero or negative timing, by the first such field. */
  nonPositive: Record<string, number>;
  /** Each stage's seconds, sorted ascending. */
  stages: Record<StageName, Float64Array>;
}

/** "2 by prediction_time, 1 by upload_time": by field name, so the text does not depend on SCAN's order. */
export const skippedByField = (scan: Pick<JobScan, 'nonPositive'>) =>
  Object.entries(scan.nonPositive).sort(([a], [b]) => (a < b ? -1 : 1)).map(([f, n]) => `${n} by ${f}`).join(', ');

export const skippedCount = (scan: Pick<JobScan, 'nonPositive'>) => Object.values(scan.nonPositive).reduce((a, b) => a + b, 0);

/** SCANs every hash whose key matches `match` (never KEYS, so a live Redis is not blocked). */
export async function scanJobs(redis: Redis, match: string, progress: (line: string) => void = () => {}, count = 1000): Promise<JobScan> {
  const columns = Object.fromEntries(STAGES.map((s) => [s, new Column()])) as Record<StageName, Column>;
  const nonPositive: Record<string, number> = {};
  let hashes = 0, jobs = 0, reported = 0;
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', match, 'COUNT', count, 'TYPE', 'hash');
    cursor = next;
    if (keys.length === 0) continue;
    const pipeline = redis.pipeline();
    for (const k of keys) pipeline.hmget(k, ...FIELDS);
    for (const [err, values] of (await pipeline.exec()) ?? []) {
      if (err) continue; // the key was deleted or changed type between SCAN and HMGET
      hashes++;
      const row = values as Array<string | null>;
      const verdict = judgeJob((f) => row[FIELDS.indexOf(f)]);
      if (verdict.kind === 'non-positive') nonPositive[verdict.field] = (nonPositive[verdict.field] ?? 0) + 1;
      if (verdict.kind !== 'image') continue;
      jobs++;
      for (const stage of STAGES) if (verdict.seconds[stage] !== undefined) columns[stage].push(verdict.seconds[stage]!);
    }
    if (hashes - reported >= 50_000) { progress(`read ${hashes} hashes, ${jobs} finished image jobs`); reported = hashes; }
  } while (cursor !== '0');
  const stages = Object.fromEntries(STAGES.map((s) => [s, columns[s].sorted()])) as Record<StageName, Float64Array>;
  return { hashes, jobs, nonPositive, stages };
}

/** Quantile of ascending values with linear interpolation between order statistics (R type 7). */
export function sortedQuantile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) throw new RangeError('quantile of no values');
  const q = p * (sorted.length - 1);
  const i = Math.floor(q);
  const j = Math.min(i + 1, sorted.length - 1);
  return sorted[i]! + (q - i) * (sorted[j]! - sorted[i]!);
}

/** `cap` evenly spaced quantiles of ascending values: a huge sample as a faithful empirical distribution of bounded size. */
export function thinSorted(sorted: ArrayLike<number>, cap: number): number[] {
  if (sorted.length <= cap) return Array.from(sorted);
  if (cap === 1) return [sortedQuantile(sorted, 0.5)];
  return Array.from({ length: cap }, (_, i) => sortedQuantile(sorted, i / (cap - 1)));
}

/** Evenly spaced quantiles of any values (sorted once). */
export function thin(values: readonly number[], cap: number): number[] {
  return thinSorted(Float64Array.from(values).sort(), cap);
}

/** Summary, capped empirical sample and maximum-likelihood lognormal fit of one stage's ascending seconds. */
export function fitSortedStage(sorted: ArrayLike<number>, cap = 10_000): StageDistribution {
  let sum = 0, positive = 0;
  for (let i = 0; i < sorted.length; i++) if (sorted[i]! > 0) { sum += Math.log(sorted[i]!); positive++; }
  const mu = sum / (positive || 1);
  let sq = 0;
  for (let i = 0; i < sorted.length; i++) if (sorted[i]! > 0) sq += (Math.log(sorted[i]!) - mu) ** 2;
  const sigma = Math.sqrt(sq / (positive || 1));
  return {
    n: sorted.length,
    seconds: thinSorted(sorted, cap),
    quantiles: { p05: sortedQuantile(sorted, 0.05), p50: sortedQuantile(sorted, 0.5), p95: sortedQuantile(sorted, 0.95) },
    ...(positive >= 2 ? { lognormal: { mu, sigma } } : {}),
  };
}

/** fitSortedStage of values in any order. */
export function fitStage(seconds: readonly number[], cap = 10_000): StageDistribution {
  return fitSortedStage(Float64Array.from(seconds).sort(), cap);
}
