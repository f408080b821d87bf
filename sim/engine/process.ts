import type { Resumable, ScheduledEvent } from './eventQueue.ts';
import { Priority, SimulationError, type ProcessHost } from './kernel.ts';

// Priority.URGENT and NORMAL copied once into local constants: the hot path then reads no
// binding of another module (tsx compiles each import to a getter call).
const URGENT: number = Priority.URGENT;
const NORMAL: number = Priority.NORMAL;

// Process.flags: one small integer instead of five boolean fields (a process is allocated per
// customer in a queueing model, so every field counts).
/** The body is executing (between a resume and its next yield). */
const RUNNING = 1;
/** The entry is queued for a sleep (which an interrupt may cancel). */
const SLEEPING = 2;
/** The next resume throws `received` into the body instead of sending it. */
const THROW_NEXT = 4;
/** The body returned, was killed or threw. */
const DONE = 8;
/** The body threw: `outcome` is the error. */
const FAILED = 16;

/**
 * Something a process can wait for by yielding it (a store take, a resource request, a signal,
 * another process). `subscribe` returns true when it is satisfied at once, with the value left in
 * `proc.received`; otherwise it keeps the process and later calls `proc.wake(value)` (resumes at the
 * current time, after the events already due now) or `proc.resumeNow(value)` (resumes inside the
 * current event).
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

/** The type of FINISHED. */
export interface Finished {
  readonly finished: true;
}

/**
 * What a StepMachine's `step` returns when its body has ended (its return value is then `result`).
 * An object, not a unique symbol: TypeScript widened a symbol returned from a block-bodied arrow to
 * `symbol`, which then matched no signature.
 */
export const FINISHED: Finished = Object.freeze({ finished: true });

/**
 * A process body written by hand instead of as a generator, for the few loops that run millions of
 * times (the image consumer): its locals live in fields, and `step` runs from the last yield to the
 * next one, usually a switch on where it stopped. Resuming it costs a method call, where resuming a
 * generator with many locals restores its whole register file and allocates an IteratorResult.
 * A machine yields exactly what the equivalent generator would (delays and Waitables, in the same
 * order), so the event order is the same.
 */
export interface StepMachine<T = unknown> {
  /** Runs on from the last yield, which gave `received` (undefined at the start); the next yield, or FINISHED. */
  step(received: unknown): Yieldable | Finished;
  /**
   * Receives an error at the last yield (an Interrupt, a joined process's failure, a bad yield): like
   * a generator's catch, it goes on and returns the next yield or FINISHED, or throws. Without it the
   * error ends the process, as in a generator with no try/catch.
   */
  throwIn?(error: unknown): Yieldable | Finished;
  /** On kill: the generator's finally blocks (must not yield). */
  stop?(): void;
  /** The return value, read once `step` returned FINISHED. */
  readonly result?: T;
}

/** True when `body` is a StepMachine (a generator has `next`; a machine has `step` and no `next`). */
function isStepMachine<T>(body: ProcessBody<T> | StepMachine<T>): body is StepMachine<T> {
  return typeof (body as Partial<ProcessBody<T>>).next !== 'function' && typeof (body as StepMachine<T>).step === 'function';
}

/** A machine with no throwIn: the error escapes at its yield. */
function rethrow(error: unknown): never {
  throw error;
}

/**
 * %GeneratorPrototype%'s own next and throw. Calling them directly (`genNext.call(body, v)`) skips
 * the lookup of `body.next`, which turns slow (megamorphic) when thousands of processes come from
 * distinct generator closures, each with its own object shape. Bodies that are not native
 * generators use their own methods.
 */
const GeneratorPrototype = Object.getPrototypeOf(Object.getPrototypeOf((function* () {})())) as Generator;
const genNext = GeneratorPrototype.next;
const genThrow = GeneratorPrototype.throw;

/**
 * True when `body` resumes through %GeneratorPrototype%'s own next and throw (a native generator that
 * overrides neither). Two property loads: cheaper than walking the prototype chain for every process.
 */
function isNativeGenerator(body: ProcessBody<unknown>): boolean {
  return body.next === genNext && body.throw === genThrow;
}

/** A native generator that forwards next, throw and return to any other iterator. */
function* delegateTo<T>(body: ProcessBody<T>): ProcessBody<T> {
  return yield* body;
}

