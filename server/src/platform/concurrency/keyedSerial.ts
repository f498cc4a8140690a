/**
 * Runs tasks one after the other per key (in this process) and concurrently across keys: a photo
 * and the line a worker sends right after it are handled in the order they were sent, while
 * different people do not wait for each other. Keys are forgotten once their last task settles,
 * so the map stays as small as the work in flight.
 */
export class KeyedSerial {
  private readonly tails = new Map<string, Promise<void>>();

  /** Runs `task` after every earlier task of the same key has settled. */
  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const prev = this.tails.get(key) ?? Promise.resolve();
    const result = prev.then(task, task);
    const tail = result.then(() => undefined, () => undefined);
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }

  /** Does this key have a task running or queued? */
  busy(key: string): boolean {
    return this.tails.has(key);
  }

  /** Keys with a task running or queued (for tests). */
  get size(): number {
    return this.tails.size;
  }
}
