/**
 * The benchmark client (kiosk-client manager.py, REFERENCE.md "Data path" 1): the zips are
 * already in the bucket; zip job i is created at t0 + i x START_DELAY (a hash with status new and
 * created_at, LPUSHed onto the zip queue). The client then waits for each parent to be done and
 * downloads its results zip.
 */
import type { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import type { Bucket } from './bucket.ts';
import { createJobOnce } from './onceCommands.ts';
import { jobKey, nowSeconds, stamp, type Queues } from './protocol.ts';

export interface ClientResult {
  t0: number;
  zipKeys: string[];
  /** Seconds the client took to download each results zip. */
  downloads: number[];
  /** When the last results zip was downloaded (epoch seconds). */
  lastDownloadAt: number;
}

const sleepUntil = (epochSeconds: number) => new Promise<void>((r) => setTimeout(r, Math.max(0, (epochSeconds - nowSeconds()) * 1000)));

export async function runClient(
  redis: Redis, bucket: Bucket, queues: Queues, zipFiles: readonly string[], startDelay: number,
  afterFirstJob: () => Promise<unknown> = async () => {}, pollSeconds = 0.05,
): Promise<ClientResult> {
  const t0 = nowSeconds();
  const zipKeys = zipFiles.map((f) => jobKey(queues.zip, f.replace(/^uploads\//, ''), randomUUID()));
  const creating = (async () => {
    for (const [i, file] of zipFiles.entries()) {
      await sleepUntil(t0 + i * startDelay);
      const now = stamp(nowSeconds());
      await createJobOnce(redis, zipKeys[i]!, { status: 'new', input_file_name: file, created_at: now, updated_at: now }, queues.zip);
      if (i === 0) await afterFirstJob();
    }
  })();
  const downloads: number[] = new Array(zipKeys.length).fill(NaN);
  let lastDownloadAt = 0;
  const pending = new Set(zipKeys.map((_, i) => i));
  while (pending.size > 0) {
    await new Promise((r) => setTimeout(r, pollSeconds * 1000));
    for (const i of [...pending]) {
      const [status, output] = await redis.hmget(zipKeys[i]!, 'status', 'output_file_name');
      if (status !== 'done' || !output) continue;
      const t = nowSeconds();
      await bucket.get(output);
      downloads[i] = nowSeconds() - t;
      lastDownloadAt = nowSeconds();
      pending.delete(i);
    }
  }
  await creating;
  return { t0, zipKeys, downloads, lastDownloadAt };
}
