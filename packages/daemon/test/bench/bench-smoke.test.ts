/**
 * The benchmarks at a tiny scale: each one runs end to end and reports figures of the right
 * shape. Counts and shapes only — never times, which belong to `npm run bench`.
 */
import { describe, expect, it } from 'vitest';
import { findEtcd } from '../../src/store/etcd/etcd-process.js';
import { benchRange } from '../../src/bench/range.js';
import { formatReport } from '../../src/bench/report.js';
import type { BenchResult } from '../../src/bench/result.js';
import { percentile, summarize } from '../../src/bench/stats.js';
import { BENCH_NAMES, DEFAULT_SCALE, type Scale, runSuite } from '../../src/bench/suite.js';
import { THROUGHPUT_BENCHES, runThroughput } from '../../src/bench/throughput.js';
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
    expect(keys(r)).toEqual(['issuedP99Ms', 'issuedP50Ms', 'resolvedP50Ms', 'resolvedP99Ms', 'fanOutSpanP50Ms', 'putP50Ms']);
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
    expect(Object.values(status)).toHaveLength(5);
    expect(status['durable puts: ours (64 writers) / raw SQLite (64 rows/txn, rowid table)']).toBe('not measured');
    expect(status["engine overhead: ours (64 writers) / raw SQLite into the log's own table"]).toBe('not measured');
    expect(status['durable puts: ours (64 writers) / etcd 3.4 (64 writers)']).toBe('not measured');
    expect(['met', 'missed']).toContain(status['watch p99, put issued→event (bounds commit→event above)']);
    expect(status['group commit gain: ours (64 writers) / ours (1 writer)']).toBe('info');

    const text = formatReport(report);
    for (const name of ['puts-1', 'puts-64', 'watch', 'target', 'not measured']) expect(text).toContain(name);
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
  });

  it('knows every benchmark by the name --only takes', () => {
    expect([...BENCH_NAMES]).toEqual(['puts-1', 'puts-64', 'raw-sqlite', 'raw-sqlite-log', 'etcd', 'range', 'watch']);
  });
});
