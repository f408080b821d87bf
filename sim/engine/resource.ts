import { Deque } from './deque.ts';
import type { Process, Waitable } from './process.ts';
import type { Simulation } from './simulation.ts';

/**
 * Anything handed a unit later: a waiting process, or the callback of a `request`, kept as it is
 * (no wrapper object per waiting request) and run as an event when handed its unit.
 */
type Waiter = Process<unknown> | (() => void);

/**
 * A counted resource with a FIFO waiting list (SimPy's Resource): `yield res.acquire()` takes one
 * unit, waiting while all `capacity` units are in use; `release()` hands the unit to the next waiter.
 * `request(sim, granted)` is the same for event-callback code: `granted` runs at once when a unit is
 * free, else as an event when one is handed over. The capacity can change at run time.
 */
export class Resource {
  private busy = 0;
  private readonly waiters = new Deque<Waiter>();
  /** The simulation of the last `request` that waited (it runs the callbacks it is handed). */
  private sim: Simulation | null = null;
  private readonly acquireOp: Waitable<void>;

  constructor(private cap: number) {
    const res = this;
    this.acquireOp = {
      subscribe(proc) {
        if (res.busy < res.cap) {
          res.busy++;
          proc.received = undefined;
          return true;
        }
        res.waiters.pushBack(proc);
        return false;
      },
      unsubscribe(proc: Process<unknown>) {
        res.waiters.remove(proc);
      },
    };
  }

  get capacity(): number {
    return this.cap;
  }

  get inUse(): number {
    return this.busy;
  }

  get queueLength(): number {
    return this.waiters.length;
  }

  /** Yield this from a process to hold one unit. */
  acquire(): Waitable<void> {
    return this.acquireOp;
  }

  /**
   * Callback form of `acquire`: runs `granted` now if a unit is free, otherwise when a unit is
   * handed to this request (first come, first served with waiting processes), as an event at that time.
   */
  request(sim: Simulation, granted: () => void): void {
    if (this.busy < this.cap) {
      this.busy++;
      granted();
      return;
    }
    this.sim = sim;
    this.waiters.pushBack(granted);
  }

  /** Takes a unit if one is free, without waiting. */
  tryAcquire(): boolean {
    if (this.busy < this.cap) {
      this.busy++;
      return true;
    }
    return false;
  }

  release(): void {
    if (this.busy <= 0) throw new Error('release() without a matching acquire()');
    if (this.busy <= this.cap && this.waiters.length > 0) {
      this.hand(this.waiters.popFront()!); // the unit passes straight to the next waiter
      return;
    }
    this.busy--;
  }

  /** Changes the number of units; waiters are admitted if units become free. */
  setCapacity(cap: number): void {
    this.cap = cap;
    while (this.busy < this.cap && this.waiters.length > 0) {
      this.busy++;
      this.hand(this.waiters.popFront()!);
    }
  }

  /** Gives a unit to a waiter: a process resumes, a callback runs as an event now. */
  private hand(w: Waiter): void {
    if (typeof w === 'function') this.sim!.post(0, w);
    else w.wake(undefined);
  }
}
