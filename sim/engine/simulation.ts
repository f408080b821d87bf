import { EventQueue, type ScheduledEvent } from './eventQueue.ts';
import { Process, type ProcessBody } from './process.ts';

/** Event priorities: lower runs first among events at the same time. */
export const Priority = { URGENT: 0, NORMAL: 1, LATE: 2 } as const;

/** A scheduling mistake in model code (a bug, not a user error). */
export class SimulationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SimulationError';
  }
}

export type EventHandle = ScheduledEvent;

export interface RunOptions {
  /** Stop before any event later than this time; the clock is then set to `until`. */
  until?: number;
  /** Checked after each event; the run stops as soon as it returns true. */
  stopWhen?: () => boolean;
  /** Safety valve: stop after this many events. */
  maxEvents?: number;
}

export type StopReason = 'empty' | 'until' | 'condition' | 'maxEvents' | 'stopped';

/** A periodic timer made with `every`; `cancel()` stops it. */
export interface Timer {
  cancel(): void;
}

/**
 * The simulation kernel: a clock and a pending-event set. Everything else (processes, stores,
 * resources, the kiosk model) is built on `at`, `schedule` and `cancel`.
 */
export class Simulation {
  /** Current simulated time in seconds. Never decreases. */
  now = 0;
  /** Events executed so far (cancelled ones are not counted). */
  eventsProcessed = 0;
  private readonly queue = new EventQueue();
  private stopRequested = false;

  /** Number of pending events. */
  get pending(): number {
    return this.queue.size;
  }

  /** Time of the next pending event (Infinity when none). */
  peek(): number {
    return this.queue.peekTime();
  }

  /** Runs `action` at absolute time `time` (>= now). */
  at(time: number, action: () => void, priority: number = Priority.NORMAL): EventHandle {
    if (!(time >= this.now)) {
      throw new SimulationError(
        Number.isNaN(time)
          ? 'cannot schedule an event at time NaN'
          : `cannot schedule an event in the past: t=${time} < now=${this.now}`,
      );
    }
    return this.queue.push(time, priority, action);
  }

  /** Runs `action` after `delay` seconds (>= 0). */
  schedule(delay: number, action: () => void, priority: number = Priority.NORMAL): EventHandle {
    if (!(delay >= 0)) throw new SimulationError(`cannot schedule with a negative or NaN delay: ${delay}`);
    return this.queue.push(this.now + delay, priority, action);
  }

  /** Cancels a pending event; returns false when it already ran or was cancelled. */
  cancel(handle: EventHandle | null | undefined): boolean {
    if (!handle || handle.action === null) return false;
    handle.action = null;
    return this.queue.remove(handle);
  }

  /** Calls `action` every `interval` seconds, first at now + `firstIn` (default: one interval). */
  every(interval: number, action: (now: number) => void, firstIn = interval, priority: number = Priority.NORMAL): Timer {
    if (!(interval > 0)) throw new SimulationError(`a periodic timer needs a positive interval, got ${interval}`);
    let handle: EventHandle | null = null;
    let active = true;
    const tick = (): void => {
      if (!active) return;
      handle = this.schedule(interval, tick, priority);
      action(this.now);
    };
    handle = this.schedule(firstIn, tick, priority);
    return {
      cancel: () => {
        active = false;
        this.cancel(handle);
      },
    };
  }

  /** Starts a generator-based process at the current time (see Process). */
  process<T = unknown>(body: ProcessBody<T>, name = 'process'): Process<T> {
    return new Process<T>(this, body, name);
  }

  /** Asks a running `run()` to return after the current event. */
  stop(): void {
    this.stopRequested = true;
  }

  /** Executes the next event; false when none is pending. */
  step(): boolean {
    const ev = this.queue.pop();
    if (!ev) return false;
    const action = ev.action!;
    ev.action = null;
    this.now = ev.time;
    this.eventsProcessed++;
    action();
    return true;
  }

  /** Runs events in order until the queue empties, `until`, a condition, `maxEvents` or `stop()`. Resumable. */
  run(options: RunOptions = {}): StopReason {
    const until = options.until ?? Infinity;
    if (until < this.now) throw new SimulationError(`run(until=${until}) is in the past (now=${this.now})`);
    const stopWhen = options.stopWhen;
    const maxEvents = options.maxEvents ?? Infinity;
    const queue = this.queue;
    let executed = 0;
    this.stopRequested = false;
    for (;;) {
      const t = queue.peekTime();
      if (t === Infinity) return 'empty';
      if (t > until) {
        this.now = until;
        return 'until';
      }
      const ev = queue.pop()!;
      const action = ev.action!;
      ev.action = null;
      this.now = t;
      this.eventsProcessed++;
      action();
      if (this.stopRequested) return 'stopped';
      if (stopWhen !== undefined && stopWhen()) return 'condition';
      if (++executed >= maxEvents) return 'maxEvents';
    }
  }
}
