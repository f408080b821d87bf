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
   * left (`cycled` says how many pops). The ring is only read: the caller moves its front to the back
   * that many times (PolledQueue.cycleFrontTimes). The key i places back is the front after i pops
   * while i < length, and the list repeats after that; nothing else runs meanwhile, so a repeated
   * parent reads what it read before. The same subtractions in the same order as one pop at a time.
   */
  cycleWaiting(keys: KeyRing, budget: number, gap: number): number {
    const { status, seen, finished, op, perZip: per, images } = this;
    const waiting = ZIP_STATUS.waiting;
    const length = keys.length;
    let n = 0;
    let i = 0;
    let key = keys.keyAt(0);
    let children = Math.min(per, images - key * per);
    do {
      const unknown = children - seen[key]!; // readSeconds, inlined
      seen[key] = finished[key]!;
      budget -= (2 + unknown) * op + gap;
      n++;
      if (++i === length) i = 0;
      key = keys.keyAt(i);
      children = Math.min(per, images - key * per);
      // still waiting for children: what workFrom Infinity says, without the 8-byte finish time (kiosk.ts
      // imageFinished sets it when the finished count reaches the zip's size, and counts only grow), as
      // the pops of a 10^6-image run miss the cache on most of these arrays
    } while (budget > 0 && status[key] === waiting && finished[key]! < children);
    this.cycled = n;
    return budget;
  }
}
