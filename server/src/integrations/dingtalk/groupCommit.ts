/**
 * Group commit: items submitted while a flush is running wait and go out together in the next
 * flush (at most `max` per flush). An idle batcher flushes at once, so there is no added delay;
 * under load one statement carries many items, and the database sees far fewer round trips.
 */
export class GroupCommit<I, O> {
  private queue: Array<{ item: I; resolve: (o: O) => void; reject: (e: unknown) => void }> = [];
  private running = false;

  /** `flush` gets the items in submission order and returns one result per item, in that order. */
  constructor(private readonly flush: (items: I[]) => Promise<O[]>, private readonly max = 200) {}

  /** Queues an item; resolves with its result once its batch is written. */
  submit(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      void this.pump();
    });
  }

  private async pump(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, this.max);
        try {
          const out = await this.flush(batch.map((b) => b.item));
          batch.forEach((b, i) => b.resolve(out[i]));
        } catch (err) {
          for (const b of batch) b.reject(err);
        }
      }
    } finally {
      this.running = false;
    }
  }
}
