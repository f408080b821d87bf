import { Deque } from './deque.ts';
import type { Process, Waitable } from './process.ts';

/**
 * A counted resource with a FIFO waiting list (SimPy's Resource): `yield res.acquire()` takes one
 * unit, waiting while all `capacity` units are in use; `release()` hands the unit to the next waiter.
 * The capacity can change at run time (e.g. servers added or removed).
 */
export class Resource {
  private busy = 0;
  private readonly waiters = new Deque<Process<unknown>>();
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
      unsubscribe(proc) {
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
      this.waiters.popFront()!.wake(undefined); // the unit passes straight to the next waiter
      return;
    }
    this.busy--;
  }

  /** Changes the number of units; waiters are admitted if units become free. */
  setCapacity(cap: number): void {
    this.cap = cap;
    while (this.busy < this.cap && this.waiters.length > 0) {
      this.busy++;
      this.waiters.popFront()!.wake(undefined);
    }
  }
}
