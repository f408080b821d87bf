/**
 * The pending-event set, ordered by (time, priority, insertion sequence). Ties in time and priority
 * run first-in first-out, so a run is reproducible exactly.
 *
 * Storage: a 4-ary min-heap (half the levels of a binary one: fewer moves per sift, and a node's four
 * children share a cache line in `times`), plus two FIFO lanes for the commonest case, events due at the current
 * time with priority 0 or 1 (process starts and wake-ups). Every event in a lane has the same time
 * (the current one) and the same priority, and lanes receive them in sequence order, so each lane is
 * sorted; `pop` takes the least of the heap top and the two lane heads under the one order `before`.
 * The lanes only save heap work; the order is the same as with the heap alone.
 *
 * A third lane holds sleeps of one fixed delay (`useDelayLane`: the consumers' Redis round trip, ~1 in
 * 7 of the headline's events): each is queued at now + delay with the clock never going back, so they
 * arrive in time order and the lane is sorted by construction (one priority, rising sequence numbers).
 * An event that would break that order (none can while the clock is monotone) goes to the heap instead.
 *
 * The heap keeps each entry's time in a parallel Float64Array, so sifting compares contiguous numbers
 * and reads an event only on a time tie (this matters once thousands of events are pending).
 * Each heap entry records its index, so cancelling removes it at once (O(log n)); the structure holds
 * only live events: memory grows with pending events, not with events processed.
 *
 * An entry either calls a function (`action`) or resumes a process (`target`). A process owns one
 * entry for its whole life and re-queues it for every sleep and wake-up, so the hot path of a
 * process allocates nothing per event.
 *
 * Why the sift loops are not shared with indexHeap.ts: both are heaps, but they move different
 * things. Here an entry is an object that must learn its new index at every move (for cancel) and ties
 * on time are broken by reading the event (priority, sequence); there an entry is a (number, integer)
 * pair in two typed arrays with no back-pointer. A shared loop would take the compare and the move as
 * callbacks (or an interface), an indirect call per step on the run's hottest path, which V8 inlines
 * only while one caller uses it; with two it turns polymorphic. The loops are ~20 lines each and both
 * are pinned by tests (test/engine/order.test.ts here, test/engine/indexHeap.test.ts there).
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
  /** Position in the heap; IN_LANE when in a lane of the current time; -1 when not queued. */
  index = -1;
  /** A one-shot entry of EventQueue.pushPooled, taken back once it fired (never handed out as a handle). */
  pooled = false;
  constructor(
    /** The action; null once a one-shot event has fired or been cancelled. */
    public action: (() => void) | null,
    /** A process to resume instead (its reusable entry); null for function events. */
    public target: Resumable | null,
  ) {}

  get pending(): boolean {
    return this.index !== -1;
  }
}

/** `ScheduledEvent.index` of an event waiting in a lane. */
export const IN_LANE = -2;
/** `ScheduledEvent.index` of an event waiting in the fixed-delay lane. */
export const IN_DELAY_LANE = -3;

export class EventQueue {
  /**
   * heap[0 .. count-1] is the heap. The array only grows (doubling, with `times`) and slots past the
   * end are cleared, never popped: Array push/pop on a heap whose size swings by a few entries makes
   * V8 shrink and regrow the backing store over and over.
   */
  private heap: (ScheduledEvent | null)[] = nulls(64);
  /** times[i] = heap[i].time, kept alongside so that sifting compares without touching the events. */
  private times = new Float64Array(64);
  /** Number of events in the heap. */
  private count = 0;
  /** Events at time `current` with priority 0, then 1, in sequence order. */
  private readonly lane0 = new Lane();
  private readonly lane1 = new Lane();
  /** Sleeps of exactly `laneDelay` seconds at priority `lanePriority`, in time order (see the class comment). */
  private readonly delayLane = new Lane();
  /** NaN: no fixed-delay lane (NaN equals no delay). */
  private laneDelay = NaN;
  private lanePriority = 1;
  /** Time of the delay lane's head (Infinity when it is empty), and of its last event. */
  private delayHead = Infinity;
  private delayTail = -Infinity;
  /**
   * Entries of finished processes, for new processes to reuse. A recycled entry has lived through
   * garbage collections, so it sits in V8's old generation: storing it in the (old) heap array and lanes
   * then skips the write barrier's slow path, which a young entry takes on every store (~8% of a run).
   */
  private readonly spareEntries: ScheduledEvent[] = [];
  /** Entries of fired `pushPooled` events, for the next ones (at most the peak number of them pending at once). */
  private readonly spareOneShots: ScheduledEvent[] = [];
  /** Events queued through the fixed-delay lane so far. */
  delayed = 0;
  /** Process entries created so far (the rest were reused): at most the peak number of live processes. */
  entriesMade = 0;
  /** Time of the last event popped (lanes only take events due at this time). */
  private current = -Infinity;
  private nextSeq = 0;

