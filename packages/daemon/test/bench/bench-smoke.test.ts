/**
 * The benchmarks at a tiny scale: each one runs end to end and reports figures of the right
 * shape. Counts and shapes only — never times, which belong to `npm run bench`.
 */
import { describe, expect, it } from 'vitest';
import { findEtcd } from '../../src/store/etcd/etcd-process.js';
import { benchApiGet } from '../../src/bench/api-get.js';
import { benchApiListTable } from '../../src/bench/api-list-table.js';
import { benchApiWatch } from '../../src/bench/api-watch.js';
import { benchDaemonStart } from '../../src/bench/daemon-start.js';
import { benchRange } from '../../src/bench/range.js';
import { formatReport } from '../../src/bench/report.js';
import type { BenchResult } from '../../src/bench/result.js';
import { percentile, summarize } from '../../src/bench/stats.js';
import { BENCH_NAMES, DEFAULT_SCALE, type Scale, runSuite } from '../../src/bench/suite.js';
import { THROUGHPUT_BENCHES, runThroughput, withBaselines } from '../../src/bench/throughput.js';
import { TARGETS, evaluate } from '../../src/bench/targets.js';
import { benchWatch } from '../../src/bench/watch-latency.js';

const TINY: Scale = {
  ...DEFAULT_SCALE,
  writers: 4,
  rounds: 2,
  durationMs: 30,
  warmupMs: 10,
  rangeKeys: 150,
  rangeRuns: 3,
  watchers: 12,
  watchPuts: 4,
  apiGetSamples: 20,
  listPods: 30,
  listRuns: 2,
  apiWatchers: 5,
  apiWatchPuts: 3,
  startRuns: 2,
  startObjects: 20,
};

function keys(r: BenchResult): string[] {
  return r.figures.map((f) => f.key);
}

function throughputBench(name: string) {
  const b = THROUGHPUT_BENCHES.find((x) => x.name === name);
  if (!b) throw new Error(`no throughput benchmark ${name}`);
  return b;
}

describe('bench statistics', () => {
  it('takes percentiles by nearest rank, so p99 is a latency some request saw', () => {
    const samples = Array.from({ length: 100 }, (_, i) => 100 - i); // 100..1, unsorted
    expect(percentile(samples, 0.5)).toBe(50);
    expect(percentile(samples, 0.99)).toBe(99);
    expect(summarize(samples)).toEqual({ count: 100, p50: 50, p99: 99, max: 100 });
    expect(percentile([], 0.5)).toBeNaN();
  });
});

describe('targets', () => {
  const run = (name: string, perRound: number[]): BenchResult => ({
    name,
    title: name,
    figures: [{ key: 'opsPerSecond', label: 'median', value: [...perRound].sort((a, b) => a - b)[1]!, unit: 'puts/s' }],
    perRound,
  });

  it('takes a throughput ratio round by round, so each compares figures measured together', () => {
    // Ratios per round 0.5, 0.4, 0.6 → 0.5; the ratio of the medians would be 150/250 = 0.6.
    const results = [run('puts-64', [100, 400, 150]), run('raw-sqlite', [200, 1000, 250])];
    const outcome = evaluate(TARGETS[0]!, results);
    expect(outcome.value).toBeCloseTo(0.5);
    expect(outcome).toMatchObject({ shown: '50%', target: '≥ 40%', status: 'met' });
  });

  it('holds API creates to 1× etcd, round by round', () => {
    // Ratios per round 0.9, 1.1, 1.2 → 1.1.
    const results = [run('api-creates', [90, 110, 120]), run('etcd', [100, 100, 100])];
    const target = TARGETS.find((t) => t.label.startsWith('durable API creates'))!;
    expect(evaluate(target, results)).toMatchObject({ shown: '1.10×', target: '≥ 1×', status: 'met' });
  });

  it('counts a skipped baseline as not measured', () => {
    const results = [run('puts-64', [100, 100, 100]), { name: 'etcd', title: 'etcd', figures: [], skipped: 'no etcd' }];
    expect(evaluate(TARGETS[1]!, results)).toMatchObject({ shown: '—', status: 'not measured' });
  });
});

