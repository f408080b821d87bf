import type { ProcessBody } from '../../engine/index.ts';
import { transferTimer } from '../bucket/transfer.ts';
import type { ParentChecks, RotationPop } from '../redis/zipRotation.ts';
import type { ConsumerPod } from '../cluster/pod.ts';
import type { KioskState } from '../state.ts';

export const ZIP_STATUS = { new: 0, waiting: 1, done: 2 } as const;

/**
 * Seconds a zip consumer spends reading a waiting parent's children (HGETALL, one HGET per child
 * not yet seen finished, HMSET progress), or null when the parent has work for it at time `at`:
 * it is new, already done (a requeued copy), or its last child finished by then.
 */
export function parentCheckSeconds(ctx: KioskState, zip: number, at: number): number | null {
  const parents = ctx.parentChecks;
  return parents.workFrom(zip) <= at ? null : parents.readSeconds(zip);
}

/**
 * parentCheckSeconds in two halves for the rotations, which pop a parent millions of times: the
 * closures hold the zip arrays and settings (no lookups through ctx per pop), and a pop that cannot
 * find work (workFrom Infinity) needs no pop time.
 */
export function parentChecks(ctx: Pick<KioskState, 'zips' | 'config'>): ParentChecks {
  const z = ctx.zips;
  const status = z.status;
  const allFinishedAt = z.allChildrenFinishedAt;
  const seen = z.childrenSeenFinished;
  const finished = z.childrenFinished;
  const op = ctx.config.redis.opLatency;
  const per = ctx.config.workload.imagesPerZip;
  const images = ctx.config.workload.images;
  return {
    workFrom: (zip) => (status[zip] !== ZIP_STATUS.waiting ? -Infinity : allFinishedAt[zip]!),
    readSeconds: (zip) => {
      const unknown = Math.min(per, images - zip * per) - seen[zip]!; // ctx.imagesInZip(zip), inlined
      seen[zip] = finished[zip]!;
      return (2 + unknown) * op;
    },
  };
}

/**
 * The zip consumer's loop (kiosk-redis-consumer ZipFileConsumer):
 * - `new`: download the zip; for each image in turn upload it to the bucket, write its child hash
 *   and LPUSH it onto the image queue (so children become available one by one); then the parent
 *   becomes `waiting` and goes back on the zip queue.
 * - `waiting`: read the status of each child not yet known to be finished (one HGET each); if all
 *   are done or failed, clean up: read each child's timings, download each result, zip them, upload
 *   the zip, mark the parent done. Otherwise put it back at the end of the line.
 * After putting a parent back the consumer sleeps (DO_NOTHING_TIMEOUT: 2020 0.5 s, 2019 none) and
 * pops again; those cycles over unfinished parents run in bulk in ZipRotation.
 */
export function* zipConsumer(ctx: KioskState, pod: ConsumerPod): ProcessBody<void> {
  const { sim, config, zipQueue } = ctx;
  const storage = config.storage;
  const w = config.workload;
  const op = config.redis.opLatency;
  const perImageCpu = config.consumers.zip.perImageCpu;
  const state = ctx.zips;
  const zipDown = transferTimer(storage, 'zipDown', ctx.streams);
  const imageUp = transferTimer(storage, 'imageUp', ctx.streams);
  const resultsZipUp = transferTimer(storage, 'resultsZipUp', ctx.streams);
  const resultDown = transferTimer(storage, 'resultDown', ctx.streams);
  let cycling: { zip: number; check: number } | null = null;
  for (;;) {
    let zip: number;
    let lag = 0; // how long ago the pop really happened (a rotation step can report it late)
    if (cycling) {
      const pop: RotationPop = yield ctx.zipRotation.putBackAndCycle(cycling.zip, cycling.check);
      cycling = null;
      lag = sim.now - pop.at;
      if (pop.key < 0) {
        // the list was empty: sleep, then poll as usual
        const sleep = config.redis.emptyQueueSleep - lag;
        if (sleep > 0) yield sleep;
        continue;
      }
      zip = pop.key;
    } else {
      if (op > 0) yield op; // purge own processing list, LLEN (ctx.redisRoundTrip() inlined: no generator per pop)
      zip = yield zipQueue.take();
    }
    ctx.hold(pod, zip);
    pod.updatedAt = sim.now;
    if (state.status[zip] === ZIP_STATUS.done) {
      ctx.release(pod); // a requeued copy of a finished parent: LREM and go on
      continue;
    }
    const first = ctx.firstImageOfZip(zip);
    const n = ctx.imagesInZip(zip);
    if (state.status[zip] === ZIP_STATUS.new) {
      const fetch = 2 * op + zipDown(n * w.imageBytes); // HGETALL, HMSET, download
      if (fetch > lag) yield fetch - lag;
      for (let k = 0; k < n; k++) {
        const upload = imageUp(w.imageBytes) + perImageCpu + 3 * op; // upload, HMSET, LPUSH, HMSET parent
        if (upload > 0) yield upload;
        pod.updatedAt = sim.now;
        ctx.enqueueChild(first + k);
      }
      state.status[zip] = ZIP_STATUS.waiting;
      state.expanded[zip] = sim.now;
      ctx.release(pod);
      cycling = { zip, check: op }; // HMSET status=waiting, then put back
      continue;
    }
    const check = parentCheckSeconds(ctx, zip, sim.now - lag);
    if (check !== null) {
      // still waiting: put it back and cycle
      ctx.release(pod);
      cycling = { zip, check: Math.max(0, check - lag) };
      continue;
    }
    // all children finished: HGETALL + HMSET, HMGET timings per child, download each result, zip, upload, EXPIRE per child
    let t = 4 * op + 2 * n * op + resultsZipUp(n * w.resultBytes);
    for (let k = 0; k < n; k++) t += resultDown(w.resultBytes) + perImageCpu;
    if (t > lag) yield t - lag;
    ctx.release(pod);
    pod.updatedAt = sim.now;
    if (state.status[zip] !== ZIP_STATUS.done) {
      state.status[zip] = ZIP_STATUS.done;
      state.finished[zip] = sim.now;
      ctx.zipFinished(zip);
    }
  }
}