  get size(): number {
    return this.count + this.lane0.length + this.lane1.length + this.delayLane.length;
  }

  /**
   * Sends every later `insertAfter` of exactly `delay` seconds (> 0) at `priority` through the
   * fixed-delay lane. Only while no event waits there (a new delay would break the lane's order).
   */
  useDelayLane(delay: number, priority: number): void {
    if (!(delay > 0) || !Number.isFinite(delay)) throw new RangeError(`a delay lane needs a positive finite delay, got ${delay}`);
    if (this.delayLane.length !== 0 && (delay !== this.laneDelay || priority !== this.lanePriority)) {
      throw new RangeError('the delay lane cannot change while events wait in it');
    }
    this.laneDelay = delay;
    this.lanePriority = priority;
  }

  /** Time of the earliest pending event, or Infinity when empty. */
  peekTime(): number {
    const ev = this.peek();
    return ev !== undefined ? ev.time : Infinity;
  }

  /**
   * The earliest pending event without removing it: the least under `before` of the heap top, the
   * delay lane's head and the head of the first non-empty lane of events due now (lane 0's head always
   * precedes lane 1's: same time, lower priority).
   */
  peek(): ScheduledEvent | undefined {
    let best = this.count !== 0 ? this.heap[0]! : undefined;
    const now = this.lane0.length !== 0 ? this.lane0.first() : this.lane1.length !== 0 ? this.lane1.first() : undefined;
    if (now !== undefined && (best === undefined || before(now, best))) best = now;
    const delayed = this.delayLane.length !== 0 ? this.delayLane.first() : undefined;
    if (delayed !== undefined && (best === undefined || before(delayed, best))) best = delayed;
    return best;
  }

  /** Queues a new one-shot event that calls `action`. */
  push(time: number, priority: number, action: () => void): ScheduledEvent {
    const ev = new ScheduledEvent(action, null);
    this.insert(ev, time, priority);
    return ev;
  }

  /**
   * Queues a one-shot event whose entry nobody else holds (Simulation.post: no handle is returned), in
   * an entry taken back after an earlier such event fired: no allocation per event, and an old entry's
   * stores skip the write barrier's slow path (see spareEntries). Same sequence number as `push`.
   */
  pushPooled(time: number, priority: number, action: () => void): void {
    let ev = this.spareOneShots.pop();
    if (ev === undefined) {
      ev = new ScheduledEvent(action, null);
      ev.pooled = true;
    } else {
      ev.action = action;
    }
    this.insert(ev, time, priority);
  }

  /** Takes back a pooled entry that has just been popped (its action already read). */
  recycleOneShot(ev: ScheduledEvent): void {
    this.spareOneShots.push(ev);
  }

  /** An unqueued entry that resumes `target` (a process's own entry, for its whole life). */
  processEntry(target: Resumable): ScheduledEvent {
    const ev = this.spareEntries.pop();
    if (ev === undefined) {
      this.entriesMade++;
      return new ScheduledEvent(null, target);
    }
    ev.target = target;
    return ev;
  }

  /** Takes back the entry of a finished process (not queued, never to be used by it again). */
  recycle(ev: ScheduledEvent): void {
    ev.target = null;
    this.spareEntries.push(ev);
  }

  /** Queues `ev` (which must not be queued) at (time, priority) with a fresh sequence number. */
  insert(ev: ScheduledEvent, time: number, priority: number): void {
    ev.time = time;
    ev.priority = priority;
    ev.seq = this.nextSeq++;
    if (time === this.current && (priority === 1 || priority === 0)) {
      const lane = priority === 1 ? this.lane1 : this.lane0;
      ev.index = IN_LANE;
      // Lane's push, written out (see Lane)
      if (lane.length === lane.items.length) lane.grow();
      lane.items[(lane.head + lane.length++) & (lane.items.length - 1)] = ev;
      return;
    }
    const i = this.count++;
    if (i === this.times.length) this.grow();
    this.siftUpFrom(ev, i);
  }

  /** `insert` at now + delay; a sleep of the fixed delay goes to its lane (see `useDelayLane`). */
  insertAfter(ev: ScheduledEvent, now: number, delay: number, priority: number): void {
    const time = now + delay;
    if (delay === this.laneDelay && priority === this.lanePriority && time >= this.delayTail) {
      ev.time = time;
      ev.priority = priority;
      ev.seq = this.nextSeq++;
      ev.index = IN_DELAY_LANE;
      const lane = this.delayLane;
      if (lane.length === 0) this.delayHead = time;
      // Lane's push, written out (see Lane)
      if (lane.length === lane.items.length) lane.grow();
      lane.items[(lane.head + lane.length++) & (lane.items.length - 1)] = ev;
      this.delayTail = time;
      this.delayed++;
      return;
    }
    this.insert(ev, time, priority);
  }

