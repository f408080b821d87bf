import type { ProcessBody } from '../../engine/index.ts';
import { transferSeconds } from '../bucket/transfer.ts';
import type { ConsumerPod, KioskContext } from '../kiosk.ts';

export const ZIP_STATUS = { new: 0, waiting: 1, done: 2 } as const;

/**
 * The zip consumer's loop: a new zip is downloaded, its images uploaded one by one and a child
 * job pushed per image; the parent is then put back on the zip queue as `waiting`. Each time a
 * consumer pops a waiting parent it checks every child's status (one Redis read each); when all are
 * done or failed it downloads the results, re-zips, uploads the zip and marks the parent done;
 * otherwise it puts the parent back at the end of the line and sleeps (2020: 0.5 s).
 */
export function* zipConsumer(ctx: KioskContext, pod: ConsumerPod): ProcessBody<void> {
  const { sim, config, zipQueue } = ctx;
  const storage = config.storage;
  const w = config.workload;
  const redis = config.redis;
  for (;;) {
    yield* ctx.redisRoundTrip();
    const zip: number = yield zipQueue.take();
    pod.holding = zip;
    pod.updatedAt = sim.now;
    const state = ctx.zips;
    if (state.status[zip] === ZIP_STATUS.done) {
      pod.holding = -1;
      continue;
    }
    const first = ctx.firstImageOfZip(zip);
    const n = ctx.imagesInZip(zip);
    if (state.status[zip] === ZIP_STATUS.new) {
      // download the zip, unpack, upload each image (sequentially), then push the children
      let t = transferSeconds(storage, 'zipDown', n * w.imageBytes) + n * config.consumers.zip.perImageCpu;
      for (let k = 0; k < n; k++) t += transferSeconds(storage, 'imageUp', w.imageBytes) + redis.opLatency;
      yield t;
      if (pod.holding !== zip) continue;
      for (let k = 0; k < n; k++) ctx.enqueueImage(first + k);
      state.status[zip] = ZIP_STATUS.waiting;
      state.expanded[zip] = sim.now;
    } else {
      // waiting: read every child's status
      yield n * redis.opLatency;
      if (state.childrenFinished[zip]! >= n) {
        let t = n * config.consumers.zip.perImageCpu;
        for (let k = 0; k < n; k++) t += transferSeconds(storage, 'resultDown', w.resultBytes);
        t += transferSeconds(storage, 'resultsZipUp', n * w.resultBytes);
        yield t;
        state.status[zip] = ZIP_STATUS.done;
        state.finished[zip] = sim.now;
        pod.holding = -1;
        pod.updatedAt = sim.now;
        ctx.zipFinished(zip);
        continue;
      }
    }
    // not finished: LREM from the processing list, LPUSH back onto the queue, sleep
    pod.holding = -1;
    pod.updatedAt = sim.now;
    zipQueue.push(zip);
    if (redis.putBackSleep > 0) yield redis.putBackSleep;
  }
}
