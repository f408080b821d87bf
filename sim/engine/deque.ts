/** A growable ring buffer: O(1) push/pop at both ends. Used for queues that may hold millions of items. */
export class Deque<T> {
  private buf: (T | undefined)[];
  private head = 0;
  /**
   * Number of items. A plain field, not a getter: the event loop reads it for every event, and a field
   * costs nothing even before V8 has optimised the caller. Read it; never assign it.
   */
  length = 0;

  constructor(initialCapacity = 16) {
    let cap = 16;
    while (cap < initialCapacity) cap *= 2;
    this.buf = new Array(cap);
  }

  pushBack(item: T): void {
    if (this.length === this.buf.length) this.grow();
    this.buf[(this.head + this.length) & (this.buf.length - 1)] = item;
    this.length++;
  }

  pushFront(item: T): void {
    if (this.length === this.buf.length) this.grow();
    this.head = (this.head - 1) & (this.buf.length - 1);
    this.buf[this.head] = item;
    this.length++;
  }

  popFront(): T | undefined {
    if (this.length === 0) return undefined;
    const item = this.buf[this.head];
    this.buf[this.head] = undefined;
    this.head = (this.head + 1) & (this.buf.length - 1);
    this.length--;
    return item;
  }

  popBack(): T | undefined {
    if (this.length === 0) return undefined;
    const i = (this.head + this.length - 1) & (this.buf.length - 1);
    const item = this.buf[i];
    this.buf[i] = undefined;
    this.length--;
    return item;
  }

  peekFront(): T | undefined {
    return this.length ? this.buf[this.head] : undefined;
  }

  peekBack(): T | undefined {
    return this.length ? this.buf[(this.head + this.length - 1) & (this.buf.length - 1)] : undefined;
  }

  /** Item at position i from the front (0-based). */
  at(i: number): T | undefined {
    if (i < 0 || i >= this.length) return undefined;
    return this.buf[(this.head + i) & (this.buf.length - 1)];
  }

  /** Removes the first item equal to `item` (O(n)); true when found. */
  remove(item: T): boolean {
    const mask = this.buf.length - 1;
    for (let i = 0; i < this.length; i++) {
      if (this.buf[(this.head + i) & mask] === item) {
        for (let j = i; j < this.length - 1; j++) {
          this.buf[(this.head + j) & mask] = this.buf[(this.head + j + 1) & mask];
        }
        this.buf[(this.head + this.length - 1) & mask] = undefined;
        this.length--;
        return true;
      }
    }
    return false;
  }

  *[Symbol.iterator](): IterableIterator<T> {
    for (let i = 0; i < this.length; i++) yield this.buf[(this.head + i) & (this.buf.length - 1)] as T;
  }

  private grow(): void {
    const old = this.buf;
    const n = old.length;
    const next = new Array<T | undefined>(n * 2);
    for (let i = 0; i < this.length; i++) next[i] = old[(this.head + i) & (n - 1)];
    this.buf = next;
    this.head = 0;
  }
}
