import { Deque } from './deque.ts';
import type { Process, Waitable } from './process.ts';

/**
 * A FIFO store of items with a blocking take (SimPy's Store). `put` never blocks unless a
 * capacity is set, in which case `offer` reports whether the item fitted. Waiting takers are
 * served first-come first-served.
 */
export class Store<T> {
  private readonly items = new Deque<T>();
  private readonly takers = new Deque<Process<unknown>>();
  private readonly takeOp: Waitable<T>;

  constructor(readonly capacity = Infinity) {
    const store = this;
    this.takeOp = {
      subscribe(proc) {
        if (store.items.length > 0) {
          proc.received = store.items.popFront();
          return true;
        }
        store.takers.pushBack(proc);
        return false;
      },
      unsubscribe(proc) {
        store.takers.remove(proc);
      },
    };
  }

  get length(): number {
    return this.items.length;
  }

  get waiting(): number {
    return this.takers.length;
  }

  /** Adds an item (hands it straight to the longest-waiting taker if any). Throws when full. */
  put(item: T): void {
    if (!this.offer(item)) throw new Error(`store is full (capacity ${this.capacity})`);
  }

  /** Adds an item if there is room; false when the store is at capacity. */
  offer(item: T): boolean {
    const taker = this.takers.popFront();
    if (taker) {
      taker.wake(item);
      return true;
    }
    if (this.items.length >= this.capacity) return false;
    this.items.pushBack(item);
    return true;
  }

  /** Yield this from a process to receive the next item. */
  take(): Waitable<T> {
    return this.takeOp;
  }

  /** Non-blocking take: the next item or undefined. */
  tryTake(): T | undefined {
    return this.items.popFront();
  }

  [Symbol.iterator](): IterableIterator<T> {
    return this.items[Symbol.iterator]();
  }
}
