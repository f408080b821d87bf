/**
 * Items under small integer ids that are reused once freed, so they can key an IndexHeap (sim/engine)
 * whose ids must stay dense. Used for the consumers a zip rotation holds.
 */
export class SlotTable<T> {
  private readonly items: (T | undefined)[] = [];
  private readonly free: number[] = [];

  /** Stores `item` under a free id and returns the id. */
  add(item: T): number {
    const slot = this.free.length ? this.free.pop()! : this.items.length;
    this.items[slot] = item;
    return slot;
  }

  /** The id of `item`, or -1. */
  indexOf(item: T): number {
    return this.items.indexOf(item);
  }

  /** Removes and returns the item under `slot`, freeing the id. */
  take(slot: number): T {
    const item = this.items[slot] as T;
    this.items[slot] = undefined;
    this.free.push(slot);
    return item;
  }
}
