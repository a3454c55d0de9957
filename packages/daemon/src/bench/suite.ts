/**
 * The benchmark suite: which benchmarks exist, the scale they run at, and running a
 * selection of them into one report. main.ts is only the command line around this, so the
 * smoke test can run the whole suite at a tiny scale in-process.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { benchApiGet } from './api-get.js';
import { benchApiListTable } from './api-list-table.js';
import { benchApiWatch } from './api-watch.js';
import { CLI_STARTUP_SCALE, benchCliStartup } from './cli-startup.js';
import { benchDaemonStart } from './daemon-start.js';
import { DEPLOYMENT_BENCH_SCALE, benchDeployment } from './deployment-rollout.js';
import { NODE_BENCH_NAMES, NODE_BENCH_SCALE, runNodeBenches } from './nodes.js';
import { benchRange } from './range.js';
import { DEFAULT_SCHEDULING_SCALE, benchScheduling } from './scheduling.js';
import { type Report, buildReport, formatReport } from './report.js';
import type { BenchResult } from './result.js';
import { THROUGHPUT_BENCHES, runThroughput, withBaselines } from './throughput.js';
import { benchWatch } from './watch-latency.js';

export interface Scale {
  writers: number;
  rounds: number;
  durationMs: number;
  warmupMs: number;
  rangeKeys: number;
  rangeRuns: number;
  watchers: number;
  watchPuts: number;
  /** Sequential GETs of one object (api-get). */
  apiGetSamples: number;
  /** Pods listed as a Table, and how many LISTs (api-list-table). */
  listPods: number;
  listRuns: number;
  /** Watch connections and creates (api-watch). */
  apiWatchers: number;
  apiWatchPuts: number;
  /** Starts of each kind, and the objects in the existing data directory (daemon-start). */
  startRuns: number;
  startObjects: number;
  /** Node flags for every kubelabd child (--daemon-cpu-prof); only present when set. */
  daemonNodeArgs?: readonly string[];
}

/**
 * Sized to finish in about two and a half minutes on a quiet 2-core machine (the store's
 * benchmarks about one, the API server's the rest), under four on a busy one.
 */
export const DEFAULT_SCALE: Scale = {
  writers: 64,
  // Many short rounds rather than a few long ones: finer interleaving, steadier ratios.
  rounds: 8,
  durationMs: 750,
  warmupMs: 500,
  rangeKeys: 10_000,
  rangeRuns: 20,
  watchers: 1000,
  watchPuts: 200,
  apiGetSamples: 2000,
  listPods: 10_000,
  listRuns: 5,
  apiWatchers: 1000,
  apiWatchPuts: 100,
  startRuns: 5,
  startObjects: 10_000,
};

export const BENCH_NAMES = [
  ...THROUGHPUT_BENCHES.map((b) => b.name),
  'range',
  'watch',
  'api-get',
  'api-list-table',
  'api-watch',
  'api-watch-h1',
  'daemon-start',
  'deployment',
  ...NODE_BENCH_NAMES,
  'scheduling',
  'cli-startup',
] as const;

