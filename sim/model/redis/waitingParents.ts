import { ZIP_STATUS } from '../consumers/zipConsumer.ts';
import type { ZipProgress, ZipState } from '../state.ts';
import type { KeyRing } from './keyRing.ts';
import type { ParentChecks } from './zipRotation.ts';

/** A scan word's flag: the zip waits for children still running (a pop of it finds no work). */
const RUNNING = 1;
/** A scan word's flag: a child finished since the last read (the read records a new seen count). */
const CHANGED = 2;
/** The largest unseen count a word holds exactly (14 bits); at it, "this many or more: read the zip arrays". */
const UNSEEN_MAX = 0x3fff;

/**
 * What a pop of a parent on the zip queue reads (ParentChecks), over the zip arrays themselves, with
 * the pooled rotation's bulk pass over parents still waiting for children (`cycleWaiting`).
 *
 * The same reads and arithmetic as the zip consumer's former parentChecks closures, which it replaced as the
 * run's ParentChecks: the rotation's scan reads the typed arrays in its own loop instead of calling
 * workFrom and readSeconds per pop (a loop over the headline's ~24 M such pops).
 *
 * The zip arrays stay the record. What the scan reads of a zip is kept besides in one 2-byte word, in step
 * wherever a status or a count changes (setStatus, childFinished, and the reads): the children not yet
 * seen finished (the cost of a pop), whether the zip waits for children still running (else a pop of it
 * ends the scan) and whether a child finished since the last read. The arrays it replaces hold 9 bytes a
 * zip (status, seen and finished counts): the scan is memory-bound, as the ring holds thousands of parents
 * and the run evicts them between passes. Measured (hrtime per pop, headline 10^6): see the commits.
 */
export class WaitingParents implements ParentChecks, ZipProgress {
  private readonly status: Uint8Array;
  private readonly allFinishedAt: Float64Array;
  private readonly seen: Int32Array;
  private readonly finished: Int32Array;
  /** Per zip: (children not yet seen finished, at most UNSEEN_MAX) << 2 | CHANGED | RUNNING. */
  private readonly words: Uint16Array;
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
    this.words = new Uint16Array(zips.status.length);
    for (let zip = 0; zip < this.words.length; zip++) this.refresh(zip);
  }

  workFrom(zip: number): number {
    return this.status[zip] !== ZIP_STATUS.waiting ? -Infinity : this.allFinishedAt[zip]!;
  }

  /** HGETALL, one HGET per child not yet seen finished, HMSET progress; records what was read. */
  readSeconds(zip: number): number {
    const unknown = this.children(zip) - this.seen[zip]!; // the zip's images less those seen finished
    this.seen[zip] = this.finished[zip]!;
    this.refresh(zip);
    return (2 + unknown) * this.op;
  }

  /** The zip's status becomes `status` (ZIP_STATUS). */
  setStatus(zip: number, status: number): void {
    this.status[zip] = status;
    this.refresh(zip);
  }

  /** One more child of `zip` finished, at `t`: the last one sets the zip's finish time. */
  childFinished(zip: number, t: number): void {
    if (++this.finished[zip]! >= this.children(zip)) this.allFinishedAt[zip] = t;
    this.refresh(zip);
  }

  /**
   * Pops from the front of `keys` while the parent popped waits for children (workFrom Infinity: the
   * front one must) and `budget` lasts, each pop costing readSeconds + `gap`, and returns the budget
   * left (`cycled` says how many pops). Each pop moves its key from the front of the ring to the back,
   * as KeyRing.cycle does, in this loop: the caller does the queue's bookkeeping for them
   * (PolledQueue.cycledFront). The same subtractions in the same order as one pop at a time.
   */
  cycleWaiting(keys: KeyRing, budget0: number, gap0: number): number {
    // Locals as unboxed numbers, the refresh of a changed word written out, no call in the loop: with
    // a call TurboFan reloaded and re-checked every array at each pop, and with the numbers read
    // straight from the arguments it kept `budget` tagged, boxing a fresh HeapNumber at every pop.
    const { words, seen, finished, status } = this;
    const op = +this.op;
    const gap = +gap0;
    let budget = +budget0;
    const perZip = this.perZip | 0;
    const images = this.images;
    const buf = keys.buf;
    const mask = keys.mask | 0;
    const length = keys.length | 0;
    let h = keys.head | 0;
    let n = 0;
    let key = buf[h]!;
    let word = words[key]!;
    do {
      const unseen = word >> 2;
      // readSeconds from the word: exact below UNSEEN_MAX (the headline's zips hold 100)
      budget -= (2 + (unseen < UNSEEN_MAX ? unseen : this.children(key) - seen[key]!)) * op + gap;
      // the read records the finished count as seen: a change only if a child finished since the last read
      if ((word & CHANGED) !== 0) {
        // readSeconds' update and refresh, written out (seen now equals finished: CHANGED clears)
        const done = finished[key]!;
        seen[key] = done;
        const left = images - key * perZip;
        const children = perZip < left ? perZip : left;
        const unseenNow = children - done;
        const running = status[key] === ZIP_STATUS.waiting && done < children ? RUNNING : 0;
        words[key] = ((unseenNow >= 0 && unseenNow < UNSEEN_MAX ? unseenNow : UNSEEN_MAX) << 2) | running;
      }
      buf[(h + length) & mask] = key; // KeyRing.cycle, inlined: one pass over the ring
      h = (h + 1) & mask;
      n++;
      key = buf[h]!;
      // still waiting for children (workFrom Infinity) while some are running
    } while (budget > 0 && ((word = words[key]!) & RUNNING) !== 0);
    keys.rotatedTo(h);
    this.cycled = n;
    return budget;
  }

  /** The zip's images (the last zip may be short). */
  private children(zip: number): number {
    const per = this.perZip;
    return Math.min(per, this.images - zip * per);
  }

  /** The scan's word for `zip` from the zip arrays: after any change to its status, seen or finished count. */
  private refresh(zip: number): void {
    const children = this.children(zip);
    const seen = this.seen[zip]!;
    const finished = this.finished[zip]!;
    const unseen = children - seen;
    const running = this.status[zip] === ZIP_STATUS.waiting && finished < children ? RUNNING : 0;
    this.words[zip] = ((unseen >= 0 && unseen < UNSEEN_MAX ? unseen : UNSEEN_MAX) << 2) | (seen !== finished ? CHANGED : 0) | running;
  }
}