/** Thrown into a process by `interrupt(cause)`. */
export class Interrupt extends Error {
  constructor(override readonly cause: unknown) {
    super(`interrupted: ${String(cause)}`);
    this.name = 'Interrupt';
  }
}

/**
 * A long-lived component written as a generator, SimPy style:
 *   `yield 5` sleeps 5 s; `const job = yield queue.take()` waits for an item.
 * Or as a StepMachine that returns what the generator would yield (same semantics).
 *
 * Lifecycle: a new process starts at the current time in an URGENT event (so the code that created
 * it finishes first). It is then running, sleeping (a queued wake-up), waiting (on a Waitable), or
 * done. A process is itself a Waitable: yielding it waits until it returns and gives its return value.
 *
 * Failures: an exception that escapes the body ends the process (`error` holds it). Processes that
 * joined it get the exception thrown at their `yield`; when nobody joined, it propagates out of
 * `Simulation.run()` (unhandled failures are never silent). Yielding a negative or NaN delay, or
 * something that is neither a number nor a Waitable, throws a SimulationError into the body.
 *
 * Hot path: each process owns one queue entry, re-queued for every sleep and wake-up, so sleeping
 * and waking allocate nothing; the entry comes from the kernel's pool and goes back to it when the
 * process ends (see EventQueue.processEntry).
 */
export class Process<T = unknown> implements Waitable<T>, Resumable {
  /** Value delivered by the last satisfied wait (or the error to throw, see THROW_NEXT). */
  received: unknown = undefined;
  /** RUNNING, SLEEPING, THROW_NEXT, DONE, FAILED. */
  private flags = 0;
  /** The return value once DONE, or the exception once FAILED. */
  private outcome: unknown = undefined;
  /** This process's queue entry (from the kernel's pool; handed back when the process ends). */
  private readonly entry: ScheduledEvent;
  private waitingOn: Waitable<unknown> | null = null;
  private joiners: Process<unknown>[] | null = null;
  /** Interrupts waiting for the process to reach its next yield. */
  private interrupts: unknown[] | null = null;
  /** The generator body (null for a machine). */
  private readonly body: ProcessBody<T> | null;
  /** The machine body (null for a generator). */
  private readonly machine: StepMachine<T> | null;

  constructor(
    readonly sim: ProcessHost,
    body: ProcessBody<T> | StepMachine<T>,
    readonly name: string,
  ) {
    if (isStepMachine(body)) {
      this.machine = body;
      this.body = null;
    } else {
      this.machine = null;
      // Every generator resumes through genNext/genThrow: other iterators are wrapped in a native generator.
      this.body = isNativeGenerator(body) ? body : delegateTo(body);
    }
    this.entry = sim.eventQueue.processEntry(this);
    sim.requeue(this.entry, sim.now, URGENT);
  }

  /** True once the body has returned, was killed or threw. */
  get done(): boolean {
    return (this.flags & DONE) !== 0;
  }

  /** The body's return value (undefined until done, when killed, or when it failed). */
  get result(): T | undefined {
    return (this.flags & (DONE | FAILED)) === DONE ? (this.outcome as T | undefined) : undefined;
  }

  /** The exception that ended the process, if it failed. */
  get error(): unknown {
    return (this.flags & FAILED) !== 0 ? this.outcome : undefined;
  }

  /** True while the process waits on a Waitable or sleeps (not running, not done, not due to start). */
  get isWaiting(): boolean {
    return this.waitingOn !== null || (this.flags & SLEEPING) !== 0;
  }

  /** Called by a Waitable when it is satisfied: resumes the process at the current time (a NORMAL event). */
  wake(value: unknown): void {
    if ((this.flags & DONE) !== 0) this.wokenAfterEnd();
    this.received = value;
    this.waitingOn = null;
    this.sim.requeue(this.entry, this.sim.now, NORMAL);
  }

  /** Like `wake`, but throws `error` into the process at its `yield`. */
  wakeThrow(error: unknown): void {
    if ((this.flags & DONE) !== 0) this.wokenAfterEnd();
    this.received = error;
    this.flags |= THROW_NEXT;
    this.waitingOn = null;
    this.sim.requeue(this.entry, this.sim.now, NORMAL);
  }

