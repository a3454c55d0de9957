/**
 * A list of one resource type, as the API server serves `kubectl get configmaps -A` or a
 * reflector's initial LIST: one prefix range with values over `keys` keys of 1 KiB, in a
 * durable store that also holds keys of a neighbouring prefix (so the range is a range,
 * not the whole store). Reported as ms per range, p50 over `runs` ranges after a warm-up.
 */
import { prefixEnd } from '../store/keys.js';
import { openSqliteBackend } from '../store/sqlite/sqlite-backend.js';
import { type BenchResult, figure } from './result.js';
import { nowMs, summarize } from './stats.js';
import { BENCH_PREFIX, benchKey, benchValue, tempDir } from './workload.js';

export interface RangeScale {
  keys: number;
  runs: number;
}

const NEIGHBOUR_PREFIX = '/registry/configmaps/bench-neighbour/';
/** Puts in flight while loading: enough for big group commits, few enough to stay small. */
const LOAD_CONCURRENCY = 1000;

export async function benchRange(scale: RangeScale): Promise<BenchResult> {
  const dir = tempDir('range');
  const store = openSqliteBackend(dir.path);
  try {
    const value = benchValue();
    const loadStart = nowMs();
    await load(scale.keys, (i) => store.put(benchKey(i), value));
    await load(Math.ceil(scale.keys / 10), (i) => store.put(benchKey(i, NEIGHBOUR_PREFIX), value));
    const loadMs = nowMs() - loadStart;

    const end = prefixEnd(BENCH_PREFIX);
    const once = async () => {
      const t0 = nowMs();
      const r = await store.range(BENCH_PREFIX, { rangeEnd: end });
      const ms = nowMs() - t0;
      // A benchmark that silently read the wrong thing would be worse than none.
      if (r.kvs.length !== scale.keys || r.kvs[0]?.value.length !== value.length) {
        throw new Error(`range returned ${r.kvs.length} keys, expected ${scale.keys} with ${value.length}-byte values`);
      }
      return ms;
    };
    await once(); // warm-up: first touches of SQLite pages and V8's code paths
    const times: number[] = [];
    for (let i = 0; i < scale.runs; i++) times.push(await once());
    const s = summarize(times);
    return {
      name: 'range',
      title: `range of ${scale.keys.toLocaleString('en-US')} keys with 1 KiB values (one prefix, sqlite)`,
      figures: [
        figure('p50Ms', 'p50', s.p50, 'ms'),
        figure('maxMs', 'max', s.max, 'ms'),
        figure('keysPerSecond', 'keys/s at p50', scale.keys / (s.p50 / 1000), 'keys/s'),
      ],
      notes: [`${scale.runs} ranges after one warm-up; loading the keys took ${loadMs.toFixed(0)} ms`],
      extra: { runsMs: times },
    };
  } finally {
    try {
      await store.close();
    } finally {
      dir.remove();
    }
  }
}

async function load(n: number, put: (i: number) => Promise<unknown>): Promise<void> {
  for (let from = 0; from < n; from += LOAD_CONCURRENCY) {
    const batch: Promise<unknown>[] = [];
    for (let i = from; i < Math.min(n, from + LOAD_CONCURRENCY); i++) batch.push(put(i));
    await Promise.all(batch);
  }
}
