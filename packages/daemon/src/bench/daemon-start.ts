/**
 * Daemon start to API ready: spawn the kubelabd binary and time until `/readyz` answers
 * 200 (kube-apiserver's readiness endpoint; ours turns 200 once bootstrap has written the
 * default namespaces and objects). Two data directories, alternating run by run:
 *   - fresh: a path that does not exist yet, so the start includes making the data
 *     directory, the store, the token and the serving certificate;
 *   - existing: one holding `objects` ConfigMaps (1 KiB) created through the API, stopped
 *     cleanly, as after `kubelab down` — the start includes opening that store.
 * Bare `node -e ''` (spawn to exit) is timed in the same rounds: the floor no daemon start
 * can go below on this machine.
 *
 * The probe polls every POLL_MS on one keep-alive connection without verifying the
 * certificate (a fresh daemon makes its CA as it starts), with the token read from the
 * data directory as soon as the daemon has written it. The budget's "3 nodes Ready" is
 * not part of this yet: there are no simulated nodes to wait for.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'undici';
import { TOKEN_FILE } from '../kubelabd/credentials.js';
import { freePort } from '../store/etcd/etcd-process.js';
import { ApiClient, BENCH_NAMESPACE, createMany, createNamespace } from './api-client.js';
import { configMapBody, configMapName, configMapPayload } from './api-creates.js';
import { KubelabdChild, spawnDaemon } from './daemon-process.js';
import { type BenchResult, figure } from './result.js';
import { median, nowMs } from './stats.js';
import { tempDir } from './workload.js';

export interface DaemonStartScale {
  /** Starts of each kind. */
  runs: number;
  /** ConfigMaps in the existing data directory. */
  objects: number;
  daemonNodeArgs?: readonly string[];
}

const POLL_MS = 5;
const READY_TIMEOUT_MS = 60_000;
const LOAD_CONCURRENCY = 64;

interface StartSample {
  readyMs: number;
  stopMs: number;
}

export async function benchDaemonStart(scale: DaemonStartScale): Promise<BenchResult> {
  const existing = tempDir('start-existing');
  try {
    const loadStart = nowMs();
    await populate(existing.path, scale);
    const loadMs = nowMs() - loadStart;

    const fresh: StartSample[] = [];
    const loaded: StartSample[] = [];
    const node: number[] = [];
    for (let run = 0; run < scale.runs; run++) {
      // Alternate which goes first, so neither always runs right after the other's stop.
      const order = run % 2 === 0 ? (['fresh', 'existing'] as const) : (['existing', 'fresh'] as const);
      for (const kind of order) {
        if (kind === 'existing') loaded.push(await timeStart(existing.path, scale));
        else {
          const dir = tempDir('start-fresh');
          try {
            fresh.push(await timeStart(join(dir.path, 'data'), scale));
          } finally {
            dir.remove();
          }
        }
      }
      node.push(await timeBareNode());
    }
    const med = (xs: StartSample[], k: keyof StartSample) => median(xs.map((x) => x[k]));
    return {
      name: 'daemon-start',
      title: 'daemon start → /readyz 200 (kubelabd binary; no simulated nodes yet, so not "3 nodes Ready")',
      figures: [
        figure('freshMs', 'fresh data dir, median', med(fresh, 'readyMs'), 'ms'),
        figure('existingMs', `${scale.objects.toLocaleString('en-US')} objects, median`, med(loaded, 'readyMs'), 'ms'),
        figure('freshMaxMs', 'fresh max', Math.max(...fresh.map((s) => s.readyMs)), 'ms'),
        figure('existingMaxMs', `${scale.objects.toLocaleString('en-US')} objects max`, Math.max(...loaded.map((s) => s.readyMs)), 'ms'),
        figure('bareNodeMs', "bare `node -e ''` median", median(node), 'ms'),
        figure('stopMs', 'SIGTERM → exit median', median([...fresh, ...loaded].map((s) => s.stopMs)), 'ms'),
      ],
      notes: [
        `${scale.runs} starts of each kind, alternating; /readyz polled every ${POLL_MS} ms`,
        `creating the ${scale.objects.toLocaleString('en-US')} ConfigMaps (${LOAD_CONCURRENCY} concurrent, through the API) took ${(loadMs / 1000).toFixed(1)} s`,
      ],
      extra: {
        freshMs: fresh.map((s) => s.readyMs),
        existingMs: loaded.map((s) => s.readyMs),
        bareNodeMs: node,
        stopMs: [...fresh, ...loaded].map((s) => s.stopMs),
      },
    };
  } finally {
    existing.remove();
  }
}

/** `objects` 1 KiB ConfigMaps in the bench namespace, through the API of a daemon then stopped. */
async function populate(dataDir: string, scale: DaemonStartScale): Promise<void> {
  const daemon = await spawnDaemon({ dataDir });
  const client = new ApiClient(daemon, LOAD_CONCURRENCY);
  try {
    await createNamespace(client);
    const payload = configMapPayload();
    const path = `/api/v1/namespaces/${BENCH_NAMESPACE}/configmaps`;
    await createMany(scale.objects, LOAD_CONCURRENCY, (i) => client.expect(201, 'POST', path, configMapBody(configMapName(i), payload)));
  } finally {
    await client.close();
    await daemon.stop();
  }
}

async function timeStart(dataDir: string, scale: DaemonStartScale): Promise<StartSample> {
  const port = await freePort();
  const t0 = nowMs();
  const child = new KubelabdChild({ dataDir, port, nodeArgs: scale.daemonNodeArgs });
  try {
    const readyMs = (await pollReady(child, dataDir, port)) - t0;
    const stopStart = nowMs();
    await child.stop();
    return { readyMs, stopMs: nowMs() - stopStart };
  } finally {
    await child.stop();
  }
}

/** The instant /readyz first answered 200. */
async function pollReady(child: KubelabdChild, dataDir: string, port: number): Promise<number> {
  const probe = new Client(`https://127.0.0.1:${port}`, { connect: { rejectUnauthorized: false }, pipelining: 1 });
  let exited: number | string | undefined;
  void child.exited.then((code) => (exited = code));
  try {
    const deadline = nowMs() + READY_TIMEOUT_MS;
    let token: string | undefined;
    while (nowMs() < deadline) {
      if (exited !== undefined) throw new Error(`kubelabd exited (${exited}) before ready: ${child.stderr.trim()}`);
      token ??= readToken(dataDir);
      if (token !== undefined) {
        try {
          const r = await probe.request({ method: 'GET', path: '/readyz', headers: { authorization: `Bearer ${token}` } });
          const at = nowMs();
          await r.body.dump();
          if (r.statusCode === 200) return at;
        } catch {
          // Not listening yet (ECONNREFUSED): try again.
        }
      }
      await sleep(POLL_MS);
    }
    throw new Error(`kubelabd was not ready within ${READY_TIMEOUT_MS} ms: ${child.stderr.trim()}`);
  } finally {
    await probe.destroy();
  }
}

function readToken(dataDir: string): string | undefined {
  const path = join(dataDir, TOKEN_FILE);
  if (!existsSync(path)) return undefined;
  return readFileSync(path, 'utf8').trim() || undefined;
}

/** Spawn of `node -e ''` to its exit. */
async function timeBareNode(): Promise<number> {
  const t0 = nowMs();
  const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
  await new Promise((resolve) => child.once('exit', resolve));
  return nowMs() - t0;
}
