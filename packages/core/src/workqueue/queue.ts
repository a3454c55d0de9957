/**
 * The work queue of client-go's util/workqueue (queue.go): a FIFO of keys with the three
 * guarantees controllers are built on —
 *
 *   - dedup: a key added many times before a worker takes it is processed once;
 *   - never concurrently: a key being processed is not handed to another worker;
 *   - not lost: a key added while it is being processed is queued again after done().
 *
 * Worked example (keys a, b):
 *
 *   add(a) add(b) add(a)        queue [a b]
 *   get() → a                   queue [b]   processing {a}
 *   add(a)                      queue [b]   dirty {a}  (a waits for done)
 *   get() → b, done(b)          queue []
 *   done(a)                     queue [a]   (re-queued because it was dirty)
 *
 * `get()` waits (asynchronously) for a key; after shutDown() it resolves `shutdown: true`
 * once the queue is empty, so workers drain what is left and exit.
 */

export interface QueueItem<K> {
  key: K;
  shutdown: false;
}

export type GetResult<K> = QueueItem<K> | { key: undefined; shutdown: true };

export class WorkQueue<K = string> {
  private queue: K[] = [];
  /** Keys that need processing (queued, or added again while processing). */
  private readonly dirty = new Set<K>();
  /** Keys a worker holds. */
  private readonly processing = new Set<K>();
  private readonly waiters: Array<(r: GetResult<K>) => void> = [];
  private shuttingDown = false;
  private drainWaiters: Array<() => void> = [];

  /** Marks key as needing processing. */
  add(key: K): void {
    if (this.shuttingDown || this.dirty.has(key)) return;
    this.dirty.add(key);
    if (this.processing.has(key)) return;
    this.queue.push(key);
    this.wakeOne();
  }

  /** Keys waiting to be handed out (not counting ones being processed). */
  len(): number {
    return this.queue.length;
  }

  /** The next key; the caller must call done(key) when finished with it. */
  get(): Promise<GetResult<K>> {
    const next = this.take();
    if (next) return Promise.resolve(next);
    if (this.shuttingDown) return Promise.resolve({ key: undefined, shutdown: true });
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Marks key as processed; if it was added meanwhile, it goes back in the queue. */
  done(key: K): void {
    this.processing.delete(key);
    if (this.dirty.has(key)) {
      this.queue.push(key);
      this.wakeOne();
    } else if (this.processing.size === 0) {
      for (const w of this.drainWaiters.splice(0)) w();
    }
  }

  /** Stops accepting keys; waiting workers get `shutdown` once the queue is empty. */
  shutDown(): void {
    this.shuttingDown = true;
    for (const w of this.waiters.splice(0)) w({ key: undefined, shutdown: true });
  }

  /** shutDown, then wait until every key handed out has been marked done. */
  async shutDownWithDrain(): Promise<void> {
    this.shutDown();
    if (this.processing.size === 0) return;
    await new Promise<void>((resolve) => this.drainWaiters.push(resolve));
  }

  isShuttingDown(): boolean {
    return this.shuttingDown;
  }

  /** True while a worker holds key (tests, and the rate-limiting queue's bookkeeping). */
  isProcessing(key: K): boolean {
    return this.processing.has(key);
  }

  private take(): QueueItem<K> | undefined {
    const key = this.queue.shift();
    if (key === undefined) return undefined;
    this.processing.add(key);
    this.dirty.delete(key);
    return { key, shutdown: false };
  }

  private wakeOne(): void {
    const waiter = this.waiters.shift();
    if (!waiter) return;
    const next = this.take();
    if (next) waiter(next);
    else this.waiters.unshift(waiter);
  }
}
