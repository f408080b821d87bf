import { EventQueue, ScheduledEvent, type EventHandle } from './eventQueue.ts';
import { Process, type ProcessBody, type StepMachine } from './process.ts';
import { Alarm } from './alarm.ts';

import { Priority, SimulationError, type ProcessHost } from './kernel.ts';

export { Priority, SimulationError };

export type { EventHandle };

export interface RunOptions {
  /**
   * Run events up to and including this time, then set the clock to `until` and return 'until'.
   * If the queue empties first, the clock stays at the last event and the result is 'empty'.
   */
  until?: number;
  /** Checked after each event; the run stops as soon as it returns true. */
  stopWhen?: () => boolean;
  /** Safety valve: stop after this many events (of this call). */
  maxEvents?: number;
}

export type StopReason = 'empty' | 'until' | 'condition' | 'maxEvents' | 'stopped';

/** A periodic timer made with `every`; `cancel()` stops it. */
export interface Timer {
  cancel(): void;
}

/**
 * Called before every executed event (for traces and debugging); slows the run a little. It also sees
 * a DeadlineQueue's entry moving past cancelled timeouts, which `eventsProcessed` does not count.
 */
export type EventHook = (time: number, seq: number, priority: number) => void;

/**
 * The simulation kernel: a clock and a pending-event set. Everything else (processes, stores,
 * resources, the kiosk model) is built on `at`, `schedule` and `cancel`.
 */
export class Simulation implements ProcessHost {
  /** Current simulated time in seconds. Never decreases. */
  now = 0;
  /** Events executed so far (cancelled ones are not counted). */
  eventsProcessed = 0;
  /** Optional observer of every executed event (see EventHook). */
  onEvent: EventHook | null = null;
  private readonly queue = new EventQueue();

