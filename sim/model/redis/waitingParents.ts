import { ZIP_STATUS } from '../consumers/zipConsumer.ts';
import type { ZipState } from '../state.ts';
import type { KeyRing } from './keyRing.ts';
import type { ParentChecks } from './zipRotation.ts';

/**
 * What a pop of a parent on the zip queue reads (ParentChecks), over the zip arrays themselves, with
 * the pooled rotation's bulk pass over parents still waiting for children (`cycleWaiting`).
 *
 * The same reads and arithmetic as the zip consumer's former parentChecks closures, which it replaced as the
 * run's ParentChecks: the rotation's scan reads the typed arrays in its own loop instead of calling
 * workFrom and readSeconds per pop (a loop over the headline's ~24 M such pops).
 */
export class WaitingParents implements ParentChecks {
  private readonly status: Uint8Array;
  private readonly allFinishedAt: Float64Array;
  private readonly seen: Int32Array;
  private readonly finished: Int32Array;
  /** Pops made by the last cycleWaiting. */
  cycled = 0;

  constructor(
    zips: ZipState,
    /** Seconds per Redis command (redis.op_latency). */
    private readonly op: number,
    private readonly perZip: number,
    private readonly images: number,
  ) {
    this.status = zips.status;
    this.allFinishedAt = zips.allChildrenFinishedAt;
    this.seen = zips.childrenSeenFinished;
    this.finished = zips.childrenFinished;
  }

  workFrom(zip: number): number {
    return this.status[zip] !== ZIP_STATUS.waiting ? -Infinity : this.allFinishedAt[zip]!;
  }

  /** HGETALL, one HGET per child not yet seen finished, HMSET progress; records what was read. */
  readSeconds(zip: number): number {
    const per = this.perZip;
    const unknown = Math.min(per, this.images - zip * per) - this.seen[zip]!; // the zip's images less those seen finished
    this.seen[zip] = this.finished[zip]!;
    return (2 + unknown) * this.op;
  }

  /**
   * Pops from the front of `keys` while the parent popped waits for children (workFrom Infinity: the
   * front one must) and `budget` lasts, each pop costing readSeconds + `gap`, and returns the budget
   * left (`cycled` says how many pops). Each pop moves its key from the front of the ring to the back,
   * as KeyRing.cycle does, in this loop: the caller does the queue's bookkeeping for them
   * (PolledQueue.cycledFront). The same subtractions in the same order as one pop at a time.
   */
  cycleWaiting(keys: KeyRing, budget: number, gap: number): number {
    const { status, seen, finished, op, perZip: per, images } = this;
    const waiting = ZIP_STATUS.waiting;
    const { buf, mask, length } = keys;
    let h = keys.head;
    let n = 0;
    let key = buf[h]!;
    let children = Math.min(per, images - key * per);
    let done = finished[key]!;
    do {
      const read = seen[key]!; // readSeconds, inlined
      budget -= (2 + (children - read)) * op + gap;
      // most pops see no child finish since the last one: left clean, the line needs no write-back
      if (read !== done) seen[key] = done;
      buf[(h + length) & mask] = key; // KeyRing.cycle, inlined: one pass over the ring
      h = (h + 1) & mask;
      n++;
      key = buf[h]!;
      children = Math.min(per, images - key * per);
      // still waiting for children: what workFrom Infinity says, without the 8-byte finish time (kiosk.ts
      // imageFinished sets it when the finished count reaches the zip's size, and counts only grow), as
      // the pops of a 10^6-image run miss the cache on most of these arrays
    } while (budget > 0 && status[key] === waiting && (done = finished[key]!) < children);
    keys.rotatedTo(h);
    this.cycled = n;
    return budget;
  }
}
