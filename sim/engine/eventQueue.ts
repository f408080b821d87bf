/**
 * The pending-event set: a binary min-heap ordered by (time, priority, insertion sequence).
 * Ties in time and priority run first-in first-out, so a run is reproducible exactly.
 * Each entry records its heap index, so cancelling removes it at once (O(log n)) and the
 * heap holds only live events: memory grows with pending events, not with events processed.
 */
export interface ScheduledEvent {
  /** Simulated time (seconds) at which the event fires. */
  readonly time: number;
  /** Lower runs first among events at the same time. */
  readonly priority: number;
  /** Insertion order: the FIFO tie-breaker. */
  readonly seq: number;
  /** The action; null once the event has fired or been cancelled. */
  action: (() => void) | null;
  /** Position in the heap, -1 when not queued. */
  index: number;
}

function before(a: ScheduledEvent, b: ScheduledEvent): boolean {
  if (a.time !== b.time) return a.time < b.time;
  if (a.priority !== b.priority) return a.priority < b.priority;
  return a.seq < b.seq;
}

export class EventQueue {
  private readonly heap: ScheduledEvent[] = [];
  private nextSeq = 0;

  get size(): number {
    return this.heap.length;
  }

  /** Time of the earliest pending event, or Infinity when empty. */
  peekTime(): number {
    return this.heap.length ? this.heap[0]!.time : Infinity;
  }

  push(time: number, priority: number, action: () => void): ScheduledEvent {
    const ev: ScheduledEvent = { time, priority, seq: this.nextSeq++, action, index: this.heap.length };
    this.heap.push(ev);
    this.siftUp(ev.index);
    return ev;
  }

  pop(): ScheduledEvent | undefined {
    const heap = this.heap;
    const n = heap.length;
    if (n === 0) return undefined;
    const top = heap[0]!;
    const last = heap.pop()!;
    if (n > 1) {
      heap[0] = last;
      last.index = 0;
      this.siftDown(0);
    }
    top.index = -1;
    return top;
  }

  /** Removes a queued event; false when it already fired or was removed. */
  remove(ev: ScheduledEvent): boolean {
    const i = ev.index;
    if (i < 0 || this.heap[i] !== ev) return false;
    const heap = this.heap;
    const last = heap.pop()!;
    ev.index = -1;
    if (i < heap.length) {
      heap[i] = last;
      last.index = i;
      this.siftDown(i);
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

  private siftDown(i: number): void {
    const heap = this.heap;
    const n = heap.length;
    const ev = heap[i]!;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      let c = l;
      if (r < n && before(heap[r]!, heap[l]!)) c = r;
      const child = heap[c]!;
      if (!before(child, ev)) break;
      heap[i] = child;
      child.index = i;
      i = c;
    }
    heap[i] = ev;
    ev.index = i;
  }
}
