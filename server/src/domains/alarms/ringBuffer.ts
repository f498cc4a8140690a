/**
 * Fixed-capacity FIFO that overwrites its oldest item. Items are addressed by a monotonically
 * increasing sequence number, so a reader (a rate-of-change window) can keep a cursor that stays
 * valid across pushes and notice when the item it pointed at has been overwritten.
 */
export class RingBuffer<T> {
  private readonly items: (T | undefined)[];
  private next = 0;

  /** @param capacity maximum number of items kept (≥ 1) */
  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`ring buffer capacity must be a positive integer, got ${capacity}`);
    this.items = new Array<T | undefined>(capacity);
  }

  /** Number of items currently held. */
  get size(): number {
    return Math.min(this.next, this.capacity);
  }

  /** Sequence number of the oldest item still held (equals `nextSeq` when empty). */
  get oldestSeq(): number {
    return this.next - this.size;
  }

  /** Sequence number the next pushed item will get. */
  get nextSeq(): number {
    return this.next;
  }

  /** Appends an item, overwriting the oldest when full. O(1). Returns its sequence number. */
  push(item: T): number {
    this.items[this.next % this.capacity] = item;
    return this.next++;
  }

  /** The item with this sequence number, or undefined if not held (overwritten or not yet pushed). */
  at(seq: number): T | undefined {
    if (seq < this.oldestSeq || seq >= this.next) return undefined;
    return this.items[seq % this.capacity];
  }

  /** The newest item, if any. */
  last(): T | undefined {
    return this.at(this.next - 1);
  }

  /** Items from oldest to newest (O(size); meant for snapshots, not the per-reading path). */
  toArray(): T[] {
    const out: T[] = [];
    for (let s = this.oldestSeq; s < this.next; s++) out.push(this.items[s % this.capacity] as T);
    return out;
  }

  /** The newest items for which `keep` holds, scanning back from the newest until it fails. */
  tailWhile(keep: (item: T) => boolean): T[] {
    const out: T[] = [];
    for (let s = this.next - 1; s >= this.oldestSeq; s--) {
      const item = this.items[s % this.capacity] as T;
      if (!keep(item)) break;
      out.push(item);
    }
    return out.reverse();
  }
}