  /**
   * Called by a Waitable (or a timer it owns) to resume a waiting process synchronously, inside the
   * current event, with `value`; saves the event that `wake` would cost.
   */
  resumeNow(value: unknown): void {
    if ((this.flags & RUNNING) !== 0) throw new SimulationError(`process '${this.name}' cannot resume itself`);
    if (this.waitingOn === null) throw new SimulationError(`process '${this.name}' is not waiting on anything`);
    this.waitingOn = null;
    this.received = value;
    this.advance();
  }

  /**
   * Throws an Interrupt(cause) into the process at the current time (an URGENT event), abandoning a
   * sleep or a wait. A process that is running, or has a start or a wake-up already due (its wait was
   * satisfied: a store item or a resource unit is on its way), first receives that, and the interrupt
   * is thrown at its next `yield`, so nothing handed to it is lost. Several interrupts arrive in order.
   * Interrupting a finished process does nothing.
   */
  interrupt(cause: unknown): void {
    if ((this.flags & DONE) !== 0) return;
    if ((this.flags & RUNNING) !== 0 || this.hasWakeUpDue()) {
      (this.interrupts ??= []).push(cause);
      return;
    }
    this.deliverInterrupt(cause);
  }

  /**
   * Ends the process now: its `finally` blocks run (they must not yield), and processes that joined
   * it resume with `undefined`. A value already handed to it but not yet received (a store item, a
   * resource unit) is dropped: release such things in `finally`. A process cannot kill itself.
   */
  kill(): void {
    if ((this.flags & DONE) !== 0) return;
    if ((this.flags & RUNNING) !== 0) throw new SimulationError(`process '${this.name}' cannot kill itself; return from its body instead`);
    this.abandonWait();
    this.interrupts = null;
    this.flags |= RUNNING;
    try {
      if (this.machine !== null) this.machine.stop?.();
      else this.body!.return(undefined as T);
    } finally {
      this.flags &= ~RUNNING;
    }
    this.finish(undefined);
  }