describe('throughput benchmarks', () => {
  for (const name of ['puts-1', 'puts-64', 'raw-sqlite', 'raw-sqlite-log']) {
    it(`${name} reports a rate and put latencies from every round`, async () => {
      const [r] = await runThroughput([throughputBench(name)], TINY, () => {});
      expect(r!.skipped).toBeUndefined();
      expect(keys(r!)).toEqual(['opsPerSecond', 'latencyP50Ms', 'latencyP99Ms']);
      expect(r!.figures[0]!.value).toBeGreaterThan(0);
      expect(r!.perRound).toHaveLength(TINY.rounds);
    });
  }

  it('etcd reports a rate, or says it was skipped and how to install etcd', async () => {
    const [r] = await runThroughput([throughputBench('etcd')], { ...TINY, rounds: 1 }, () => {});
    if (findEtcd()) {
      expect(r!.skipped).toBeUndefined();
      expect(r!.figures[0]!.value).toBeGreaterThan(0);
    } else {
      expect(r!.skipped).toMatch(/apt-get install -y etcd-server etcd-client/);
      expect(r!.figures).toEqual([]);
    }
  });
});

describe('API benchmarks (kubelabd child processes, from dist/)', () => {
  it('api-creates always runs with etcd as its baseline, in the same rounds', () => {
    expect(withBaselines(['api-creates']).map((b) => b.name)).toEqual(['etcd', 'api-creates']);
    expect(withBaselines(['puts-64']).map((b) => b.name)).toEqual(['puts-64']);
  });

  it('api-creates reports creates/s and create latencies from every round', async () => {
    const results = await runThroughput(withBaselines(['api-creates']), TINY, () => {});
    const r = results.find((x) => x.name === 'api-creates')!;
    expect(r.skipped).toBeUndefined();
    expect(keys(r)).toEqual(['opsPerSecond', 'latencyP50Ms', 'latencyP99Ms']);
    expect(r.figures[0]!.unit).toBe('creates/s');
    expect(r.figures[0]!.value).toBeGreaterThan(0);
    expect(r.perRound).toHaveLength(TINY.rounds);
    const etcd = results.find((x) => x.name === 'etcd')!;
    if (findEtcd()) expect(etcd.perRound).toHaveLength(TINY.rounds);
    else expect(etcd.skipped).toMatch(/apt-get install/);
  });

  it('api-get takes one sample per GET', async () => {
    const r = await benchApiGet({ samples: TINY.apiGetSamples, warmup: 2 });
    expect(keys(r)).toEqual(['p50Ms', 'p99Ms', 'maxMs', 'getsPerSecond']);
    expect(r.extra?.['samples']).toBe(TINY.apiGetSamples);
  });

  it('api-list-table lists every pod as a Table row (and as a PodList) in each run', async () => {
    const r = await benchApiListTable({ pods: TINY.listPods, runs: TINY.listRuns });
    expect(keys(r)).toEqual(['p50Ms', 'maxMs', 'jsonP50Ms']);
    expect(r.extra?.['tableRunsMs']).toHaveLength(TINY.listRuns);
    expect(r.extra?.['jsonRunsMs']).toHaveLength(TINY.listRuns);
  });

  it('api-watch takes one sample per watcher per create on both clocks', async () => {
    const r = await benchApiWatch({ watchers: TINY.apiWatchers, puts: TINY.apiWatchPuts, warmupPuts: 1 });
    expect(keys(r)).toEqual([
      'issuedP99Ms',
      'issuedP50Ms',
      'resolvedP50Ms',
      'resolvedP99Ms',
      'firstP50Ms',
      'fanOutSpanP50Ms',
      'createP50Ms',
    ]);
    expect(r.notes?.[0]).toContain(`${TINY.apiWatchPuts * TINY.apiWatchers} samples`);
    const fig = (k: string) => r.figures.find((f) => f.key === k)!.value;
    expect(fig('issuedP50Ms')).toBeGreaterThanOrEqual(fig('resolvedP50Ms'));
  });

  it('daemon-start starts the binary on a fresh and on a populated data dir, each run', async () => {
    const r = await benchDaemonStart({ runs: TINY.startRuns, objects: TINY.startObjects });
    expect(keys(r)).toEqual(['freshMs', 'existingMs', 'freshMaxMs', 'existingMaxMs', 'bareNodeMs', 'stopMs']);
    expect(r.extra?.['freshMs']).toHaveLength(TINY.startRuns);
    expect(r.extra?.['existingMs']).toHaveLength(TINY.startRuns);
    expect(r.extra?.['stopMs']).toHaveLength(2 * TINY.startRuns);
  });
});

