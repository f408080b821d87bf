import { type Finished, type Simulation, type StepMachine, type Yieldable } from '../../engine/index.ts';
import { transferTimer, type TransferTimer } from '../bucket/transfer.ts';
import type { RotationPop } from '../redis/zipRotation.ts';
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

/** Where the zip consumer's loop stopped (the yield it waits at). */
const enum At {
  /** Top of the loop: cycle the parent put back, or poll the zip queue. */
  Next,
  /** The rotation gave the next pop. */
  Cycled,
  /** After the LLEN round trip: pop a key. */
  Pop,
  /** The pop gave a zip key. */
  Popped,
  /** A new zip was downloaded: upload its images (index `child`). */
  Expand,
  /** One image was uploaded. */
  Uploaded,
  /** A finished parent's cleanup is done. */
  CleanedUp,
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
 *
 * A StepMachine like the image consumer (see there): one case per yield of the loop, the same
 * delays and Waitables in the same order as the generator it replaced.
 */
export function zipConsumer(ctx: KioskState, pod: ConsumerPod): StepMachine<void> {
  return new ZipConsumer(ctx, pod);
}

class ZipConsumer implements StepMachine<void> {
  private at = At.Next;
  private readonly sim: Simulation;
  private readonly config: KioskState['config'];
  private readonly state: KioskState['zips'];
  private readonly op: number;
  private readonly perImageCpu: number;
  private readonly zipDown: TransferTimer;
  private readonly imageUp: TransferTimer;
  private readonly resultsZipUp: TransferTimer;
  private readonly resultDown: TransferTimer;
  /** The parent to put back and cycle on (-1: none, poll the queue), and its check seconds. */
  private cyclingZip = -1;
  private cyclingCheck = 0;
  // the loop's locals for the zip in hand
  private zip = -1;
  /** How long ago the pop really happened (a rotation step can report it late). */
  private lag = 0;
  private first = 0;
  private n = 0;
  private child = 0;

  constructor(
    private readonly ctx: KioskState,
    private readonly pod: ConsumerPod,
  ) {
    const storage = ctx.config.storage;
    this.sim = ctx.sim;
    this.config = ctx.config;
    this.state = ctx.zips;
    this.op = ctx.config.redis.opLatency;
    this.perImageCpu = ctx.config.consumers.zip.perImageCpu;
    this.zipDown = transferTimer(storage, 'zipDown', ctx.streams);
    this.imageUp = transferTimer(storage, 'imageUp', ctx.streams);
    this.resultsZipUp = transferTimer(storage, 'resultsZipUp', ctx.streams);
    this.resultDown = transferTimer(storage, 'resultDown', ctx.streams);
  }

  step(received: unknown): Yieldable | Finished {
    const { ctx, pod, sim, state, op } = this;
    const w = this.config.workload;
    for (;;) {
      switch (this.at) {
        case At.Next:
          this.lag = 0;
          if (this.cyclingZip >= 0) {
            this.at = At.Cycled;
            return ctx.zipRotation.putBackAndCycle(this.cyclingZip, this.cyclingCheck);
          }
          this.at = At.Pop;
          if (op > 0) return op; // purge own processing list, LLEN (ctx.redisRoundTrip() inlined: no sub-process per pop)
          continue;

        case At.Cycled: {
          const pop = received as RotationPop;
          this.cyclingZip = -1;
          this.lag = sim.now - pop.at;
          if (pop.key < 0) {
            // the list was empty: sleep, then poll as usual
            this.at = At.Next;
            const sleep = this.config.redis.emptyQueueSleep - this.lag;
            if (sleep > 0) return sleep;
            continue;
          }
          received = pop.key;
          this.at = At.Popped;
          continue;
        }

        case At.Pop:
          this.at = At.Popped;
          return ctx.zipQueue.take();

        case At.Popped: {
          const zip = received as number;
          const lag = this.lag;
          this.zip = zip;
          ctx.hold(pod, zip);
          pod.updatedAt = sim.now;
          if (state.status[zip] === ZIP_STATUS.done) {
            ctx.release(pod); // a requeued copy of a finished parent: LREM and go on
            this.at = At.Next;
            continue;
          }
          this.first = ctx.firstImageOfZip(zip);
          const n = (this.n = ctx.imagesInZip(zip));
          if (state.status[zip] === ZIP_STATUS.new) {
            const fetch = 2 * op + this.zipDown(n * w.imageBytes); // HGETALL, HMSET, download
            this.child = 0;
            this.at = At.Expand;
            if (fetch > lag) return fetch - lag;
            continue;
          }
          const check = parentCheckSeconds(ctx, zip, sim.now - lag);
          if (check !== null) {
            // still waiting: put it back and cycle
            ctx.release(pod);
            this.cycle(zip, Math.max(0, check - lag));
            continue;
          }
          // all children finished: HGETALL + HMSET, HMGET timings per child, download each result, zip, upload, EXPIRE per child
          let t = 4 * op + 2 * n * op + this.resultsZipUp(n * w.resultBytes);
          for (let k = 0; k < n; k++) t += this.resultDown(w.resultBytes) + this.perImageCpu;
          this.at = At.CleanedUp;
          if (t > lag) return t - lag;
          continue;
        }

        case At.Expand: {
          if (this.child >= this.n) {
            const zip = this.zip;
            ctx.parentChecks.setStatus(zip, ZIP_STATUS.waiting);
            state.expanded[zip] = sim.now;
            ctx.release(pod);
            this.cycle(zip, op); // HMSET status=waiting, then put back
            continue;
          }
          const upload = this.imageUp(w.imageBytes) + this.perImageCpu + 3 * op; // upload, HMSET, LPUSH, HMSET parent
          this.at = At.Uploaded;
          if (upload > 0) return upload;
          continue;
        }

        case At.Uploaded:
          pod.updatedAt = sim.now;
          ctx.enqueueChild(this.first + this.child);
          this.child++;
          this.at = At.Expand;
          continue;

        case At.CleanedUp: {
          const zip = this.zip;
          ctx.release(pod);
          pod.updatedAt = sim.now;
          if (state.status[zip] !== ZIP_STATUS.done) {
            ctx.parentChecks.setStatus(zip, ZIP_STATUS.done);
            state.finished[zip] = sim.now;
            ctx.zipFinished(zip);
          }
          this.at = At.Next;
          continue;
        }
      }
    }
  }

  /** Puts `zip` back on the queue with `check` seconds of reads first; the next pop comes from the rotation. */
  private cycle(zip: number, check: number): void {
    this.cyclingZip = zip;
    this.cyclingCheck = check;
    this.at = At.Next;
  }
}
