/**
 * Rate limiters of client-go's util/workqueue (default_rate_limiters.go): how long a key
 * waits before it is retried. `when(key)` records a failure and answers the delay;
 * `forget(key)` clears the key's history once it succeeds.
 *
 * DefaultControllerRateLimiter = max of
 *   - per key: 5 ms · 2^failures, capped at 1000 s  (5, 10, 20, 40 ms … ~17 min), and
 *   - overall: a token bucket of 10 per second with a burst of 100,
 * so one key failing backs off exponentially while a storm of distinct keys is paced.
 */
import type { Clock } from '../clock.js';

export interface RateLimiter<K> {
  /** Records a failure of key; the delay before it should be retried, in ms. */
  when(key: K): number;
  /** Clears key's failure history (it succeeded). */
  forget(key: K): void;
  /** How many times key has failed since it was last forgotten. */
  numRequeues(key: K): number;
}

/** base · 2^failures, capped at max (ItemExponentialFailureRateLimiter). */
export class ItemExponentialFailureRateLimiter<K> implements RateLimiter<K> {
  private readonly failures = new Map<K, number>();

  constructor(
    private readonly baseDelayMs: number,
    private readonly maxDelayMs: number,
  ) {}

  when(key: K): number {
    const exp = this.failures.get(key) ?? 0;
    this.failures.set(key, exp + 1);
    // 2^exp overflows to Infinity eventually; min() keeps it at the cap.
    return Math.min(this.baseDelayMs * 2 ** exp, this.maxDelayMs);
  }

  forget(key: K): void {
    this.failures.delete(key);
  }

  numRequeues(key: K): number {
    return this.failures.get(key) ?? 0;
  }
}

/**
 * A token bucket shared by all keys (BucketRateLimiter over golang.org/x/time/rate):
 * `qps` tokens a second, up to `burst` saved; each when() takes one, waiting if none is left.
 */
export class BucketRateLimiter<K> implements RateLimiter<K> {
  private tokens: number;
  private last: number;

  constructor(
    private readonly clock: Clock,
    private readonly qps: number,
    private readonly burst: number,
  ) {
    this.tokens = burst;
    this.last = clock.now();
  }

  when(_key: K): number {
    const now = this.clock.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.qps);
    this.last = now;
    this.tokens -= 1;
    return this.tokens >= 0 ? 0 : Math.ceil((-this.tokens / this.qps) * 1000);
  }

  forget(_key: K): void {}

  numRequeues(_key: K): number {
    return 0;
  }
}

/** The longest delay of several limiters (MaxOfRateLimiter). */
export class MaxOfRateLimiter<K> implements RateLimiter<K> {
  private readonly limiters: RateLimiter<K>[];

  constructor(...limiters: RateLimiter<K>[]) {
    this.limiters = limiters;
  }

  when(key: K): number {
    let max = 0;
    for (const l of this.limiters) max = Math.max(max, l.when(key));
    return max;
  }

  forget(key: K): void {
    for (const l of this.limiters) l.forget(key);
  }

  numRequeues(key: K): number {
    let max = 0;
    for (const l of this.limiters) max = Math.max(max, l.numRequeues(key));
    return max;
  }
}

/** client-go's DefaultControllerRateLimiter: 5 ms → 1000 s per key, 10 qps / 100 burst overall. */
export function defaultControllerRateLimiter<K>(clock: Clock): RateLimiter<K> {
  return new MaxOfRateLimiter<K>(new ItemExponentialFailureRateLimiter<K>(5, 1_000_000), new BucketRateLimiter<K>(clock, 10, 100));
}
