import type { EventHandle, Process, Simulation, Waitable } from '../../engine/index.ts';
import { IndexHeap } from '../../engine/indexHeap.ts';
import type { PolledQueue } from './polledQueue.ts';
import type { RotationPop, ZipCycling } from './zipRotation.ts';
import type { WaitingParents } from './waitingParents.ts';
import { SlotTable } from './slotTable.ts';

/**
 * The zip queue's "waiting parent" rotation as a fluid pool, for large runs.
 *
 * Zip consumers cycling over unfinished parents (pop, read the children's statuses, put the parent
 * back at the end of the line, sleep) are pooled: every `tick` seconds the pool gets A x tick
 * consumer-seconds (A = consumers cycling) and spends them on pops from the head of the list, each
 * costing the sleep + round trip + that parent's check time; unfinished parents go straight back to
 * the end of the line. A pop that finds work (a new zip, or a parent whose last child finished by
 * then) hands it to one of the pooled consumers, with the time of that pop. So the rate of pops and
 * their order over the list are those of the consumers; what is approximated is which consumer
 * makes which pop and when within a tick, and a parent is back on the list at once instead of after
 * its check (milliseconds). When fewer parents than consumers remain, the surplus consumers find the
 * list empty and sleep as the real ones do. test/model/redis/zipRotation.test.ts compares it with
 * the exact rotation (one event per pop).
 */
export class BulkZipRotation implements ZipCycling {
  /** Pooled consumers that are cycling now (a stack: the most recent joins leave first). */
  private readonly active: Process<unknown>[] = [];
  /** Consumers that joined and make their first pop at a later time (ids index `joining`). */
  private readonly pending = new IndexHeap();
  private readonly joining = new SlotTable<Process<unknown>>();
  private budget = 0;
  private lastTick = 0;
  private tickEvent: EventHandle | null = null;
  cycles = 0;

  constructor(
    private readonly sim: Simulation,
    private readonly queue: PolledQueue,
    private readonly tick: number,
    private readonly parents: WaitingParents,
    private readonly cycleGap: number,
  ) {}

  get size(): number {
    return this.active.length + this.pending.size;
  }

  putBackAndCycle(zip: number, check: number): Waitable<RotationPop> {
    const rotation = this;
    const now = this.sim.now;
    return {
      subscribe(proc) {
        rotation.queue.push(zip);
        rotation.pending.push(now + check + rotation.cycleGap, rotation.joining.add(proc));
        rotation.ensureTick();
        return false;
      },
      unsubscribe(proc) {
        const i = rotation.active.indexOf(proc);
        if (i >= 0) {
          rotation.active.splice(i, 1);
          return;
        }
        const slot = rotation.joining.indexOf(proc);
        if (slot >= 0 && rotation.pending.remove(slot)) rotation.joining.take(slot);
      },
    };
  }

  private ensureTick(): void {
    if (this.tickEvent || this.size === 0) return;
    if (this.active.length === 0) this.lastTick = this.sim.now;
    // the next step on the tick grid after now (active consumers), or when the first joiner pops
    const first = this.active.length > 0 ? this.sim.now + this.tick : this.pending.peekKey();
    const at = Math.max(this.sim.now, Math.ceil(first / this.tick - 1e-9) * this.tick);
    this.tickEvent = this.sim.at(at, this.run);
  }

  private readonly run = (): void => {
    this.tickEvent = null;
    const now = this.sim.now;
    const from = this.lastTick;
    this.lastTick = now;
    // consumer-seconds available since the last step: the active ones all along, joiners from their first pop
    let budget = this.budget + this.active.length * (now - from);
    while (this.pending.size > 0 && this.pending.peekKey() <= now) {
      const ready = this.pending.peekKey();
      budget += now - Math.max(ready, from);
      this.active.push(this.joining.take(this.pending.pop()));
    }
    const queue = this.queue;
    // more consumers than parents: the surplus finds the list empty and sleeps
    while (this.active.length > queue.length) this.active.pop()!.resumeNow({ key: -1, at: now } satisfies RotationPop);
    const span = now - from;
    const start = budget;
    const parents = this.parents;
    const gap = this.cycleGap;
    const keys = queue.keys;
    // true right after a cycle: the next cycle can skip the queue's bookkeeping (PolledQueue.cycleFrontAgain);
    // a run's ~24 M cycles come in long stretches between pops with work
    let cycledLast = false;
    while (this.active.length > 0 && budget > 0) {
      const key = keys.peekFront(); // popped below (with its work) or cycled (waiting)
      if (key === undefined) {
        // the list ran dry: everyone still cycling finds it empty
        const at = span > 0 ? Math.min(now, from + ((start - budget) / start) * span) : now;
        while (this.active.length > 0) this.active.pop()!.resumeNow({ key: -1, at } satisfies RotationPop);
        budget = 0;
        break;
      }
      const workFrom = parents.workFrom(key);
      if (workFrom === Infinity) {
        // most pops find a parent with children still running: no pop time needed
        budget = parents.cycleWaiting(keys, budget, gap);
        this.cycles += parents.cycled;
        queue.cycledFront(parents.cycled, cycledLast);
        cycledLast = true;
        continue;
      }
      const at = span > 0 ? Math.min(now, from + ((start - budget) / start) * span) : now;
      if (workFrom <= at) {
        queue.popNow();
        budget -= gap;
        cycledLast = false; // the consumer resumed here may change the queue
        this.active.pop()!.resumeNow({ key, at } satisfies RotationPop);
        continue;
      }
      // its last child finished after this pop's time (within this step): still waiting then
      this.cycles++;
      budget -= parents.readSeconds(key) + gap;
      if (cycledLast) queue.cycleFrontAgain();
      else queue.cycleFront();
      cycledLast = true;
    }
    this.budget = this.active.length > 0 ? budget : 0;
    this.ensureTick();
  };
}
