/**
 * Clock: the one source of time for everything that waits (lease expiry, node heartbeats,
 * probe periods, backoff). Production code receives a Clock instead of calling Date.now or
 * setTimeout directly, so tests can use a FakeClock and fast-forward deterministically —
 * the same idea as k8s.io/utils/clock and its testing.FakeClock.
 */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
  /** Runs fn after ms milliseconds of this clock's time. */
  setTimeout(fn: () => void, ms: number): TimerHandle;
  /** Runs fn every ms milliseconds of this clock's time until cleared. */
  setInterval(fn: () => void, ms: number): TimerHandle;
}

export interface TimerHandle {
  /** Cancels the timer; safe to call more than once. */
  clear(): void;
  /** Lets the process exit while this timer is pending (real clocks only; a no-op for fakes). */
  unref(): TimerHandle;
}

/** The wall clock, backed by Node's timers. */
export class RealClock implements Clock {
  now(): number {
    return Date.now();
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const t = setTimeout(fn, ms);
    return wrapNodeTimer(t, () => clearTimeout(t));
  }

  setInterval(fn: () => void, ms: number): TimerHandle {
    const t = setInterval(fn, ms);
    return wrapNodeTimer(t, () => clearInterval(t));
  }
}

function wrapNodeTimer(t: NodeJS.Timeout, clear: () => void): TimerHandle {
  const handle: TimerHandle = {
    clear,
    unref() {
      t.unref();
      return handle;
    },
  };
  return handle;
}

interface FakeTimer {
  id: number;
  due: number;
  fn: () => void;
  /** 0 for one-shot timers. */
  every: number;
}

/**
 * A clock that moves only when told to. `advance(ms)` fires every timer that falls due
 * within the step, in due order, moving `now()` to each timer's due time as it fires, so a
 * callback observes the time it was scheduled for.
 */
export class FakeClock implements Clock {
  private current: number;
  private timers: FakeTimer[] = [];
  private nextId = 1;

  constructor(start = Date.UTC(2025, 0, 1)) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    return this.add(fn, Math.max(0, ms), 0);
  }

  setInterval(fn: () => void, ms: number): TimerHandle {
    return this.add(fn, Math.max(1, ms), Math.max(1, ms));
  }

  /** Moves time forward by ms, firing due timers in order. */
  advance(ms: number): void {
    const target = this.current + ms;
    for (;;) {
      const next = this.earliest();
      if (!next || next.due > target) break;
      this.current = Math.max(this.current, next.due);
      if (next.every > 0) next.due += next.every;
      else this.timers = this.timers.filter((t) => t !== next);
      next.fn();
    }
    this.current = target;
  }

  /** Timers still pending; lets tests assert that nothing is left scheduled. */
  pending(): number {
    return this.timers.length;
  }

  private earliest(): FakeTimer | undefined {
    let best: FakeTimer | undefined;
    for (const t of this.timers) if (!best || t.due < best.due || (t.due === best.due && t.id < best.id)) best = t;
    return best;
  }

  private add(fn: () => void, ms: number, every: number): TimerHandle {
    const timer: FakeTimer = { id: this.nextId++, due: this.current + ms, fn, every };
    this.timers.push(timer);
    const handle: TimerHandle = {
      clear: () => {
        this.timers = this.timers.filter((t) => t !== timer);
      },
      unref: () => handle,
    };
    return handle;
  }
}