  /**
   * Takes the next sequence number without queueing anything, for an event queued later under it
   * (`insertWithSeq`): it then runs exactly where an event queued now would have run.
   */
  reserveSeq(): number {
    return this.nextSeq++;
  }

  /**
   * Queues `ev` (which must not be queued) at (time, priority) with a sequence number reserved
   * earlier. Always into the heap: a lane must stay in sequence order, and an older number would
   * jump its queue.
   */
  insertWithSeq(ev: ScheduledEvent, time: number, priority: number, seq: number): void {
    ev.time = time;
    ev.priority = priority;
    ev.seq = seq;
    const i = this.count++;
    if (i === this.times.length) this.grow();
    this.siftUpFrom(ev, i);
  }

  /**
   * Removes and returns the earliest pending event if it is due by `until`; undefined when the queue
   * is empty or the next event is later (`size` tells which). Lane events are due now, and the kernel
   * never runs to an `until` before now, so only the heap top is compared with `until`.
   */
  pop(until = Infinity): ScheduledEvent | undefined {
    let ev: ScheduledEvent;
    const lane = this.lane0.length !== 0 ? this.lane0 : this.lane1.length !== 0 ? this.lane1 : null;
    const delayed = this.delayHead;
    if (lane !== null) {
      // the heap top and the delay lane's head are due now or later: they can only win on a time tie
      const items = lane.items;
      const head = items[lane.head]!;
      const t = head.time;
      if (this.count !== 0 && this.times[0] === t && before(this.heap[0]!, head)) {
        ev = delayed === t && before(this.delayLane.first(), this.heap[0]!) ? this.takeDelayed() : this.takeTop();
      } else if (delayed === t && before(this.delayLane.first(), head)) {
        ev = this.takeDelayed();
      } else {
        // Lane's shift, written out (see Lane)
        items[lane.head] = null;
        lane.head = (lane.head + 1) & (items.length - 1);
        lane.length--;
        ev = head;
      }
    } else if (
      this.count === 0 ||
      delayed < this.times[0]! ||
      (delayed === this.times[0]! && this.delayLane.length !== 0 && before(this.delayLane.first(), this.heap[0]!))
    ) {
      // (no `Infinity` standing in for an empty heap's top: that global read, never run before V8
      // optimised this, made it box times[0] into a new HeapNumber at every pop)
      const lane = this.delayLane;
      if (lane.length === 0 || delayed > until) return undefined;
      // takeDelayed, written out (see Lane); the empty lane's Infinity is stored on its own, so that no
      // branch merges a global read with the next head's time (which would box that time)
      const items = lane.items;
      ev = items[lane.head]!;
      items[lane.head] = null;
      lane.head = (lane.head + 1) & (items.length - 1);
      if (--lane.length !== 0) this.delayHead = items[lane.head]!.time;
      else this.delayHead = Infinity;
    } else {
      if (this.times[0]! > until) return undefined;
      ev = this.takeTop();
    }
    ev.index = -1;
    this.current = ev.time;
    return ev;
  }

  /** Removes the delay lane's head and returns it. */
  private takeDelayed(): ScheduledEvent {
    const ev = this.delayLane.shift();
    this.refreshDelayHead();
    return ev;
  }

  private refreshDelayHead(): void {
    const lane = this.delayLane;
    if (lane.length !== 0) this.delayHead = lane.first().time;
    else this.delayHead = Infinity; // (a store of its own: see pop's delay branch)
  }

  /** Removes the heap's top entry and returns it. */
  private takeTop(): ScheduledEvent {
    const heap = this.heap;
    const top = heap[0]!;
    const n = --this.count;
    const last = heap[n]!;
    heap[n] = null;
    if (n !== 0) this.siftDown(last, 0);
    return top;
  }

  /** Removes a queued event; false when it already fired or was removed. */
  remove(ev: ScheduledEvent): boolean {
    const i = ev.index;
    if (i === IN_LANE) {
      ev.index = -1;
      return ev.priority === 0 ? this.lane0.remove(ev) : this.lane1.remove(ev);
    }
    if (i === IN_DELAY_LANE) {
      ev.index = -1;
      const found = this.delayLane.remove(ev);
      this.refreshDelayHead();
      return found;
    }
    const heap = this.heap;
    if (i < 0 || i >= this.count || heap[i] !== ev) return false;
    const n = --this.count;
    const last = heap[n]!;
    heap[n] = null;
    ev.index = -1;
    if (i < n) {
      this.siftDown(last, i);
      this.siftUpFrom(last, last.index);
    }
    return true;
  }

