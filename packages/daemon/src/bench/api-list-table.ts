/**
 * `kubectl get pods` at scale: one LIST of every pod in a namespace, asked for as a Table
 * (the Accept header kubectl sends), with no `limit` — so the store's range, decoding the
 * pods, printing a row for each and serializing the Table all count. The pods are created
 * through the API first (a minimal valid spec, unscheduled: nodeName unset), so they carry
 * what admission and defaulting add. Reported as ms p50 over several LISTs after a warm-up;
 * the same LIST as plain JSON is timed in the same runs, alternating, for comparison.
 */
import { ApiClient, BENCH_NAMESPACE, TABLE_ACCEPT, createMany, createNamespace } from './api-client.js';
import { spawnDaemon } from './daemon-process.js';
import { type BenchResult, figure } from './result.js';
import { nowMs, summarize } from './stats.js';
import { tempDir } from './workload.js';

export interface ApiListTableScale {
  pods: number;
  runs: number;
  daemonNodeArgs?: readonly string[];
}

/** Creates in flight while loading the pods. */
const LOAD_CONCURRENCY = 64;

export function podBody(name: string): string {
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, labels: { app: 'bench' } },
    spec: { containers: [{ name: 'app', image: 'nginx:1.27' }] },
  });
}

export function podName(i: number): string {
  return `pod-${String(i).padStart(6, '0')}`;
}

export async function benchApiListTable(scale: ApiListTableScale): Promise<BenchResult> {
  const dir = tempDir('api-list');
  try {
    const daemon = await spawnDaemon({ dataDir: dir.path, nodeArgs: scale.daemonNodeArgs });
    const client = new ApiClient(daemon, LOAD_CONCURRENCY);
    try {
      await createNamespace(client);
      const path = `/api/v1/namespaces/${BENCH_NAMESPACE}/pods`;
      const loadStart = nowMs();
      await createMany(scale.pods, LOAD_CONCURRENCY, (i) => client.expect(201, 'POST', path, podBody(podName(i))));
      const loadMs = nowMs() - loadStart;

      const list = async (accept: string) => {
        const t0 = nowMs();
        const r = await client.expect(200, 'GET', path, undefined, accept);
        const ms = nowMs() - t0;
        return { ms, body: r.body };
      };
      const table = async () => {
        const { ms, body } = await list(TABLE_ACCEPT);
        // A benchmark that silently timed the wrong thing would be worse than none.
        const t = JSON.parse(body.toString('utf8')) as { kind?: string; rows?: unknown[] };
        if (t.kind !== 'Table' || t.rows?.length !== scale.pods) {
          throw new Error(`LIST as Table returned kind ${t.kind} with ${t.rows?.length} rows, expected ${scale.pods}`);
        }
        return { ms, bytes: body.length };
      };
      const plain = async () => {
        const { ms, body } = await list('application/json');
        const l = JSON.parse(body.toString('utf8')) as { kind?: string; items?: unknown[] };
        if (l.kind !== 'PodList' || l.items?.length !== scale.pods) {
          throw new Error(`LIST returned kind ${l.kind} with ${l.items?.length} items, expected ${scale.pods}`);
        }
        return { ms, bytes: body.length };
      };
      await table(); // warm-up: first touches of the store's pages and V8's code paths
      await plain();
      const tableMs: number[] = [];
      const plainMs: number[] = [];
      let tableBytes = 0;
      let plainBytes = 0;
      for (let i = 0; i < scale.runs; i++) {
        const t = await table();
        tableMs.push(t.ms);
        tableBytes = t.bytes;
        const p = await plain();
        plainMs.push(p.ms);
        plainBytes = p.bytes;
      }
      const t = summarize(tableMs);
      const p = summarize(plainMs);
      const mib = (b: number) => (b / 1024 / 1024).toFixed(1);
      return {
        name: 'api-list-table',
        title: `API LIST of ${scale.pods.toLocaleString('en-US')} pods as a Table (one request, no limit, HTTPS)`,
        figures: [
          figure('p50Ms', 'p50', t.p50, 'ms'),
          figure('maxMs', 'max', t.max, 'ms'),
          figure('jsonP50Ms', 'same LIST as PodList JSON p50', p.p50, 'ms'),
        ],
        notes: [
          `${scale.runs} LISTs of each kind after one warm-up; Table ${mib(tableBytes)} MiB, PodList ${mib(plainBytes)} MiB`,
          `loading the pods (${LOAD_CONCURRENCY} concurrent creates) took ${(loadMs / 1000).toFixed(1)} s`,
        ],
        extra: { tableRunsMs: tableMs, jsonRunsMs: plainMs, tableBytes, jsonBytes: plainBytes, loadMs },
      };
    } finally {
      await client.close();
      await daemon.stop();
    }
  } finally {
    dir.remove();
  }
}