  /** The pending-event set, for Process's own re-queueing. @internal */
  get eventQueue(): EventQueue {
    return this.queue;
  }
  private stopRequested = false;
  private running = false;

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
    checkPriority(priority);
    return this.queue.push(time, priority, action);
  }

  /** Runs `action` after `delay` seconds (>= 0). */
  schedule(delay: number, action: () => void, priority: number = Priority.NORMAL): EventHandle {
    if (!(delay >= 0)) throw new SimulationError(`cannot schedule with a negative or NaN delay: ${delay}`);
    checkPriority(priority);
    return this.queue.push(this.now + delay, priority, action);
  }

  /**
   * `schedule` without a handle, for events nobody cancels: the entry is reused once the event fired
   * (no object per event). The same event order as `schedule`.
   */
  post(delay: number, action: () => void, priority: number = Priority.NORMAL): void {
    if (!(delay >= 0)) throw new SimulationError(`cannot schedule with a negative or NaN delay: ${delay}`);
    checkPriority(priority);
    this.queue.pushPooled(this.now + delay, priority, action);
  }

  /** Cancels a pending event; returns false when it already ran or was cancelled. */
  cancel(handle: EventHandle | null | undefined): boolean {
    if (!handle) return false;
    const ev = handle as ScheduledEvent;
    if (ev.target !== null) throw new SimulationError('a process wake-up cannot be cancelled directly; interrupt or kill the process');
    if (!this.queue.remove(ev)) return false;
    ev.action = null;
    return true;
  }

  /**
   * Queues a process's own reusable entry, or an Alarm's, at absolute `time` (>= now) with a fresh
   * sequence number (as `at` gives a new event). Used by Process and Alarm; model code schedules with
   * `at` and `schedule`.
   * @internal
   */
  requeue(entry: ScheduledEvent, time: number, priority: number): void {
    if (entry.index !== -1) throw new SimulationError('internal: an entry was queued twice');
    this.queue.insert(entry, time, priority);
  }

  /**
   * `requeue` at now + `delay`: a process's sleep (a sleep of the delay lane's delay goes there).
   * @internal
   */
  requeueAfter(entry: ScheduledEvent, delay: number, priority: number): void {
    if (entry.index !== -1) throw new SimulationError('internal: an entry was queued twice');
    this.queue.insertAfter(entry, this.now, delay, priority);
  }

  /**
   * Declares a delay (seconds, > 0) that processes sleep very often, exactly (the consumers' Redis
   * round trip): their sleeps of it at NORMAL priority skip the event heap for a FIFO lane that is
   * sorted by construction. The order of events is the same as without it (test/engine/order.test.ts,
   * test/engine/eventQueue.test.ts).
   */
  useDelayLane(delay: number): void {
    this.queue.useDelayLane(delay, Priority.NORMAL);
  }

  /**
   * Queues an engine structure's own entry (a DeadlineQueue's) at absolute `time` (>= now) under a
   * sequence number taken earlier with `eventQueue.reserveSeq()`.
   * @internal
   */
  requeueWithSeq(entry: ScheduledEvent, time: number, priority: number, seq: number): void {
    if (entry.index !== -1) throw new SimulationError('internal: an entry was queued twice');
    if (!(time >= this.now)) throw new SimulationError(`internal: an entry queued in the past: t=${time} < now=${this.now}`);
    this.queue.insertWithSeq(entry, time, priority, seq);
  }

  /**
   * Takes the event being executed off the count: a DeadlineQueue's entry that fell due for a
   * cancelled timeout only moves on (the event it stands for never fires).
   * @internal
   */
  uncountEvent(): void {
    this.eventsProcessed--;
  }

  /**
   * Removes a process's own entry if queued (false otherwise).
   * @internal
   */
  dequeue(entry: ScheduledEvent): boolean {
    return this.queue.remove(entry);
  }

  /** Calls `action` every `interval` seconds, first at now + `firstIn` (default: one interval). */
  every(interval: number, action: (now: number) => void, firstIn = interval, priority: number = Priority.NORMAL): Timer {
    if (!(interval > 0)) throw new SimulationError(`a periodic timer needs a positive interval, got ${interval}`);
    if (!(firstIn >= 0)) throw new SimulationError(`cannot schedule with a negative or NaN delay: ${firstIn}`);
    checkPriority(priority);
    let active = true;
    // one Alarm for every tick (no event object per tick; the same order as a schedule per tick)
    const alarm: Alarm = new Alarm(this, () => {
      if (!active) return;
      alarm.set(interval);
      action(this.now);
    }, priority);
    alarm.set(firstIn);
    return {
      cancel: () => {
        active = false;
        alarm.clear();
      },
    };
  }

  /** Starts a process (a generator or a StepMachine body) at the current time (see Process). */
  process<T = unknown>(body: ProcessBody<T>, name?: string): Process<T>;
  process<T = unknown>(body: StepMachine<T>, name?: string): Process<T>;
  // (separate signatures: with the union alone, a body written inline lost its contextual type)
  process<T = unknown>(body: ProcessBody<T> | StepMachine<T>, name?: string): Process<T>;
  process<T = unknown>(body: ProcessBody<T> | StepMachine<T>, name = 'process'): Process<T> {
    return new Process<T>(this, body, name);
  }

  /** Asks a running `run()` to return after the current event. */
  stop(): void {
    this.stopRequested = true;
  }

  /** Executes the next event; false when none is pending. */
  step(): boolean {
    const ev = this.queue.pop();
    if (ev === undefined) return false;
    this.fire(ev);
    return true;
  }

  /** Runs events in order until the queue empties, `until`, a condition, `maxEvents` or `stop()`. Resumable. */
  run(options: RunOptions = {}): StopReason {
    const until = options.until ?? Infinity;
    if (Number.isNaN(until)) throw new SimulationError('run(until=NaN)');
    if (until < this.now) throw new SimulationError(`run(until=${until}) is in the past (now=${this.now})`);
    if (this.running) throw new SimulationError('run() called from inside an event; schedule work instead');
    const stopWhen = options.stopWhen;
    const maxEvents = options.maxEvents ?? Infinity;
    const queue = this.queue;
    let executed = 0;
    this.stopRequested = false;
    this.running = true;
    try {
      if (stopWhen === undefined && maxEvents === Infinity) {
        // the common case, with nothing to check after each event but stop()
        for (;;) {
          const ev = queue.pop(until);
          if (ev === undefined) break;
          this.fire(ev);
          if (this.stopRequested) return 'stopped';
        }
      } else {
        for (;;) {
          const ev = queue.pop(until);
          if (ev === undefined) break;
          this.fire(ev);
          if (this.stopRequested) return 'stopped';
          if (stopWhen !== undefined && stopWhen()) return 'condition';
          if (++executed >= maxEvents) return 'maxEvents';
        }
      }
      if (queue.size === 0) return 'empty';
      this.now = until;
      return 'until';
    } finally {
      this.running = false;
    }
  }

  private fire(ev: ScheduledEvent): void {
    this.now = ev.time;
    this.eventsProcessed++;
    if (this.onEvent !== null) this.onEvent(ev.time, ev.seq, ev.priority);
    const target = ev.target;
    if (target !== null) {
      target.resume();
    } else {
      const action = ev.action!;
      ev.action = null;
      if (ev.pooled) this.queue.recycleOneShot(ev); // before the action, which may post into it again
      action();
    }
  }
}

function checkPriority(priority: number): void {
  if (!Number.isFinite(priority)) throw new SimulationError(`event priority must be a finite number, got ${priority}`);
}
