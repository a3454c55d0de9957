/**
 * The node lifecycle controller's per-zone tainting queue (pkg/controller/nodelifecycle/
 * scheduler/rate_limited_queue.go): nodes waiting for their NoExecute taint, handed out no
 * faster than a token bucket allows — --node-eviction-rate 0.1 nodes per second with a burst
 * of one by default — so a network blip that silences many nodes does not empty them all at
 * once. A zone in trouble swaps its limiter (see node-lifecycle-controller.ts).
 *
 * Like upstream's UniqueQueue a node is queued once: after it is processed it stays
 * "remembered" (add() answers false) until remove() forgets it.
 */
import type { Clock } from '@kubelab/core';

/** A token bucket on the injected clock (flowcontrol.NewTokenBucketRateLimiter); qps 0 never accepts. */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly clock: Clock,
    readonly qps: number,
    private readonly burst: number,
  ) {
    this.tokens = burst;
    this.last = clock.now();
  }

  tryAccept(): boolean {
    if (this.qps <= 0) return false;
    this.refill();
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** Milliseconds until a token is available (Infinity for qps 0). */
  msUntilToken(): number {
    if (this.qps <= 0) return Number.POSITIVE_INFINITY;
    this.refill();
    return this.tokens >= 1 ? 0 : Math.ceil(((1 - this.tokens) / this.qps) * 1000);
  }

  private refill(): void {
    const now = this.clock.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.qps);
    this.last = now;
  }
}

export interface TimedValue {
  value: string;
  uid: string;
  addedAt: number;
  processAt: number;
}

/** What the action answers: done, or try again after retryAfterMs. */
export type TryResult = { done: true } | { done: false; retryAfterMs: number };

export class RateLimitedTimedQueue {
  private readonly queue = new Map<string, TimedValue>();
  private readonly remembered = new Set<string>();

  constructor(
    private readonly clock: Clock,
    private limiter: TokenBucket,
  ) {}

  /** Queues a node; false when it is queued or remembered already. */
  add(value: string, uid: string): boolean {
    if (this.remembered.has(value)) return false;
    const now = this.clock.now();
    this.queue.set(value, { value, uid, addedAt: now, processAt: now });
    this.remembered.add(value);
    return true;
  }

  /** Forgets a node, queued or remembered, so it may be added again. */
  remove(value: string): boolean {
    this.remembered.delete(value);
    return this.queue.delete(value);
  }

  get length(): number {
    return this.queue.size;
  }

  swapLimiter(qps: number): void {
    if (this.limiter.qps === qps) return;
    this.limiter = new TokenBucket(this.clock, qps, 1);
  }

  /**
   * Try: hands out due nodes, earliest first, while the limiter has tokens. A node the
   * action could not finish is tried again after the delay it asks for.
   */
  async try(action: (v: TimedValue) => Promise<TryResult>): Promise<void> {
    for (;;) {
      const head = this.head();
      if (!head) return;
      if (!this.limiter.tryAccept()) return;
      const now = this.clock.now();
      if (now < head.processAt) return;
      const result = await action(head);
      if (result.done) this.queue.delete(head.value);
      else head.processAt = now + result.retryAfterMs + 1;
    }
  }

  /** When try() could next make progress, in ms from now (Infinity: nothing queued or stopped). */
  nextAttemptMs(): number {
    const head = this.head();
    if (!head) return Number.POSITIVE_INFINITY;
    return Math.max(this.limiter.msUntilToken(), head.processAt - this.clock.now(), 0);
  }

  private head(): TimedValue | undefined {
    let best: TimedValue | undefined;
    for (const v of this.queue.values()) if (!best || v.processAt < best.processAt) best = v;
    return best;
  }
}
