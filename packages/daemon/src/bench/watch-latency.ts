/**
 * Watch delivery latency with many watchers on one prefix — every informer of a resource
 * type, as the API server's watch cache fans one change out to all of them.
 *
 * The budget is commit → event: measured from the engine's onCommit hook (the instant the
 * group commit is durable, before watchers are told) to a watcher receiving the event.
 * Two more clocks bracket it from outside:
 *   - put issued → event received: from just before store.put() is called to the moment a
 *     watcher's iterator hands over the event. Includes waiting for the group commit and its
 *     fsync, so it is an upper bound on commit → event. The target is checked against this.
 *   - put resolved → event received: from the writer's `await put` returning to the event.
 *     The engine publishes to watchers just before it resolves the put, so this is a lower
 *     bound and may be negative (the watcher had the event before the writer heard back).
 * Puts go one at a time, each waiting until every watcher has its event, so the figures
 * are per-change delivery latency, not queueing behind a backlog.
 */
import type { Watch } from '../store/backend.js';
import { prefixEnd } from '../store/keys.js';
import { openSqliteBackend } from '../store/sqlite/sqlite-backend.js';
import { type BenchResult, figure } from './result.js';
import { nowMs, summarize } from './stats.js';
import { BENCH_PREFIX, benchKey, benchValue, tempDir } from './workload.js';

export interface WatchScale {
  watchers: number;
  /** Measured puts; each yields one sample per watcher. */
  puts: number;
  /** Puts before measuring, while V8 warms up. */
  warmupPuts?: number;
}

/** How long one put's events may take to reach everyone before the benchmark gives up. */
const DELIVERY_TIMEOUT_MS = 30_000;

/** One put in flight: when it was issued, and when and at which revision each watcher heard. */
interface Probe {
  arrivals: Float64Array;
  revisions: Float64Array;
  received: number;
  done: () => void;
}

export async function benchWatch(scale: WatchScale): Promise<BenchResult> {
  const dir = tempDir('watch');
  const commits = new Map<number, number>();
  const store = openSqliteBackend(dir.path, { onCommit: (revision) => commits.set(revision, nowMs()) });
  const watches: Watch[] = [];
  const consumerErrors: unknown[] = [];
  let consumers: Promise<void>[] = [];
  try {
    let probe: Probe | undefined;
    const end = prefixEnd(BENCH_PREFIX);
    for (let i = 0; i < scale.watchers; i++) watches.push(await store.watch(BENCH_PREFIX, { rangeEnd: end }));
    // Each consumer does as little as it can between receiving and recording: the time it
    // spends is time every later watcher waits, and would be charged to the store.
    consumers = watches.map(async (w) => {
      try {
        for await (const response of w) {
          const t = nowMs();
          for (const ev of response.events) {
            const p = probe;
            if (!p || p.received >= scale.watchers) throw new Error(`unexpected event at revision ${ev.kv.modRevision}`);
            p.arrivals[p.received] = t;
            p.revisions[p.received] = ev.kv.modRevision;
            if (++p.received === scale.watchers) p.done();
          }
        }
      } catch (err) {
        consumerErrors.push(err);
      }
    });

    const value = benchValue();
    const warmup = scale.warmupPuts ?? 10;
    const issued = new Float64Array(scale.puts * scale.watchers);
    const resolved = new Float64Array(scale.puts * scale.watchers);
    const committed = new Float64Array(scale.puts * scale.watchers);
    const spans = new Float64Array(scale.puts);
    const putMs = new Float64Array(scale.puts);
    for (let k = 0; k < warmup + scale.puts; k++) {
      const p: Probe = {
        arrivals: new Float64Array(scale.watchers),
        revisions: new Float64Array(scale.watchers),
        received: 0,
        done: () => {},
      };
      const delivered = new Promise<void>((resolve) => (p.done = resolve));
      probe = p;
      const issuedAt = nowMs();
      const { header } = await store.put(benchKey(k), value);
      const resolvedAt = nowMs();
      await within(delivered, DELIVERY_TIMEOUT_MS, () => `put ${k}: ${p.received}/${scale.watchers} watchers got the event`);
      if (consumerErrors.length > 0) throw consumerErrors[0];
      for (let i = 0; i < scale.watchers; i++) {
        if (p.revisions[i] !== header.revision) throw new Error(`watcher got revision ${p.revisions[i]}, put made ${header.revision}`);
      }
      if (k < warmup) continue;
      const m = k - warmup;
      let first = Infinity;
      let last = -Infinity;
      const commitAt = commits.get(header.revision);
      if (commitAt === undefined) throw new Error(`no commit recorded for revision ${header.revision}`);
      commits.clear();
      for (let i = 0; i < scale.watchers; i++) {
        const t = p.arrivals[i]!;
        committed[m * scale.watchers + i] = t - commitAt;
        issued[m * scale.watchers + i] = t - issuedAt;
        resolved[m * scale.watchers + i] = t - resolvedAt;
        first = Math.min(first, t);
        last = Math.max(last, t);
      }
      spans[m] = last - first;
      putMs[m] = resolvedAt - issuedAt;
    }

    const fromCommit = summarize(committed);
    const fromIssue = summarize(issued);
    const fromResolve = summarize(resolved);
    return {
      name: 'watch',
      title: `watch delivery, ${scale.watchers.toLocaleString('en-US')} watchers on one prefix (sqlite, durable puts)`,
      figures: [
        figure('commitP99Ms', 'commit→event p99', fromCommit.p99, 'ms'),
        figure('commitP50Ms', 'commit→event p50', fromCommit.p50, 'ms'),
        figure('issuedP99Ms', 'issued→event p99', fromIssue.p99, 'ms'),
        figure('issuedP50Ms', 'issued→event p50', fromIssue.p50, 'ms'),
        figure('resolvedP50Ms', 'resolved→event p50', fromResolve.p50, 'ms'),
        figure('resolvedP99Ms', 'resolved→event p99', fromResolve.p99, 'ms'),
        figure('fanOutSpanP50Ms', 'first→last watcher p50', summarize(spans).p50, 'ms'),
        figure('putP50Ms', 'put issued→resolved p50', summarize(putMs).p50, 'ms'),
      ],
      notes: [
        `${scale.puts} puts one at a time × ${scale.watchers} watchers = ${fromIssue.count.toLocaleString('en-US')} samples per clock`,
        'commit→event: from the engine\'s onCommit hook (durable, before publishing) to the event — the budget',
        'issued→event: from just before put() to the event (includes group commit + fsync; upper bound on commit→event)',
        'resolved→event: from put() resolving to the event (lower bound; negative = event came first)',
      ],
    };
  } finally {
    for (const w of watches) w.cancel();
    await Promise.all(consumers);
    try {
      await store.close();
    } finally {
      dir.remove();
    }
  }
}

function within(p: Promise<void>, ms: number, what: () => string): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`watch benchmark stalled: ${what()}`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}
