/**
 * One timer for many: every simulated node's heartbeats, probe periods, back-offs and
 * container sleeps are kept in one min-heap here, and only the earliest is armed on the
 * underlying Clock. A thousand idle nodes then cost one pending timer instead of thousands
 * (the house budget: 1,000 idle nodes cheap), and a FakeClock — which scans its timers on
 * every step — stays fast in tests. It is itself a Clock, so node code never knows.
 *
 * Timers due at the same instant fire in the order they were set, as with Node's timers.
 * At most MAX_PER_TURN fire per turn of the event loop: a thousand nodes' timers falling due
 * together are spread over several turns, so requests in between are not held up.
 */
import type { Clock, TimerHandle } from '@kubelab/core';

const MAX_PER_TURN = 100;

interface Entry {
  due: number;
  seq: number;
  fn: () => void;
  /** 0 for one-shot timers. */
  every: number;
  /** Index in the heap, -1 once removed. */
  index: number;
}

export class BatchedClock implements Clock {
  private readonly heap: Entry[] = [];
  private seq = 0;
  private armed: { due: number; handle: TimerHandle } | undefined;
  private firing = false;

  constructor(private readonly clock: Clock) {}

  now(): number {
    return this.clock.now();
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    return this.add(fn, Math.max(0, ms), 0);
  }

  setInterval(fn: () => void, ms: number): TimerHandle {
    const every = Math.max(1, ms);
    return this.add(fn, every, every);
  }

  /** Timers waiting (tests and diagnostics). */
  get pending(): number {
    return this.heap.length;
  }

  /** Drops every timer (the node manager stopping). */
  clear(): void {
    for (const e of this.heap) e.index = -1;
    this.heap.length = 0;
    this.armed?.handle.clear();
    this.armed = undefined;
  }

  private add(fn: () => void, ms: number, every: number): TimerHandle {
    const entry: Entry = { due: this.clock.now() + ms, seq: this.seq++, fn, every, index: -1 };
    this.push(entry);
    this.arm();
    const handle: TimerHandle = {
      clear: () => {
        if (entry.index < 0) {
          entry.every = 0;
          return;
        }
        this.removeAt(entry.index);
        entry.every = 0;
        this.arm();
      },
      unref: () => handle,
    };
    return handle;
  }

  private fire(): void {
    this.armed = undefined;
    this.firing = true;
    try {
      const now = this.clock.now();
      // Timers set while firing wait for the next turn, even when already due (setTimeout 0
      // inside a callback must not run in the same turn, or a chain of them would never yield).
      const setBefore = this.seq;
      for (let fired = 0; fired < MAX_PER_TURN; fired++) {
        const top = this.heap[0];
        if (!top || top.due > now || top.seq >= setBefore) break;
        this.removeAt(0);
        if (top.every > 0) {
          top.due += top.every;
          if (top.due <= now) top.due = now + top.every;
          top.seq = this.seq++;
          this.push(top);
        }
        try {
          top.fn();
        } catch (err) {
          process.emitWarning(`kubelab node timer failed: ${(err as Error)?.stack ?? String(err)}`);
        }
      }
    } finally {
      this.firing = false;
      this.arm();
    }
  }

  /** Arms the underlying timer for the earliest entry (unless it is armed for that already). */
  private arm(): void {
    if (this.firing) return;
    const top = this.heap[0];
    if (!top) {
      this.armed?.handle.clear();
      this.armed = undefined;
      return;
    }
    if (this.armed && this.armed.due <= top.due) return;
    this.armed?.handle.clear();
    const delay = Math.max(0, top.due - this.clock.now());
    this.armed = { due: top.due, handle: this.clock.setTimeout(() => this.fire(), delay).unref() };
  }

  private less(a: Entry, b: Entry): boolean {
    return a.due < b.due || (a.due === b.due && a.seq < b.seq);
  }

  private push(e: Entry): void {
    e.index = this.heap.length;
    this.heap.push(e);
    this.up(e.index);
  }

  private removeAt(i: number): void {
    const last = this.heap.pop()!;
    const removed = this.heap[i];
    if (removed) removed.index = -1;
    if (i < this.heap.length) {
      this.heap[i] = last;
      last.index = i;
      this.down(i);
      this.up(i);
    } else {
      last.index = -1;
    }
  }

  private up(i: number): void {
    const h = this.heap;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(h[i]!, h[p]!)) break;
      this.swap(i, p);
      i = p;
    }
  }

  private down(i: number): void {
    const h = this.heap;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && this.less(h[l]!, h[m]!)) m = l;
      if (r < h.length && this.less(h[r]!, h[m]!)) m = r;
      if (m === i) return;
      this.swap(i, m);
      i = m;
    }
  }

  private swap(a: number, b: number): void {
    const h = this.heap;
    const x = h[a]!;
    const y = h[b]!;
    h[a] = y;
    h[b] = x;
    x.index = b;
    y.index = a;
  }
}