  subscribe(proc: Process<unknown>): boolean {
    if ((this.flags & DONE) !== 0) {
      if ((this.flags & FAILED) !== 0) {
        proc.wakeThrow(this.outcome);
        return false;
      }
      proc.received = this.outcome;
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

  /** Called by the kernel when the process's entry fires. @internal */
  resume(): void {
    this.flags &= ~SLEEPING;
    this.advance();
  }

  /** A Waitable kept an ended process (its entry may now serve another process): a bug to surface. */
  private wokenAfterEnd(): never {
    throw new SimulationError(`process '${this.name}' was woken after it ended (a Waitable kept it after unsubscribe)`);
  }

  /** A start or a wake-up (not a sleep's end) is queued: something is on its way to the body. */
  private hasWakeUpDue(): boolean {
    return this.entry.index !== -1 && (this.flags & SLEEPING) === 0;
  }

  private deliverInterrupt(cause: unknown): void {
    this.abandonWait();
    this.received = new Interrupt(cause);
    this.flags |= THROW_NEXT;
    this.sim.requeue(this.entry, this.sim.now, URGENT);
  }

  private abandonWait(): void {
    if (this.entry.index !== -1) this.sim.dequeue(this.entry);
    this.flags &= ~(SLEEPING | THROW_NEXT);
    if (this.waitingOn !== null) {
      this.waitingOn.unsubscribe(this as Process<unknown>);
      this.waitingOn = null;
    }
  }

  /** Runs the body from its current yield until it blocks again or ends. */
  private advance(): void {
    if (this.machine !== null) {
      this.advanceMachine(this.machine);
      return;
    }
    const body = this.body!;
    let value = this.received;
    let isThrow = (this.flags & THROW_NEXT) !== 0;
    this.received = undefined;
    this.flags = (this.flags & ~THROW_NEXT) | RUNNING;
    try {
      for (;;) {
        const step = (isThrow ? genThrow.call(body, value) : genNext.call(body, value)) as IteratorResult<Yieldable, T>;
        if (step.done === true) {
          this.flags &= ~RUNNING;
          this.finish(step.value);
          return;
        }
        const y = step.value;
        if (typeof y === 'number') {
          if (y >= 0) {
            this.flags |= SLEEPING;
            this.sim.requeueAfter(this.entry, y, NORMAL);
            break;
          }
          value = new SimulationError(`process '${this.name}' yielded a negative or NaN delay: ${y}`);
          isThrow = true;
          continue;
        }
        if (y === null || typeof y !== 'object' || typeof y.subscribe !== 'function') {
          value = new SimulationError(`process '${this.name}' yielded ${String(y)}; yield a delay in seconds or a Waitable`);
          isThrow = true;
          continue;
        }
        if (y.subscribe(this as Process<unknown>)) {
          value = this.received;
          this.received = undefined;
          isThrow = false;
          continue;
        }
        if (this.entry.index === -1) this.waitingOn = y; // (subscribe may already have queued a wake-up)
        break;
      }
    } catch (error) {
      this.flags &= ~RUNNING;
      this.fail(error);
      return;
    }
    this.flags &= ~RUNNING;
    if (this.interrupts !== null && this.interrupts.length > 0 && !this.hasWakeUpDue()) {
      this.deliverInterrupt(this.interrupts.shift());
    }
  }

  /**
   * advance() for a StepMachine: the same dispatch of what it yields, with `step`/`throwIn` in place
   * of the generator's next/throw. Kept as a second loop rather than one loop over both body kinds:
   * one loop would test the kind at every step of the run's hottest path, and each copy stays
   * monomorphic (test/engine/machine.test.ts checks both give the same event order).
   */
  private advanceMachine(m: StepMachine<T>): void {
    let value = this.received;
    let isThrow = (this.flags & THROW_NEXT) !== 0;
    this.received = undefined;
    this.flags = (this.flags & ~THROW_NEXT) | RUNNING;
    try {
      for (;;) {
        const y = isThrow ? (m.throwIn !== undefined ? m.throwIn(value) : rethrow(value)) : m.step(value);
        if (typeof y === 'number') {
          if (y >= 0) {
            this.flags |= SLEEPING;
            this.sim.requeueAfter(this.entry, y, NORMAL);
            break;
          }
          value = new SimulationError(`process '${this.name}' yielded a negative or NaN delay: ${y}`);
          isThrow = true;
          continue;
        }
        if (y === FINISHED) {
          this.flags &= ~RUNNING;
          this.finish(m.result);
          return;
        }
        if (y === null || typeof y !== 'object' || typeof (y as Waitable).subscribe !== 'function') {
          value = new SimulationError(`process '${this.name}' yielded ${String(y)}; yield a delay in seconds or a Waitable`);
          isThrow = true;
          continue;
        }
        const w = y as Waitable;
        if (w.subscribe(this as Process<unknown>)) {
          value = this.received;
          this.received = undefined;
          isThrow = false;
          continue;
        }
        if (this.entry.index === -1) this.waitingOn = w; // (subscribe may already have queued a wake-up)
        break;
      }
    } catch (error) {
      this.flags &= ~RUNNING;
      this.fail(error);
      return;
    }
    this.flags &= ~RUNNING;
    if (this.interrupts !== null && this.interrupts.length > 0 && !this.hasWakeUpDue()) {
      this.deliverInterrupt(this.interrupts.shift());
    }
  }

  /** Marks the process ended and hands its entry back to the kernel's pool (a done process never uses it again). */
  private end(flags: number, outcome: unknown): void {
    this.flags = flags;
    this.outcome = outcome;
    this.interrupts = null;
    if (this.entry.index !== -1) this.sim.dequeue(this.entry);
    this.sim.eventQueue.recycle(this.entry);
  }

  private finish(result: T | undefined): void {
    this.end(DONE, result);
    const joiners = this.joiners;
    if (joiners === null) return;
    this.joiners = null;
    for (let i = 0; i < joiners.length; i++) joiners[i]!.wake(result);
  }

  private fail(thrown: unknown): void {
    const error = thrown ?? new SimulationError(`process '${this.name}' threw ${String(thrown)}`);
    this.end(DONE | FAILED, error);
    const joiners = this.joiners;
    this.joiners = null;
    if (joiners && joiners.length > 0) {
      for (const j of joiners) j.wakeThrow(error);
      return;
    }
    throw error;
  }
}