  private grow(): void {
    const size = this.times.length * 2;
    const times = new Float64Array(size);
    times.set(this.times);
    this.times = times;
    const heap = nulls(size);
    for (let i = 0; i < this.count; i++) heap[i] = this.heap[i]!;
    this.heap = heap;
  }

  /** Places `ev` at hole `i` and moves it up to its place. */
  private siftUpFrom(ev: ScheduledEvent, i: number): void {
    const heap = this.heap;
    const times = this.times;
    const time = ev.time;
    while (i > 0) {
      const p = (i - 1) >> 2;
      const pt = times[p]!;
      if (pt < time) break;
      const parent = heap[p]!;
      // before(ev, parent) on a time tie, written out (see siftDown)
      if (pt === time && !(ev.priority < parent.priority || (ev.priority === parent.priority && ev.seq < parent.seq))) break;
      heap[i] = parent;
      times[i] = pt;
      parent.index = i;
      i = p;
    }
    heap[i] = ev;
    times[i] = time;
    ev.index = i;
  }

  /** Places `ev` at hole `i` (< count) and moves it down to its place. */
  private siftDown(ev: ScheduledEvent, i: number): void {
    const heap = this.heap;
    const times = this.times;
    const n = this.count;
    const time = ev.time;
    // The time ties are broken by (priority, seq) written out, not by calling `before`: a call in these
    // loops, though taken only on a tie, made TurboFan reload and recheck `heap` and `times` (map, length,
    // backing store) at every step, and V8 did not inline it (rare call sites are not inlined).
    for (;;) {
      const first = 4 * i + 1;
      if (first >= n) break;
      // the least of up to four children
      let c = first;
      let ct = times[first]!;
      const end = first + 4 < n ? first + 4 : n;
      for (let k = first + 1; k < end; k++) {
        const kt = times[k]!;
        if (kt < ct) {
          c = k;
          ct = kt;
        } else if (kt === ct) {
          const a = heap[k]!;
          const b = heap[c]!;
          if (a.priority < b.priority || (a.priority === b.priority && a.seq < b.seq)) c = k;
        }
      }
      if (ct > time) break;
      const child = heap[c]!;
      if (ct === time && !(child.priority < ev.priority || (child.priority === ev.priority && child.seq < ev.seq))) break;
      heap[i] = child;
      times[i] = ct;
      child.index = i;
      i = c;
    }
    heap[i] = ev;
    times[i] = time;
    ev.index = i;
  }
}

/**
 * A FIFO of queued events: a ring buffer of a power-of-two size. The event queue's hot paths write
 * its push and shift out where they are used (each marked "written out"): V8 inlines a call by the
 * counts it saw before optimising the caller, and `pop` and `insert` were optimised while the lanes
 * were still rare, so calls to a Deque's methods there stayed calls (~5 M a headline run).
 */
class Lane {
  items: (ScheduledEvent | null)[] = nulls(64);
  /** Index of the first event in `items`. */
  head = 0;
  length = 0;

  /** The first event (the lane must not be empty). */
  first(): ScheduledEvent {
    return this.items[this.head]!;
  }

  /** Removes the first event and returns it (the lane must not be empty). */
  shift(): ScheduledEvent {
    const items = this.items;
    const ev = items[this.head]!;
    items[this.head] = null;
    this.head = (this.head + 1) & (items.length - 1);
    this.length--;
    return ev;
  }

  /** Doubles the ring (call when full). */
  grow(): void {
    const old = this.items;
    const items = nulls(old.length * 2);
    for (let i = 0; i < this.length; i++) items[i] = old[(this.head + i) & (old.length - 1)]!;
    this.items = items;
    this.head = 0;
  }

  /** Removes `ev` (O(length)); false when it is not here. */
  remove(ev: ScheduledEvent): boolean {
    const items = this.items;
    const mask = items.length - 1;
    for (let i = 0; i < this.length; i++) {
      if (items[(this.head + i) & mask] !== ev) continue;
      for (let j = i; j < this.length - 1; j++) items[(this.head + j) & mask] = items[(this.head + j + 1) & mask]!;
      items[(this.head + this.length - 1) & mask] = null;
      this.length--;
      return true;
    }
    return false;
  }
}

/**
 * An array of n nulls with packed elements (`new Array(n).fill(null)` stays holey: every read of a
 * holey array checks for a hole).
 */
function nulls(n: number): (ScheduledEvent | null)[] {
  const a: (ScheduledEvent | null)[] = [];
  for (let i = 0; i < n; i++) a.push(null);
  return a;
}

/** The one definition of event order: (time, priority, seq), lowest first. */
export function before(a: ScheduledEvent, b: ScheduledEvent): boolean {
  if (a.time !== b.time) return a.time < b.time;
  if (a.priority !== b.priority) return a.priority < b.priority;
  return a.seq < b.seq;
}
