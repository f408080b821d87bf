/**
 * The keys of one Redis list (image or zip numbers, integers from 0) as a ring buffer over an Int32Array.
 *
 * What it buys over the engine's generic Deque: the pooled zip rotation moves the first key to the back
 * ~23 M times in the headline run (`cycle`), and on a typed ring that is one load, one store and a head
 * move, with no `undefined` written into an array of tagged values. Measured on the headline at 10^5
 * images: see the commit that added it.
 */
export class KeyRing {
  /**
   * The storage, its index mask and the front's slot: read outside this file only by a scan that moves
   * the front to the back in its own loop (WaitingParents.cycleWaiting), which hands the head back with
   * `rotatedTo`.
   */
  buf: Int32Array;
  mask: number;
  head = 0;
  /** Keys held. A plain field (read on every poll); read it, never assign it. */
  length = 0;

  constructor(initialCapacity = 16) {
    let cap = 16;
    while (cap < initialCapacity) cap *= 2;
    this.buf = new Int32Array(cap);
    this.mask = cap - 1;
  }

  /** Adds `key` at the back (LPUSH). */
  pushBack(key: number): void {
    checkKey(key);
    if (this.length === this.buf.length) this.grow();
    this.buf[(this.head + this.length) & this.mask] = key;
    this.length++;
  }

  /** Adds `key` at the front. */
  pushFront(key: number): void {
    checkKey(key);
    if (this.length === this.buf.length) this.grow();
    this.head = (this.head - 1) & this.mask;
    this.buf[this.head] = key;
    this.length++;
  }

  /** Removes and returns the first key (RPOP), or undefined when empty. */
  popFront(): number | undefined {
    if (this.length === 0) return undefined;
    const key = this.buf[this.head]!;
    this.head = (this.head + 1) & this.mask;
    this.length--;
    return key;
  }

  /** The first key, or undefined when empty. */
  peekFront(): number | undefined {
    return this.length === 0 ? undefined : this.buf[this.head];
  }

  /**
   * Moves the first key to the back (popFront then pushBack). The ring must not be empty. Never grows:
   * with every slot used, the back slot is the front one itself, and moving the head is the rotation.
   */
  cycle(): void {
    const buf = this.buf;
    const h = this.head;
    buf[(h + this.length) & this.mask] = buf[h]!;
    this.head = (h + 1) & this.mask;
  }

  /**
   * After a scan that moved the front key to the back itself, one key at a time (buf[(head + length) &
   * mask] = buf[head], then head + 1): its head, now the front. The length is the same.
   */
  rotatedTo(head: number): void {
    this.head = head & this.mask;
  }

  /** The key at position i from the front (0-based), or undefined. */
  at(i: number): number | undefined {
    if (i < 0 || i >= this.length) return undefined;
    return this.buf[(this.head + i) & this.mask];
  }

  /** Removes the first occurrence of `key` (LREM, O(n)); true when found. */
  remove(key: number): boolean {
    const buf = this.buf;
    const mask = this.mask;
    for (let i = 0; i < this.length; i++) {
      if (buf[(this.head + i) & mask] !== key) continue;
      for (let j = i; j < this.length - 1; j++) buf[(this.head + j) & mask] = buf[(this.head + j + 1) & mask]!;
      this.length--;
      return true;
    }
    return false;
  }

  *[Symbol.iterator](): IterableIterator<number> {
    for (let i = 0; i < this.length; i++) yield this.buf[(this.head + i) & this.mask]!;
  }

  private grow(): void {
    const old = this.buf;
    const next = new Int32Array(old.length * 2);
    for (let i = 0; i < this.length; i++) next[i] = old[(this.head + i) & this.mask]!;
    this.buf = next;
    this.mask = next.length - 1;
    this.head = 0;
  }
}

/** A key is an image or zip number: an Int32Array slot would silently truncate anything else. */
function checkKey(key: number): void {
  if ((key | 0) !== key || key < 0) throw new RangeError(`a Redis list key must be an integer >= 0 (an image or zip number), got ${key}`);
}
