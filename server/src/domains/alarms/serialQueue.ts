/**
 * Runs async tasks one after the other, in submission order: a plant's alarm and weather events
 * must reach the database in the order the engine produced them (raise before clear).
 */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();
  private waiting = 0;

  /** Tasks submitted and not finished yet (the backlog /metrics shows). */
  get depth(): number {
    return this.waiting;
  }

  /** Queues a task; the promise settles with the task's own outcome. */
  run<T>(task: () => Promise<T>): Promise<T> {
    this.waiting++;
    const result = this.tail.then(task);
    this.tail = result.then(
      () => this.waiting--,
      () => this.waiting--,
    );
    return result;
  }

  /** Resolves once everything queued so far has finished. */
  async drain(): Promise<void> {
    while (this.waiting > 0) await this.tail;
  }
}
