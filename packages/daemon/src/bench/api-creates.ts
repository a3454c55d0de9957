/**
 * Durable API creates: N concurrent HTTPS clients (keep-alive, one request in flight each)
 * POSTing 1 KiB ConfigMaps with unique names into one namespace of a kubelabd child process
 * on its default, fsyncing store — the whole path a `kubectl create` takes: TLS, bearer
 * token, routing, decoding, field validation, admission, defaulting, the store's
 * transaction, the 201 with the created object. A create resolves only once it is durable.
 *
 * The budget compares this with real etcd 3.4 taking raw 1 KiB puts from as many clients,
 * so it runs as a throughput benchmark with etcd as its baseline: the two are measured in
 * interleaved rounds of the same run (throughput.ts) and the ratio is taken round by round.
 */
import { ApiClient, BENCH_NAMESPACE, createNamespace } from './api-client.js';
import { type DaemonProcess, spawnDaemon } from './daemon-process.js';
import type { ThroughputBench, ThroughputScale } from './throughput.js';
import { type ThroughputSession, VALUE_BYTES, benchValue, runWriters, sequence, tempDir } from './workload.js';

/**
 * Creates before the runner's own warm-up round, while V8 compiles the daemon's API path:
 * this many times the runner's warm-up (1 s at the default scale).
 */
const DAEMON_WARMUP_FACTOR = 2;

export const apiCreatesBench: ThroughputBench = {
  name: 'api-creates',
  title: (s) => `API creates, ${s.writers} HTTPS clients: POST 1 KiB ConfigMaps (kubelabd child, durable store)`,
  unit: 'creates/s',
  latencyOf: 'create',
  baselines: ['etcd'],
  open: (s) => openApiCreates(s),
};

/**
 * A ConfigMap whose data is VALUE_BYTES of text (the base64 of the benchmark's bytes,
 * trimmed), so the stored object carries the same 1 KiB payload as the raw puts.
 */
export function configMapBody(name: string, payload = configMapPayload()): string {
  return `{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"${name}"},"data":{"value":"${payload}"}}`;
}

export function configMapPayload(): string {
  return benchValue().toString('base64').slice(0, VALUE_BYTES);
}

export function configMapName(seq: number): string {
  return `cm-${String(seq).padStart(9, '0')}`;
}

export async function openApiCreates(scale: ThroughputScale): Promise<ThroughputSession> {
  const dir = tempDir('api-creates');
  let daemon: DaemonProcess;
  try {
    daemon = await spawnDaemon({ dataDir: dir.path, nodeArgs: scale.daemonNodeArgs });
  } catch (err) {
    dir.remove();
    throw err;
  }
  const client = new ApiClient(daemon, scale.writers);
  const close = async () => {
    try {
      await client.close();
      await daemon.stop();
    } finally {
      dir.remove();
    }
  };
  const payload = configMapPayload();
  const next = sequence();
  const path = `/api/v1/namespaces/${BENCH_NAMESPACE}/configmaps`;
  const create = async (seq: number) => {
    const r = await client.request('POST', path, configMapBody(configMapName(seq), payload));
    if (r.status !== 201) throw new Error(`POST ${path}: HTTP ${r.status}: ${r.body.toString('utf8').slice(0, 300)}`);
  };
  try {
    await createNamespace(client);
    // A fresh daemon runs the whole API path cold; without this its first rounds would
    // measure V8 compiling it (the runner's warm-up round is sized for the store alone).
    await runWriters(scale.writers, scale.warmupMs * DAEMON_WARMUP_FACTOR, create, next);
  } catch (err) {
    await close();
    throw err;
  }
  return {
    note: `kubelabd pid ${daemon.child.child.pid} at ${daemon.server}, data dir ${dir.path}${
      scale.daemonNodeArgs?.length ? `, node ${scale.daemonNodeArgs.join(' ')}` : ''
    }`,
    measure: (durationMs) => runWriters(scale.writers, durationMs, create, next),
    close,
  };
}
