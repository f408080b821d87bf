/**
 * The pending-event set: a binary min-heap ordered by (time, priority, insertion sequence).
 * Ties in time and priority run first-in first-out, so a run is reproducible exactly.
 * Each entry records its heap index, so cancelling removes it at once (O(log n)) and the
 * heap holds only live events: memory grows with pending events, not with events processed.
 *
 * An entry either calls a function (`action`) or resumes a process (`target`). A process owns one
 * entry for its whole life and re-queues it for every sleep and wake-up, so the hot path of a
 * process allocates nothing per event.
 */

/** What a queued entry can resume instead of calling a function (a Process). */
export interface Resumable {
  resume(): void;
}

/** A scheduled event as seen by model code: read its time; pass it to `Simulation.cancel`. */
export interface EventHandle {
  /** Simulated time (seconds) at which the event fires. */
  readonly time: number;
  /** Lower runs first among events at the same time. */
  readonly priority: number;
  /** Insertion order: the FIFO tie-breaker. */
  readonly seq: number;
  /** True while the event waits in the queue (not yet fired, not cancelled). */
  readonly pending: boolean;
}

export class ScheduledEvent implements EventHandle {
  time = 0;
  priority = 0;
  seq = 0;
  /** Position in the heap, -1 when not queued. */
  index = -1;
  constructor(
    /** The action; null once a one-shot event has fired or been cancelled. */
    public action: (() => void) | null,
    /** A process to resume instead (its reusable entry); null for function events. */
    readonly target: Resumable | null,
  ) {}

  get pending(): boolean {
    return this.index >= 0;
  }
}

export class EventQueue {
  private readonly heap: ScheduledEvent[] = [];
  private nextSeq = 0;

  get size(): number {
    return this.heap.length;
  }

  /** Time of the earliest pending event, or Infinity when empty. */
  peekTime(): number {
    const heap = this.heap;
    return heap.length !== 0 ? heap[0]!.time : Infinity;
  }

  /** The earliest pending event without removing it. */
  peek(): ScheduledEvent | undefined {
    return this.heap[0];
  }

  /** Queues a new one-shot event that calls `action`. */
  push(time: number, priority: number, action: () => void): ScheduledEvent {
    const ev = new ScheduledEvent(action, null);
    this.insert(ev, time, priority);
    return ev;
  }

  /** Queues `ev` (which must not be queued) at (time, priority) with a fresh sequence number. */
  insert(ev: ScheduledEvent, time: number, priority: number): void {
    ev.time = time;
    ev.priority = priority;
    ev.seq = this.nextSeq++;
    const heap = this.heap;
    let i = heap.length;
    heap.push(ev);
    while (i > 0) {
      const p = (i - 1) >> 1;
      const parent = heap[p]!;
      if (!before(ev, parent)) break;
      heap[i] = parent;
      parent.index = i;
      i = p;
    }
    heap[i] = ev;
    ev.index = i;
  }

  pop(): ScheduledEvent | undefined {
    const heap = this.heap;
    const n = heap.length;
    if (n === 0) return undefined;
    const top = heap[0]!;
    const last = heap.pop()!;
    if (n > 1) this.siftDown(last, 0);
    top.index = -1;
    return top;
  }

  /** Removes a queued event; false when it already fired or was removed. */
  remove(ev: ScheduledEvent): boolean {
    const i = ev.index;
    const heap = this.heap;
    if (i < 0 || heap[i] !== ev) return false;
    const last = heap.pop()!;
    ev.index = -1;
    if (i < heap.length) {
      this.siftDown(last, i);
      this.siftUp(last.index);
    }
    return true;
  }

  private siftUp(i: number): void {
    const heap = this.heap;
    const ev = heap[i]!;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const parent = heap[p]!;
      if (!before(ev, parent)) break;
      heap[i] = parent;
      parent.index = i;
      i = p;
    }
    heap[i] = ev;
    ev.index = i;
  }

  /** Places `ev` at hole `i` and moves it down to its place. */
  private siftDown(ev: ScheduledEvent, i: number): void {
    const heap = this.heap;
    const n = heap.length;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      let c = l;
      let child = heap[l]!;
      if (l + 1 < n) {
        const right = heap[l + 1]!;
        if (before(right, child)) {
          c = l + 1;
          child = right;
        }
      }
      if (!before(child, ev)) break;
      heap[i] = child;
      child.index = i;
      i = c;
    }
    heap[i] = ev;
    ev.index = i;
  }
}

/** The one definition of event order: (time, priority, seq), lowest first. */
export function before(a: ScheduledEvent, b: ScheduledEvent): boolean {
  if (a.time !== b.time) return a.time < b.time;
  if (a.priority !== b.priority) return a.priority < b.priority;
  return a.seq < b.seq;
}
