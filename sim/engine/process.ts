import type { EventHandle, Simulation } from './simulation.ts';

/**
 * Something a process can wait for by yielding it (a store take, a resource request, a signal,
 * another process). `subscribe` returns true when it is satisfied at once, with the value left in
 * `proc.received`; otherwise it keeps the process and later calls `proc.wake(value)`.
 */
export interface Waitable<T = unknown> {
  subscribe(proc: Process<unknown>): boolean;
  /** Forgets a waiting process (on interrupt or kill). */
  unsubscribe(proc: Process<unknown>): void;
  /** Phantom field carrying the value type for `yield*`-free typing helpers. */
  readonly __value?: T;
}

/** What a process body may yield: a delay in seconds, or a Waitable. */
export type Yieldable = number | Waitable<unknown>;
export type ProcessBody<T> = Generator<Yieldable, T, any>;

/** Thrown into a process by `interrupt(cause)`. */
export class Interrupt extends Error {
  constructor(readonly cause: unknown) {
    super(`interrupted: ${String(cause)}`);
    this.name = 'Interrupt';
  }
}

/**
 * A long-lived component written as a generator, SimPy style:
 *   `yield 5` sleeps 5 s; `const job = yield queue.take()` waits for an item.
 * The hot path allocates nothing per sleep beyond the event itself. A process is itself a
 * Waitable: yielding it waits until it returns, and gives its return value.
 */
export class Process<T = unknown> implements Waitable<T> {
  /** Value delivered by the last satisfied wait. */
  received: unknown = undefined;
  done = false;
  result: T | undefined = undefined;
  private pendingEvent: EventHandle | null = null;
  private waitingOn: Waitable<unknown> | null = null;
  private joiners: Process<unknown>[] | null = null;
  private readonly resumeAction: () => void;

  constructor(
    readonly sim: Simulation,
    private readonly body: ProcessBody<T>,
    readonly name: string,
  ) {
    this.resumeAction = () => {
      this.pendingEvent = null;
      this.waitingOn = null;
      this.advance(this.received, false);
    };
    this.pendingEvent = sim.schedule(0, this.resumeAction, 0);
  }

  /** Called by a Waitable when it is satisfied: resumes the process at the current time. */
  wake(value: unknown): void {
    this.received = value;
    this.waitingOn = null;
    this.pendingEvent = this.sim.schedule(0, this.resumeAction);
  }

  /** Throws an Interrupt(cause) into the process at the current time, abandoning its current wait. */
  interrupt(cause: unknown): void {
    if (this.done) return;
    this.abandonWait();
    this.pendingEvent = this.sim.schedule(0, () => {
      this.pendingEvent = null;
      this.advance(new Interrupt(cause), true);
    }, 0);
  }

  /** Ends the process now: its `finally` blocks run, waiters are released with `undefined`. */
  kill(): void {
    if (this.done) return;
    this.abandonWait();
    this.body.return(undefined as T);
    this.finish(undefined);
  }

  get isWaiting(): boolean {
    return this.pendingEvent !== null || this.waitingOn !== null;
  }

  subscribe(proc: Process<unknown>): boolean {
    if (this.done) {
      proc.received = this.result;
      return true;
    }
    (this.joiners ??= []).push(proc);
    return false;
  }

  unsubscribe(proc: Process<unknown>): void {
    if (!this.joiners) return;
    const i = this.joiners.indexOf(proc);
    if (i >= 0) this.joiners.splice(i, 1);
  }

  private abandonWait(): void {
    if (this.pendingEvent) {
      this.sim.cancel(this.pendingEvent);
      this.pendingEvent = null;
    }
    if (this.waitingOn) {
      this.waitingOn.unsubscribe(this as Process<unknown>);
      this.waitingOn = null;
    }
  }

  private advance(value: unknown, isThrow: boolean): void {
    const body = this.body;
    let step: IteratorResult<Yieldable, T>;
    for (;;) {
      step = isThrow ? body.throw(value) : body.next(value);
      isThrow = false;
      if (step.done) {
        this.finish(step.value);
        return;
      }
      const y = step.value;
      if (typeof y === 'number') {
        this.pendingEvent = this.sim.schedule(y, this.resumeAction);
        this.received = undefined;
        return;
      }
      if (y.subscribe(this as Process<unknown>)) {
        value = this.received;
        continue;
      }
      this.waitingOn = y;
      return;
    }
  }

  private finish(result: T | undefined): void {
    this.done = true;
    this.result = result;
    const joiners = this.joiners;
    this.joiners = null;
    if (joiners) for (const j of joiners) j.wake(result);
  }
}
