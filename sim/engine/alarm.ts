import { ScheduledEvent } from './eventQueue.ts';
import { Priority, SimulationError, type ProcessHost } from './kernel.ts';

/**
 * One timer set over and over for the same action (a server's end of the batch it runs): what
 * `sim.schedule(delay, action)` gives each time, with one queue entry for the owner's whole life.
 *
 * Same order as schedule: `set` inserts with a fresh sequence number, exactly as schedule would. What it
 * buys: no event object per setting, and an entry that soon lives in V8's old generation, so the heap's
 * stores of it (at insert and at every sift move) skip the write barrier's slow path that a young event
 * object takes each time (see EventQueue.spareEntries).
 */
export class Alarm {
  private readonly entry = new ScheduledEvent(null, null);

  constructor(
    /** The kernel (a Simulation), seen through the narrow interface a Process uses. */
    private readonly sim: ProcessHost,
    private readonly action: () => void,
    private readonly priority: number = Priority.NORMAL,
  ) {}

  /** True while set and not yet rung or cleared. */
  get pending(): boolean {
    return this.entry.index !== -1;
  }

  /** Rings `delay` seconds from now (>= 0); the alarm must not be pending. */
  set(delay: number): void {
    if (!(delay >= 0)) throw new SimulationError(`cannot set an alarm with a negative or NaN delay: ${delay}`);
    if (this.entry.index !== -1) throw new SimulationError('an alarm was set while pending; clear it first');
    // the kernel clears an entry's action before calling it
    this.entry.action = this.action;
    this.sim.requeue(this.entry, this.sim.now + delay, this.priority);
  }

  /** Takes a pending alarm back; false when it was not pending. */
  clear(): boolean {
    if (!this.sim.dequeue(this.entry)) return false;
    this.entry.action = null;
    return true;
  }
}
