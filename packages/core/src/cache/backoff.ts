/**
 * Exponential backoff with jitter on the injected Clock, as apimachinery's
 * wait.NewExponentialBackoffManager: each next() answers the current delay (plus up to
 * `jitter` × delay at random) and doubles it up to `maxMs`; after `resetAfterMs` without a
 * call the delay starts over from `initialMs`. The reflector uses client-go's values:
 * 800 ms → 30 s, reset after 2 minutes.
 */
import type { Clock } from '../clock.js';

export interface BackoffOptions {
  clock: Clock;
  initialMs?: number;
  maxMs?: number;
  factor?: number;
  /** Up to this fraction of the delay is added at random (1.0: up to double). */
  jitter?: number;
  resetAfterMs?: number;
  random?: () => number;
}

export class Backoff {
  private readonly clock: Clock;
  private readonly initialMs: number;
  private readonly maxMs: number;
  private readonly factor: number;
  private readonly jitter: number;
  private readonly resetAfterMs: number;
  private readonly random: () => number;
  private current: number;
  private lastAt: number | undefined;

  constructor(options: BackoffOptions) {
    this.clock = options.clock;
    this.initialMs = options.initialMs ?? 800;
    this.maxMs = options.maxMs ?? 30_000;
    this.factor = options.factor ?? 2;
    this.jitter = options.jitter ?? 1.0;
    this.resetAfterMs = options.resetAfterMs ?? 120_000;
    this.random = options.random ?? Math.random;
    this.current = this.initialMs;
  }

  /** The delay to wait now, in ms. */
  next(): number {
    const now = this.clock.now();
    if (this.lastAt !== undefined && now - this.lastAt > this.resetAfterMs) this.current = this.initialMs;
    this.lastAt = now;
    const base = this.current;
    this.current = Math.min(this.current * this.factor, this.maxMs);
    return Math.round(base + (this.jitter > 0 ? this.random() * this.jitter * base : 0));
  }

  reset(): void {
    this.current = this.initialMs;
    this.lastAt = undefined;
  }
}
