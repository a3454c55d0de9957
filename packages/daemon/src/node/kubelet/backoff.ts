/**
 * Per-key exponential back-off on the clock, as client-go's util/flowcontrol.Backoff that
 * the kubelet uses for crashing containers and failing image pulls:
 *
 *   next(k, t)                 first time (or after 2 × max quiet): initial; else doubled, up to max
 *   isInBackOffSince(k, t)     now − t < current back-off (t: when the container died)
 *   isInBackOffSinceUpdate(k, t) t − last next() < current back-off (image pulls)
 *
 * Worked example (10 s → 5 min): a container dies at 0 → restarted at once, back-off 10 s;
 * dies at 1 s → waits until 11 s ("back-off 10s"), restarted, back-off 20 s; dies at 12 s →
 * waits until 32 s ("back-off 20s"); then 40 s, 1m20s, 2m40s, 5m0s, 5m0s …
 */
import type { Clock } from '@kubelab/core';

interface Entry {
  backoff: number;
  lastUpdate: number;
}

export class Backoff {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly clock: Clock,
    private readonly initialMs: number,
    private readonly maxMs: number,
  ) {}

  next(key: string, eventTime: number): void {
    const e = this.entries.get(key);
    if (!e || this.expired(eventTime, e.lastUpdate)) this.entries.set(key, { backoff: this.initialMs, lastUpdate: this.clock.now() });
    else {
      e.backoff = Math.min(e.backoff * 2, this.maxMs);
      e.lastUpdate = this.clock.now();
    }
  }

  /** The current back-off of key, ms (0 when none). */
  get(key: string): number {
    return this.entries.get(key)?.backoff ?? 0;
  }

  isInBackOffSince(key: string, eventTime: number): boolean {
    const e = this.entries.get(key);
    if (!e || this.expired(eventTime, e.lastUpdate)) return false;
    return this.clock.now() - eventTime < e.backoff;
  }

  isInBackOffSinceUpdate(key: string, eventTime: number): boolean {
    const e = this.entries.get(key);
    if (!e || this.expired(eventTime, e.lastUpdate)) return false;
    return eventTime - e.lastUpdate < e.backoff;
  }

  /** When key's back-off since eventTime ends (ms on the clock). */
  expiresAt(key: string, eventTime: number): number {
    return eventTime + this.get(key);
  }

  /** When key's back-off since its last update ends. */
  updateExpiresAt(key: string): number {
    const e = this.entries.get(key);
    return e ? e.lastUpdate + e.backoff : this.clock.now();
  }

  reset(key: string): void {
    this.entries.delete(key);
  }

  /** Forgets keys quiet for 2 × max (flowcontrol.Backoff.GC). */
  gc(): void {
    const now = this.clock.now();
    for (const [k, e] of this.entries) if (this.expired(now, e.lastUpdate)) this.entries.delete(k);
  }

  /** Drops every key starting with prefix (a pod's containers, once it is gone). */
  forgetPrefix(prefix: string): void {
    for (const k of this.entries.keys()) if (k.startsWith(prefix)) this.entries.delete(k);
  }

  private expired(eventTime: number, lastUpdate: number): boolean {
    return eventTime - lastUpdate > 2 * this.maxMs;
  }
}

/** A duration as Go's time.Duration prints it: "361ms", "1.5s", "1m20s", "5m0s". */
export function goDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const seconds = ms / 1000;
  if (seconds < 60) return `${trim(seconds)}s`;
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds - h * 3600 - m * 60;
  return `${h ? `${h}h` : ''}${m}m${trim(s)}s`;
}

function trim(n: number): string {
  return n.toFixed(3).replace(/\.?0+$/, '');
}
