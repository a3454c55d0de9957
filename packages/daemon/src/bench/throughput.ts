/**
 * The write-throughput benchmarks — ours with 1 and with N writers, and the baselines —
 * run as interleaved rounds: every session is opened first, then round 1 measures each of
 * them in turn, then round 2 (starting one further along), and so on. Each figure is the
 * median of its rounds, and a ratio of two of them is the median of their per-round ratios
 * (targets.ts). On a machine shared with other work this keeps a ratio honest: a burst of
 * noise lands on one short round of one benchmark, not on all of a single benchmark.
 */
import { apiCreatesBench } from './api-creates.js';
import { openDurablePuts } from './durable-puts.js';
import { ETCD_INSTALL_HINT, openEtcdPuts } from './etcd-puts.js';
import { ROWS_PER_TXN, openRawSqlite } from './raw-sqlite.js';
import { type BenchResult, figure, skipped } from './result.js';
import { median, summarize } from './stats.js';
import type { ThroughputSample, ThroughputSession } from './workload.js';

export interface ThroughputScale {
  /** Concurrent writers for puts-64 and etcd. */
  writers: number;
  rounds: number;
  /** Length of one measured round. */
  durationMs: number;
  /** One unmeasured round per session first (JIT, page cache, etcd's first WAL segment). */
  warmupMs: number;
  /** Node flags for kubelabd children (e.g. --cpu-prof), for profiling the daemon under load. */
  daemonNodeArgs?: readonly string[];
}

export interface ThroughputBench {
  name: string;
  title(scale: ThroughputScale): string;
  /** Unit of the headline figure. */
  unit: string;
  /** What the latency figures time. */
  latencyOf: string;
  /**
   * Benchmarks that run whenever this one does, in the same interleaved rounds, because its
   * target is a ratio to them (api-creates → etcd).
   */
  baselines?: readonly string[];
  /** A string return means: skipped, for this reason. */
  open(scale: ThroughputScale): Promise<ThroughputSession | string>;
}

export const THROUGHPUT_BENCHES: readonly ThroughputBench[] = [
  {
    name: 'puts-1',
    title: () => 'durable puts, 1 writer (openSqliteBackend, WAL fsync per group commit)',
    unit: 'puts/s',
    latencyOf: 'put',
    open: async () => openDurablePuts(1),
  },
  {
    name: 'puts-64',
    title: (s) => `durable puts, ${s.writers} writers (openSqliteBackend, WAL fsync per group commit)`,
    unit: 'puts/s',
    latencyOf: 'put',
    open: async (s) => openDurablePuts(s.writers),
  },
  {
    name: 'raw-sqlite',
    title: () => `baseline: raw better-sqlite3, WAL + FULL, ${ROWS_PER_TXN} rows/txn, rowid table`,
    unit: 'rows/s',
    latencyOf: 'commit',
    open: async () => openRawSqlite('plain'),
  },
  {
    name: 'raw-sqlite-log',
    title: () => "baseline: raw better-sqlite3, same, into the log's own table",
    unit: 'rows/s',
    latencyOf: 'commit',
    open: async () => openRawSqlite('log'),
  },
  {
    name: 'etcd',
    title: (s) => `baseline: real etcd 3.4, ${s.writers} concurrent puts via the etcd3 client`,
    unit: 'puts/s',
    latencyOf: 'put',
    open: async (s) => (await openEtcdPuts(s.writers)) ?? `etcd not found; install it with: ${ETCD_INSTALL_HINT}`,
  },
  apiCreatesBench,
];

/** The selected throughput benchmarks and their baselines, in THROUGHPUT_BENCHES order. */
export function withBaselines(names: readonly string[]): ThroughputBench[] {
  const wanted = new Set(names);
  for (const b of THROUGHPUT_BENCHES) if (wanted.has(b.name)) for (const d of b.baselines ?? []) wanted.add(d);
  return THROUGHPUT_BENCHES.filter((b) => wanted.has(b.name));
}

export async function runThroughput(
  benches: readonly ThroughputBench[],
  scale: ThroughputScale,
  progress: (line: string) => void,
): Promise<BenchResult[]> {
  const open: Array<{ bench: ThroughputBench; session: ThroughputSession; samples: ThroughputSample[] }> = [];
  const results = new Map<string, BenchResult>();
  try {
    for (const bench of benches) {
      progress(`opening ${bench.name}`);
      let session: ThroughputSession | string;
      try {
        session = await bench.open(scale);
      } catch (err) {
        session = `failed to start: ${err instanceof Error ? err.message : String(err)}`;
      }
      if (typeof session === 'string') results.set(bench.name, skipped(bench.name, bench.title(scale), session));
      else open.push({ bench, session, samples: [] });
    }
    for (const o of open) {
      progress(`warming up ${o.bench.name}`);
      await o.session.measure(scale.warmupMs);
    }
    for (let round = 0; round < scale.rounds; round++) {
      for (let i = 0; i < open.length; i++) {
        const o = open[(i + round) % open.length]!;
        const sample = await o.session.measure(scale.durationMs);
        o.samples.push(sample);
        progress(`round ${round + 1}/${scale.rounds} ${o.bench.name}: ${rate(sample).toFixed(0)} ${o.bench.unit}`);
      }
    }
    for (const o of open) results.set(o.bench.name, toResult(o.bench, o.bench.title(scale), o.session, o.samples));
  } finally {
    for (const o of open) await o.session.close();
  }
  return benches.map((b) => results.get(b.name)!);
}

function rate(s: ThroughputSample): number {
  return s.ops / (s.elapsedMs / 1000);
}

function toResult(bench: ThroughputBench, title: string, session: ThroughputSession, samples: ThroughputSample[]): BenchResult {
  const rates = samples.map(rate);
  const latency = summarize(samples.flatMap((s) => s.latenciesMs));
  return {
    name: bench.name,
    title,
    figures: [
      figure('opsPerSecond', `median of ${samples.length}`, median(rates), bench.unit),
      figure('latencyP50Ms', `${bench.latencyOf} p50`, latency.p50, 'ms'),
      figure('latencyP99Ms', `${bench.latencyOf} p99`, latency.p99, 'ms'),
    ],
    ...(session.note ? { notes: [session.note] } : {}),
    perRound: rates,
    extra: { ops: samples.reduce((n, s) => n + s.ops, 0) },
  };
}