describe('range benchmark', () => {
  it('ranges over exactly the loaded prefix and reports ms per range', async () => {
    const r = await benchRange({ keys: TINY.rangeKeys, runs: TINY.rangeRuns });
    expect(keys(r)).toEqual(['p50Ms', 'maxMs', 'keysPerSecond']);
    expect(r.extra?.['runsMs']).toHaveLength(TINY.rangeRuns);
  });
});

describe('watch benchmark', () => {
  it('takes one sample per watcher per put on both clocks', async () => {
    const r = await benchWatch({ watchers: TINY.watchers, puts: TINY.watchPuts, warmupPuts: 1 });
    expect(keys(r)).toEqual([
      'commitP99Ms',
      'commitP50Ms',
      'issuedP99Ms',
      'issuedP50Ms',
      'resolvedP50Ms',
      'resolvedP99Ms',
      'fanOutSpanP50Ms',
      'putP50Ms',
    ]);
    expect(r.notes?.[0]).toContain(`${TINY.watchPuts * TINY.watchers} samples`);
    // The issue clock starts before the resolve clock, for the same event.
    const fig = (k: string) => r.figures.find((f) => f.key === k)!.value;
    expect(fig('issuedP50Ms')).toBeGreaterThanOrEqual(fig('resolvedP50Ms'));
  });
});

describe('the suite', () => {
  it('reports what ran, and targets whose figures did not run as not measured', async () => {
    const report = await runSuite(['puts-1', 'puts-64', 'watch'], TINY);
    expect(report.results.map((r) => r.name)).toEqual(['puts-1', 'puts-64', 'watch']);
    const status = Object.fromEntries(report.targets.map((t) => [t.label, t.status]));
    expect(status['durable puts: ours (64 writers) / raw SQLite (64 rows/txn, rowid table)']).toBe('not measured');
    expect(status["engine overhead: ours (64 writers) / raw SQLite into the log's own table"]).toBe('not measured');
    expect(status['durable puts: ours (64 writers) / etcd 3.4 (64 writers)']).toBe('not measured');
    expect(['met', 'missed']).toContain(status['watch p99, commit→event, 1,000 watchers']);
    expect(status['group commit gain: ours (64 writers) / ours (1 writer)']).toBe('info');
    expect(status['durable API creates: ours (64 HTTPS clients) / etcd 3.4 raw puts (64 writers)']).toBe('not measured');
    expect(status['API watch p99, 1,000 watches over HTTP/2 (client-go), create issued→event (bounds commit→event above)']).toBe('not measured');
    // Every target that did not run says so (none is silently dropped or faked).
    for (const [label, st] of Object.entries(status)) if (!label.includes('watch p99, commit')) expect(['not measured', 'info']).toContain(st);
    expect(status['API path cost: API creates (64 HTTPS clients) / store puts (64 writers)']).toBe('not measured');

    const text = formatReport(report);
    for (const name of ['puts-1', 'puts-64', 'watch', 'target', 'not measured']) expect(text).toContain(name);
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
  });

  it('knows every benchmark by the name --only takes, each once', () => {
    expect(new Set(BENCH_NAMES).size).toBe(BENCH_NAMES.length);
    expect([...BENCH_NAMES]).toEqual(expect.arrayContaining([
      'puts-1',
      'puts-64',
      'raw-sqlite',
      'raw-sqlite-log',
      'etcd',
      'api-creates',
      'range',
      'watch',
      'api-get',
      'api-list-table',
      'api-watch',
      'api-watch-h1',
      'daemon-start',
    ]));
  });
});