export async function runSuite(
  names: readonly string[],
  scale: Scale,
  progress: (line: string) => void = () => {},
): Promise<Report> {
  const results: BenchResult[] = [];
  const throughput = withBaselines(names);
  if (throughput.length > 0) results.push(...(await runThroughput(throughput, scale, progress)));
  if (names.includes('range')) {
    progress('range');
    results.push(await benchRange({ keys: scale.rangeKeys, runs: scale.rangeRuns }));
  }
  if (names.includes('watch')) {
    progress('watch');
    results.push(await benchWatch({ watchers: scale.watchers, puts: scale.watchPuts }));
  }
  const daemonNodeArgs = scale.daemonNodeArgs;
  if (names.includes('api-get')) {
    progress('api-get');
    results.push(await benchApiGet({ samples: scale.apiGetSamples, daemonNodeArgs }));
  }
  if (names.includes('api-list-table')) {
    progress(`api-list-table (creating ${scale.listPods} pods first)`);
    results.push(await benchApiListTable({ pods: scale.listPods, runs: scale.listRuns, daemonNodeArgs }));
  }
  if (names.includes('api-watch')) {
    progress('api-watch');
    results.push(await benchApiWatch({ watchers: scale.apiWatchers, puts: scale.apiWatchPuts, daemonNodeArgs, protocol: 'h2' }));
  }
  if (names.includes('api-watch-h1')) {
    progress('api-watch-h1');
    results.push(await benchApiWatch({ watchers: scale.apiWatchers, puts: scale.apiWatchPuts, daemonNodeArgs, protocol: 'http1' }));
  }
  if (names.includes('daemon-start')) {
    progress(`daemon-start (creating ${scale.startObjects} objects first)`);
    results.push(await benchDaemonStart({ runs: scale.startRuns, objects: scale.startObjects, daemonNodeArgs }));
  }
  if (names.includes('deployment')) results.push(await benchDeployment({ ...DEPLOYMENT_BENCH_SCALE, daemonNodeArgs }, progress));
  results.push(...(await runNodeBenches(names, NODE_BENCH_SCALE, daemonNodeArgs, progress)));
  if (names.includes('scheduling')) results.push(...(await benchScheduling(DEFAULT_SCHEDULING_SCALE, progress)));
  if (names.includes('cli-startup')) results.push(...(await benchCliStartup({ ...CLI_STARTUP_SCALE, daemonNodeArgs })));
  return buildReport(results, { ...scale });
}

const USAGE = `Usage: npm run bench -- [--only NAME]... [--json] [--rounds N] [--duration-ms MS] [--daemon-cpu-prof DIR]

Measures the store: durable puts (ours, 1 and 64 writers), the raw SQLite (two tables) and real etcd
baselines, a 10,000-key range and watch delivery to 1,000 watchers. Then the API server, on
kubelabd child processes over HTTPS: durable creates from 64 clients (interleaved with etcd's
raw puts), GET of one object, a LIST of 10,000 pods as a Table, watch delivery to 1,000 watch
connections, and daemon start to ready. Checks the figures and ratios against their targets.
Progress goes to stderr, the report to stdout.

  --only NAME        run only NAME (repeatable, or comma-separated): ${BENCH_NAMES.join(', ')}
  --json             print the report as JSON
  --rounds N         interleaved rounds per throughput benchmark (default ${DEFAULT_SCALE.rounds})
  --duration-ms MS   length of one throughput round (default ${DEFAULT_SCALE.durationMs})
  --daemon-cpu-prof DIR
                     run every kubelabd child with node --cpu-prof, profiles into DIR
                     (open them in Chrome DevTools; the figures are slower while profiling)`;

export async function benchCli(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      only: { type: 'string', multiple: true },
      json: { type: 'boolean' },
      rounds: { type: 'string' },
      'duration-ms': { type: 'string' },
      'daemon-cpu-prof': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const names = (values.only ?? [...BENCH_NAMES]).flatMap((n) => n.split(',')).filter((n) => n !== '');
  const unknown = names.filter((n) => !(BENCH_NAMES as readonly string[]).includes(n));
  if (unknown.length > 0) {
    console.error(`bench: unknown benchmark ${unknown.join(', ')} (known: ${BENCH_NAMES.join(', ')})`);
    return 2;
  }
  const scale: Scale = {
    ...DEFAULT_SCALE,
    rounds: positiveInt(values.rounds, 'rounds') ?? DEFAULT_SCALE.rounds,
    durationMs: positiveInt(values['duration-ms'], 'duration-ms') ?? DEFAULT_SCALE.durationMs,
  };
  const profDir = values['daemon-cpu-prof'];
  if (profDir !== undefined) scale.daemonNodeArgs = ['--cpu-prof', `--cpu-prof-dir=${resolve(profDir)}`];
  const started = performance.now();
  const progress = (line: string) =>
    process.stderr.write(`[${((performance.now() - started) / 1000).toFixed(1).padStart(5)} s] ${line}\n`);
  const report = await runSuite(names, scale, progress);
  progress('done');
  console.log(values.json ? JSON.stringify(report, null, 2) : formatReport(report));
  return 0;
}

function positiveInt(v: string | undefined, name: string): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`--${name} wants a positive integer, got ${v}`);
  return n;
}
