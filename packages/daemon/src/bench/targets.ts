/**
 * The budgets the benchmark checks (ARCHITECTURE.md, Budgets; the store's share of the
 * durable-create budget is set higher, 5× etcd, to leave room for the API server above it;
 * the API creates themselves must reach 1× etcd).
 * A target is a figure or a ratio of two figures measured in the same run — never a figure
 * compared with a number measured elsewhere, which on a shared machine means nothing.
 */
import { type BenchResult, figureOf, resultOf } from './result.js';
import { median } from './stats.js';

/** 'info': a ratio shown for reading, with no goal; 'not measured': a figure it needs is missing. */
export type TargetStatus = 'met' | 'missed' | 'info' | 'not measured';

export interface Target {
  label: string;
  /** The figure or ratio; undefined when something it needs was not run or was skipped. */
  measure(results: readonly BenchResult[]): number | undefined;
  format(value: number, goal?: boolean): string;
  /** Met when measured ≥ atLeast. */
  atLeast?: number;
  /** Met when measured < below. */
  below?: number;
}

export interface TargetOutcome {
  label: string;
  value: number | undefined;
  /** The value as the table shows it ("51%", "6.20×", "4.10 ms"), "—" when not measured. */
  shown: string;
  /** "≥ 40%", "< 10 ms", or "—" for a ratio shown for information. */
  target: string;
  status: TargetStatus;
}

/** Measured values get fixed decimals; goals are round numbers and print without them. */
const percent = (v: number) => `${(v * 100).toFixed(0)}%`;
const times = (v: number, goal = false) => `${goal ? String(v) : v.toFixed(v < 10 ? 2 : 1)}×`;
const ms = (v: number, goal = false) => `${goal ? String(v) : v.toFixed(2)} ms`;
const podsPerSecond = (v: number, goal = false) => `${goal ? v.toLocaleString('en-US') : v.toFixed(0)} pods/s`;

/**
 * a / b. When both ran in the same interleaved rounds, the median of the per-round ratios:
 * each compares figures measured moments apart, so noise that comes and goes (other work
 * on a shared machine) cancels instead of landing on one side of the ratio.
 */
function ratio(a: [string, string], b: [string, string]) {
  return (results: readonly BenchResult[]) => {
    const ra = resultOf(results, a[0])?.perRound;
    const rb = resultOf(results, b[0])?.perRound;
    if (a[1] === 'opsPerSecond' && b[1] === 'opsPerSecond' && ra && rb && ra.length === rb.length && ra.length > 0) {
      return median(ra.map((x, i) => x / rb[i]!));
    }
    const x = figureOf(results, ...a);
    const y = figureOf(results, ...b);
    return x === undefined || y === undefined || y === 0 ? undefined : x / y;
  };
}

const OURS_64: [string, string] = ['puts-64', 'opsPerSecond'];

export const TARGETS: readonly Target[] = [
  {
    label: 'durable puts: ours (64 writers) / raw SQLite (64 rows/txn, rowid table)',
    measure: ratio(OURS_64, ['raw-sqlite', 'opsPerSecond']),
    format: percent,
    atLeast: 0.4,
  },
  {
    label: 'durable puts: ours (64 writers) / etcd 3.4 (64 writers)',
    measure: ratio(OURS_64, ['etcd', 'opsPerSecond']),
    format: times,
    atLeast: 5,
  },
  {
    label: 'watch p99, commit→event, 1,000 watchers',
    measure: (results) => figureOf(results, 'watch', 'commitP99Ms'),
    format: ms,
    below: 10,
  },
  {
    label: 'durable API creates: ours (64 HTTPS clients) / etcd 3.4 raw puts (64 writers)',
    measure: ratio(['api-creates', 'opsPerSecond'], ['etcd', 'opsPerSecond']),
    format: times,
    atLeast: 1,
  },
  {
    label: 'API watch p99, 1,000 watches over HTTP/2 (client-go), create issued→event (bounds commit→event above)',
    measure: (results) => figureOf(results, 'api-watch', 'issuedP99Ms'),
    format: ms,
    below: 10,
  },
  {
    label: 'daemon start → /readyz 200, fresh data dir (median; 3 nodes Ready not yet included)',
    measure: (results) => figureOf(results, 'daemon-start', 'freshMs'),
    format: ms,
    below: 1000,
  },
  {
    label: 'daemon start → /readyz 200, existing data dir (median; 3 nodes Ready not yet included)',
    measure: (results) => figureOf(results, 'daemon-start', 'existingMs'),
    format: ms,
    below: 1000,
  },
  {
    label: "engine overhead: ours (64 writers) / raw SQLite into the log's own table",
    measure: ratio(OURS_64, ['raw-sqlite-log', 'opsPerSecond']),
    format: percent,
  },
  {
    label: 'group commit gain: ours (64 writers) / ours (1 writer)',
    measure: ratio(OURS_64, ['puts-1', 'opsPerSecond']),
    format: times,
  },
  {
    label: 'API path cost: API creates (64 HTTPS clients) / store puts (64 writers)',
    measure: ratio(['api-creates', 'opsPerSecond'], OURS_64),
    format: percent,
  },
  {
    label: 'scheduling: 10,000 pods onto 5,000 nodes, one daemon, real API path',
    measure: (results) => figureOf(results, 'scheduling', 'podsPerSecond'),
    format: podsPerSecond,
    atLeast: 1000,
  },
  {
    label: 'scheduling with zone topology spread + host anti-affinity, 5,000 nodes',
    measure: (results) => figureOf(results, 'scheduling-spread', 'podsPerSecond'),
    format: podsPerSecond,
  },
  {
    label: 'CLI: kubelab get pods / kubectl get pods, one process each (median of interleaved rounds)',
    measure: (results) => figureOf(results, 'cli-startup', 'ratio'),
    format: times,
    below: 2,
  },
];

export function evaluate(target: Target, results: readonly BenchResult[]): TargetOutcome {
  const value = target.measure(results);
  if (target.atLeast !== undefined) {
    const met = value !== undefined && value >= target.atLeast;
    return outcome(target, value, `≥ ${target.format(target.atLeast, true)}`, met);
  }
  if (target.below !== undefined) {
    const met = value !== undefined && value < target.below;
    return outcome(target, value, `< ${target.format(target.below, true)}`, met);
  }
  return { label: target.label, value, shown: show(target, value), target: '—', status: value === undefined ? 'not measured' : 'info' };
}

function outcome(target: Target, value: number | undefined, goal: string, met: boolean): TargetOutcome {
  const status = value === undefined ? 'not measured' : met ? 'met' : 'missed';
  return { label: target.label, value, shown: show(target, value), target: goal, status };
}

function show(target: Target, value: number | undefined): string {
  return value === undefined ? '—' : target.format(value);
}
