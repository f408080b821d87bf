import type { EventHandle, Process, Simulation, Waitable } from '../../engine/index.ts';
import { IndexHeap } from '../../engine/indexHeap.ts';
import type { PolledQueue } from './polledQueue.ts';
import { SlotTable } from './slotTable.ts';

/** What a cycling consumer is resumed with: a key that needs real work (or -1: list empty) and its pop time. */
export interface RotationPop {
  key: number;
  at: number;
}

/** What a rotation reads of a parent it pops (redis/waitingParents.ts). */
export interface ParentChecks {
  /**
   * Time from which a pop finds work in `zip`: -Infinity when it is new or done (a requeued copy),
   * the time its last child finished when it is waiting (Infinity until then).
   */
  workFrom(zip: number): number;
  /** Seconds spent reading a still-waiting parent's children; records what was read (call once per such pop). */
  readSeconds(zip: number): number;
}

/** How zip consumers cycle over waiting parents: exactly (ZipRotation) or as a pool (BulkZipRotation). */
export interface ZipCycling {
  /** Consumers cycling now. */
  readonly size: number;
  /** Pops of unfinished parents so far. */
  readonly cycles: number;
  /** A consumer puts `zip` back after `check` s of reading, then cycles until a pop finds work. */
  putBackAndCycle(zip: number, check: number): Waitable<RotationPop>;
}

/**
 * The zip queue's "waiting parent" rotation, simulated exactly (redis.rotation_tick 0).
 *
 * A zip consumer that pops a parent whose children are not all finished reads their statuses, puts
 * the parent back at the end of the line and sleeps (DO_NOTHING_TIMEOUT), then pops the next key.
 * Each cycling consumer keeps its exact pop times and every pop is its own event: a parent still
 * unfinished at its pop time goes back on the list at pop + check time and the consumer is due again
 * after the sleep; a consumer that pops work (a new zip, or a parent whose last child finished by its
 * pop time) leaves the rotation and resumes with the key. BulkZipRotation is the pooled alternative
 * for large runs; test/model/redis/zipRotation.test.ts compares the two.
 */
export class ZipRotation implements ZipCycling {
  /** Cycling consumers by next pop time; ids index `procs`. */
  private readonly cyclers = new IndexHeap();
  private readonly procs = new SlotTable<Process<unknown>>();
  /** Parents on their way back to the list, by put-back time; ids are zip keys. */
  private readonly pushbacks = new IndexHeap();
  private nextPop: EventHandle | null = null;
  /** Pops of unfinished parents so far. */
  cycles = 0;

  constructor(
    private readonly sim: Simulation,
    private readonly queue: PolledQueue,
    /** A popped parent: has it work at the pop time, or how long does reading its children take. */
    private readonly parents: ParentChecks,
    /** Seconds from a put-back to the next pop (the sleep + the loop's Redis round trip). */
    private readonly cycleGap: number,
  ) {}

  get size(): number {
    return this.cyclers.size;
  }

  /** A consumer puts `zip` back after `check` s of reading, then cycles: it resumes with the next key that has work. */
  putBackAndCycle(zip: number, check: number): Waitable<RotationPop> {
    const rotation = this;
    const now = this.sim.now;
    return {
      subscribe(proc) {
        rotation.pushbacks.push(now + check, zip);
        rotation.cyclers.push(now + check + rotation.cycleGap, rotation.procs.add(proc));
        rotation.ensureEvent();
        return false;
      },
      unsubscribe(proc) {
        const slot = rotation.procs.indexOf(proc);
        if (slot >= 0 && rotation.cyclers.remove(slot)) rotation.procs.take(slot);
      },
    };
  }

  private ensureEvent(): void {
    const t = Math.min(this.cyclers.peekKey(), this.pushbacks.peekKey());
    if (t === Infinity) return;
    const at = Math.max(t, this.sim.now);
    if (this.nextPop) {
      if (this.nextPop.time <= at) return;
      this.sim.cancel(this.nextPop);
    }
    this.nextPop = this.sim.at(at, this.run);
  }

  private readonly run = (): void => {
    this.nextPop = null;
    const limit = this.sim.now + 1e-9;
    const cyclers = this.cyclers;
    const pushbacks = this.pushbacks;
    for (;;) {
      const due = cyclers.peekKey();
      const back = pushbacks.peekKey();
      if (back <= due) {
        if (back > limit) break;
        this.queue.push(pushbacks.pop());
        continue;
      }
      if (due > limit) break;
      const key = this.queue.popNow();
      if (key === undefined) {
        this.procs.take(cyclers.pop()).resumeNow({ key: -1, at: due } satisfies RotationPop);
        continue;
      }
      if (this.parents.workFrom(key) <= due) {
        this.procs.take(cyclers.pop()).resumeNow({ key, at: due } satisfies RotationPop);
        continue;
      }
      const check = this.parents.readSeconds(key);
      this.cycles++;
      pushbacks.push(due + check, key);
      const slot = cyclers.pop();
      cyclers.push(due + check + this.cycleGap, slot);
    }
    this.ensureEvent();
  };
}
