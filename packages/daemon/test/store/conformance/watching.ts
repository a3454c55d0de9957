/**
 * Reading a watch from a test: one response at a time with a deadline (a missing event fails
 * the test instead of hanging it), "nothing more arrives" checks, and the error the
 * iterator ends with. The reader keeps at most one next() in flight, so a response a check
 * waited for but did not take is never lost.
 */
import type { Watch, WatchEvent, WatchOptions, WatchResponse } from '../../../src/store/backend.js';
import type { StoreUnderTest } from './backends.js';
import { keys, showError, showEvents } from './notation.js';

const DEADLINE_MS = 5_000;
/** How long "nothing more arrives" waits: local backends deliver within a few event-loop turns. */
const QUIET_MS = 100;

type Next = { ok: IteratorResult<WatchResponse> } | { err: unknown };

export class WatchReader {
  private readonly it: AsyncIterator<WatchResponse>;
  private inFlight: Promise<Next> | undefined;

  constructor(readonly watch: Watch) {
    this.it = watch[Symbol.asyncIterator]();
  }

  private pull(): Promise<Next> {
    this.inFlight ??= this.it.next().then(
      (ok) => ({ ok }),
      (err: unknown) => ({ err }),
    );
    return this.inFlight;
  }

  private async take(timeoutMs: number): Promise<Next | 'timeout'> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs);
    });
    const got = await Promise.race([this.pull(), timeout]);
    clearTimeout(timer);
    if (got !== 'timeout') this.inFlight = undefined;
    return got;
  }

  /** The next response; fails when none comes in time, the watch ends, or it errors. */
  async response(timeoutMs = DEADLINE_MS): Promise<WatchResponse> {
    const got = await this.take(timeoutMs);
    if (got === 'timeout') throw new Error(`no watch response within ${timeoutMs} ms`);
    if ('err' in got) throw got.err;
    if (got.ok.done) throw new Error('the watch ended');
    return got.ok.value;
  }

  /** Responses until they hold n events in all (progress notifications are skipped). */
  async events(n: number): Promise<WatchEvent[]> {
    const out: WatchEvent[] = [];
    while (out.length < n) {
      const r = await this.response().catch((err: unknown) => {
        throw new Error(`after ${showEvents(out)}: ${err instanceof Error ? err.message : String(err)}`);
      });
      out.push(...r.events);
    }
    return out;
  }

  /** True when no response arrives within a short wait (the check keeps whatever comes later). */
  async quiet(ms = QUIET_MS): Promise<boolean> {
    const got = await this.take(ms);
    if (got === 'timeout') return true;
    // Put it back: a later response() returns it.
    this.inFlight = Promise.resolve(got);
    return false;
  }

  /** How the watch ends: `done`, a rendered store error, or `timeout` when it goes on. */
  async end(timeoutMs = DEADLINE_MS): Promise<string> {
    for (;;) {
      const got = await this.take(timeoutMs);
      if (got === 'timeout') return 'timeout';
      if ('err' in got) return showError(got.err);
      if (got.ok.done) return 'done';
    }
  }
}

/** Opens a watch on a key spec in the notation (`a`, `a*`, `a..c`, `a..`). */
export async function watch(s: StoreUnderTest, spec: string, options: Omit<WatchOptions, 'rangeEnd'> = {}): Promise<WatchReader> {
  const k = keys(spec);
  const w = await s.watch(k.key, { ...options, ...(k.rangeEnd === undefined ? {} : { rangeEnd: k.rangeEnd }) });
  return new WatchReader(w);
}

/** Polls cond on the real clock (the store's work runs on setImmediate) until it holds. */
export async function eventually(cond: () => Promise<boolean>, what: string, timeoutMs = DEADLINE_MS): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}
