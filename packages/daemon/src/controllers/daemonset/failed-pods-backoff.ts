/**
 * The backoff the DaemonSet controller keeps per DaemonSet and node for failed pods
 * (client-go util/flowcontrol.Backoff, 1 s doubling to 15 min): a node whose kubelet keeps
 * rejecting the daemon pod sees a replacement after 1 s, 2 s, 4 s … rather than in a hot loop.
 */
import type { Clock } from '@kubelab/core';

interface Entry {
  delayMs: number;
  lastUpdate: number;
}

export class FailedPodsBackoff {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly clock: Clock,
    private readonly initialMs: number,
    private readonly maxMs: number,
  ) {}

  /** IsInBackOffSinceUpdate: less than the current delay has passed since the last failure. */
  isInBackOffSinceUpdate(key: string): boolean {
    const e = this.entries.get(key);
    return e !== undefined && this.clock.now() - e.lastUpdate < e.delayMs;
  }

  /** How long until the key is out of backoff (0 if it is). */
  remaining(key: string): number {
    const e = this.entries.get(key);
    return e ? Math.max(0, e.lastUpdate + e.delayMs - this.clock.now()) : 0;
  }

  /** Next: records a failure; the delay doubles, or starts over after a long quiet spell. */
  next(key: string): void {
    const now = this.clock.now();
    const e = this.entries.get(key);
    if (!e || now - e.lastUpdate > 2 * this.maxMs) this.entries.set(key, { delayMs: this.initialMs, lastUpdate: now });
    else this.entries.set(key, { delayMs: Math.min(e.delayMs * 2, this.maxMs), lastUpdate: now });
  }
}
