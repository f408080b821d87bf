import type { EventQueue, ScheduledEvent } from './eventQueue.ts';

/** Event priorities: lower runs first among events at the same time. */
export const Priority = { URGENT: 0, NORMAL: 1, LATE: 2 } as const;

/** A scheduling mistake in model code (a bug, not a user error). */
export class SimulationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SimulationError';
  }
}

/**
 * What a Process needs from the kernel: the clock and its own queue entry's (re)scheduling. Simulation
 * implements it; processes depend on this, not on Simulation, so the two files do not import each other.
 */
export interface ProcessHost {
  readonly now: number;
  /** The pending-event set (the process takes its entry from the pool and hands it back). */
  readonly eventQueue: EventQueue;
  /** Puts an entry (back) into the queue at `time`. */
  requeue(entry: ScheduledEvent, time: number, priority: number): void;
  /** Puts an entry (back) into the queue `delay` seconds from now (a sleep). */
  requeueAfter(entry: ScheduledEvent, delay: number, priority: number): void;
  /** Takes a queued entry out; false when it was not queued. */
  dequeue(entry: ScheduledEvent): boolean;
}
