import type { Process, Waitable } from './process.ts';

/**
 * A one-shot event (SimPy's Event): processes that yield it wait until `succeed(value)`;
 * after that, yielding it returns the value at once.
 */
export class Signal<T = void> implements Waitable<T> {
  triggered = false;
  value: T | undefined = undefined;
  private waiters: Process<unknown>[] = [];
  private callbacks: ((value: T) => void)[] = [];

  succeed(value: T): void {
    if (this.triggered) throw new Error('a Signal can only be triggered once');
    this.triggered = true;
    this.value = value;
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w.wake(value);
    const cbs = this.callbacks;
    this.callbacks = [];
    for (const cb of cbs) cb(value);
  }

  /** Calls `cb` (synchronously) when triggered, or now if already triggered. */
  onTrigger(cb: (value: T) => void): void {
    if (this.triggered) cb(this.value as T);
    else this.callbacks.push(cb);
  }

  subscribe(proc: Process<unknown>): boolean {
    if (this.triggered) {
      proc.received = this.value;
      return true;
    }
    this.waiters.push(proc);
    return false;
  }

  unsubscribe(proc: Process<unknown>): void {
    const i = this.waiters.indexOf(proc);
    if (i >= 0) this.waiters.splice(i, 1);
  }
}
