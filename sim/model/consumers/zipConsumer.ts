import type { ProcessBody } from '../../engine/index.ts';
import { transferSeconds } from '../bucket/transfer.ts';
import type { ConsumerPod, KioskContext } from '../kiosk.ts';

export const ZIP_STATUS = { new: 0, waiting: 1, done: 2 } as const;

/**
 * The zip consumer's loop (kiosk-redis-consumer ZipFileConsumer):
 * - `new`: download the zip; for each image in turn upload it to the bucket, write its child hash
 *   and LPUSH it onto the image queue (so children become available one by one); then the parent
 *   becomes `waiting` and goes back on the zip queue.
 * - `waiting`: read the status of each child not yet known to be finished (one HGET each); if all
 *   are done or failed, clean up: read each child's timings, download each result, zip them, upload
 *   the zip, mark the parent done. Otherwise put it back at the end of the line.
 * After putting a parent back the consumer sleeps (DO_NOTHING_TIMEOUT: 2020 0.5 s, 2019 none).
 */
export function* zipConsumer(ctx: KioskContext, pod: ConsumerPod): ProcessBody<void> {
  const { sim, config, zipQueue } = ctx;
  const storage = config.storage;
  const w = config.workload;
  const redis = config.redis;
  const op = redis.opLatency;
  const perImageCpu = config.consumers.zip.perImageCpu;
  const state = ctx.zips;
  for (;;) {
    yield* ctx.redisRoundTrip(); // purge own processing list, LLEN
    const zip: number = yield zipQueue.take();
    pod.holding = zip;
    pod.updatedAt = sim.now;
    if (state.status[zip] === ZIP_STATUS.done) {
      pod.holding = -1; // a requeued copy of a finished parent: LREM and go on
      continue;
    }
    const first = ctx.firstImageOfZip(zip);
    const n = ctx.imagesInZip(zip);
    if (state.status[zip] === ZIP_STATUS.new) {
      yield 2 * op + transferSeconds(storage, 'zipDown', n * w.imageBytes); // HGETALL, HMSET, download
      const upload = transferSeconds(storage, 'imageUp', w.imageBytes) + perImageCpu + 3 * op; // upload, HMSET, LPUSH, HMSET parent
      for (let k = 0; k < n; k++) {
        if (upload > 0) yield upload;
        pod.updatedAt = sim.now;
        ctx.enqueueChild(first + k);
      }
      state.status[zip] = ZIP_STATUS.waiting;
      state.expanded[zip] = sim.now;
      yield op; // HMSET status=waiting
    } else {
      // waiting: HGETALL, then one HGET per child not yet seen finished, then HMSET progress
      const unknown = n - state.childrenSeenFinished[zip]!;
      yield (2 + unknown) * op;
      state.childrenSeenFinished[zip] = state.childrenFinished[zip]!;
      if (state.childrenFinished[zip]! >= n) {
        // cleanup: HMGET timings per child, download each result, zip, upload, HMSET, EXPIRE per child
        let t = 2 * n * op + 2 * op + transferSeconds(storage, 'resultsZipUp', n * w.resultBytes);
        for (let k = 0; k < n; k++) t += transferSeconds(storage, 'resultDown', w.resultBytes) + perImageCpu;
        yield t;
        pod.holding = -1;
        pod.updatedAt = sim.now;
        if (state.status[zip] !== ZIP_STATUS.done) {
          state.status[zip] = ZIP_STATUS.done;
          state.finished[zip] = sim.now;
          ctx.zipFinished(zip);
        }
        continue;
      }
    }
    // not finished: RPOPLPUSH processing -> queue (back of the line), then DO_NOTHING_TIMEOUT
    pod.holding = -1;
    pod.updatedAt = sim.now;
    zipQueue.push(zip);
    if (redis.putBackSleep > 0) yield redis.putBackSleep;
  }
}
