/**
 * Importing a real Kiosk's job records from its Redis: every image job hash carries the consumer's
 * per-stage seconds (download_time, preprocess_time, prediction_time, postprocess_time, upload_time,
 * total_time; kiosk-system.md "Per-image fields"). Finished image jobs are read with SCAN + HGETALL,
 * zip parents (comma-joined lists of their children's timings) are skipped, and each stage's
 * distribution is summarised and fitted.
 */
import type { Redis } from 'ioredis';
import type { StageDistribution, StageName } from '../../sim/model/serving/profile.ts';
import { quantile } from '../fit.ts';

export const STAGE_FIELDS: Record<StageName, string> = {
  download: 'download_time',
  preprocess: 'preprocess_time',
  prediction: 'prediction_time',
  postprocess: 'postprocess_time',
  upload: 'upload_time',
  total: 'total_time',
};

export type JobHash = Record<string, string>;

/** Reads every hash whose key matches `match` (SCAN, so a live Redis is not blocked). */
export async function readJobHashes(redis: Redis, match: string, progress: (line: string) => void = () => {}): Promise<Array<{ key: string; hash: JobHash }>> {
  const jobs: Array<{ key: string; hash: JobHash }> = [];
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', match, 'COUNT', 1000, 'TYPE', 'hash');
    cursor = next;
    if (keys.length) {
      const pipeline = redis.pipeline();
      for (const k of keys) pipeline.hgetall(k);
      const results = (await pipeline.exec()) ?? [];
      results.forEach(([err, hash], i) => { if (!err) jobs.push({ key: keys[i]!, hash: hash as JobHash }); });
      progress(`read ${jobs.length} hashes`);
    }
  } while (cursor !== '0');
  return jobs;
}

/** A finished single-image job: status done and a numeric value for every timing field it has. */
export function isFinishedImageJob(hash: JobHash): boolean {
  if (hash.status !== 'done') return false;
  const timings = Object.values(STAGE_FIELDS).filter((f) => hash[f] !== undefined);
  return timings.length > 0 && timings.every((f) => hash[f] !== '' && Number.isFinite(Number(hash[f])));
}

/** Seconds per stage over the finished image jobs. */
export function stageSamples(hashes: readonly JobHash[]): Record<StageName, number[]> {
  const out = Object.fromEntries(Object.keys(STAGE_FIELDS).map((s) => [s, [] as number[]])) as Record<StageName, number[]>;
  for (const h of hashes) {
    if (!isFinishedImageJob(h)) continue;
    for (const [stage, field] of Object.entries(STAGE_FIELDS) as Array<[StageName, string]>) {
      if (h[field] !== undefined) out[stage].push(Number(h[field]));
    }
  }
  return out;
}

/** Evenly spaced quantiles, so a huge sample stays a faithful empirical distribution of bounded size. */
export function thin(values: readonly number[], cap: number): number[] {
  if (values.length <= cap) return [...values];
  return Array.from({ length: cap }, (_, i) => quantile(values, i / (cap - 1)));
}

/** Summary, capped empirical sample and maximum-likelihood lognormal fit of one stage. */
export function fitStage(seconds: readonly number[], cap = 10_000): StageDistribution {
  const positive = seconds.filter((s) => s > 0).map(Math.log);
  const mu = positive.reduce((a, b) => a + b, 0) / (positive.length || 1);
  const sigma = Math.sqrt(positive.reduce((a, b) => a + (b - mu) ** 2, 0) / (positive.length || 1));
  return {
    n: seconds.length,
    seconds: thin(seconds, cap),
    quantiles: { p05: quantile(seconds, 0.05), p50: quantile(seconds, 0.5), p95: quantile(seconds, 0.95) },
    ...(positive.length >= 2 ? { lognormal: { mu, sigma } } : {}),
  };
}
