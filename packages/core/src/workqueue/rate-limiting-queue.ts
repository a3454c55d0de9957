/**
 * The controller's queue: client-go's TypedRateLimitingInterface — a WorkQueue (dedup, one
 * worker per key, re-queue after done) plus
 *
 *   - addAfter(key, ms): the delaying queue; a key waiting for two delays keeps the earlier;
 *   - addRateLimited(key): addAfter with the rate limiter's delay (per-key exponential backoff
 *     5 ms → 1000 s by default), the retry path after an error;
 *   - forget(key): clear the backoff after a success;
 *
 * with every timer on the injected Clock, so tests step backoff with a FakeClock.
 *
 * The usual worker, as sample-controller writes it:
 *
 *   for (;;) {
 *     const { key, shutdown } = await queue.get();
 *     if (shutdown) return;
 *     try { await reconcile(key); queue.forget(key); }
 *     catch { queue.addRateLimited(key); }
 *     finally { queue.done(key); }
 *   }
 */
import type { Clock, TimerHandle } from '../clock.js';
import { type GetResult, WorkQueue } from './queue.js';
import { type RateLimiter, defaultControllerRateLimiter } from './rate-limiter.js';

export interface RateLimitingQueueOptions<K> {
  clock: Clock;
  rateLimiter?: RateLimiter<K>;
  /** For messages and metrics ("namespace", "garbage_collector_attempt_to_delete"). */
  name?: string;
}

interface Waiting {
  readyAt: number;
  timer: TimerHandle;
}

export class RateLimitingQueue<K = string> {
  readonly name: string;
  private readonly queue = new WorkQueue<K>();
  private readonly clock: Clock;
  private readonly rateLimiter: RateLimiter<K>;
  private readonly waiting = new Map<K, Waiting>();

  constructor(options: RateLimitingQueueOptions<K>) {
    this.clock = options.clock;
    this.rateLimiter = options.rateLimiter ?? defaultControllerRateLimiter<K>(options.clock);
    this.name = options.name ?? '';
  }

  add(key: K): void {
    this.queue.add(key);
  }

  /** Adds key once ms have passed on the clock; an earlier pending addAfter wins. */
  addAfter(key: K, ms: number): void {
    if (this.queue.isShuttingDown()) return;
    if (ms <= 0) {
      this.add(key);
      return;
    }
    const readyAt = this.clock.now() + ms;
    const existing = this.waiting.get(key);
    if (existing) {
      if (existing.readyAt <= readyAt) return;
      existing.timer.clear();
    }
    const timer = this.clock
      .setTimeout(() => {
        this.waiting.delete(key);
        this.add(key);
      }, ms)
      .unref();
    this.waiting.set(key, { readyAt, timer });
  }

  /** Re-adds key after its backoff: the error path. */
  addRateLimited(key: K): void {
    this.addAfter(key, this.rateLimiter.when(key));
  }

  /** Clears key's backoff: the success path. */
  forget(key: K): void {
    this.rateLimiter.forget(key);
  }

  numRequeues(key: K): number {
    return this.rateLimiter.numRequeues(key);
  }

  get(): Promise<GetResult<K>> {
    return this.queue.get();
  }

  done(key: K): void {
    this.queue.done(key);
  }

  /** Keys ready to be handed out (not those waiting for a delay). */
  len(): number {
    return this.queue.len();
  }

  /** Keys waiting for addAfter's delay. */
  waitingLen(): number {
    return this.waiting.size;
  }

  shutDown(): void {
    this.clearWaiting();
    this.queue.shutDown();
  }

  async shutDownWithDrain(): Promise<void> {
    this.clearWaiting();
    await this.queue.shutDownWithDrain();
  }

  isShuttingDown(): boolean {
    return this.queue.isShuttingDown();
  }

  private clearWaiting(): void {
    for (const w of this.waiting.values()) w.timer.clear();
    this.waiting.clear();
  }
}
