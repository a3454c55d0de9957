/**
 * GET of one object over HTTPS, one request at a time on one keep-alive connection, as a
 * controller's or a script's `kubectl get cm NAME` costs when the connection is already up:
 * TLS record, token check, routing, the store's read, serialization, and back. Reported as
 * p50/p99 of many sequential samples after a warm-up.
 */
import { ApiClient, BENCH_NAMESPACE, createNamespace } from './api-client.js';
import { configMapBody, configMapName } from './api-creates.js';
import { spawnDaemon } from './daemon-process.js';
import { type BenchResult, figure } from './result.js';
import { nowMs, summarize } from './stats.js';
import { tempDir } from './workload.js';

export interface ApiGetScale {
  samples: number;
  /** Unmeasured GETs first (JIT on both sides). */
  warmup?: number;
  daemonNodeArgs?: readonly string[];
}

export async function benchApiGet(scale: ApiGetScale): Promise<BenchResult> {
  const dir = tempDir('api-get');
  try {
    const daemon = await spawnDaemon({ dataDir: dir.path, nodeArgs: scale.daemonNodeArgs });
    const client = new ApiClient(daemon, 1);
    try {
      await createNamespace(client);
      const name = configMapName(0);
      const collection = `/api/v1/namespaces/${BENCH_NAMESPACE}/configmaps`;
      await client.expect(201, 'POST', collection, configMapBody(name));
      const path = `${collection}/${name}`;
      const once = async () => {
        const t0 = nowMs();
        const r = await client.request('GET', path);
        const ms = nowMs() - t0;
        if (r.status !== 200) throw new Error(`GET ${path}: HTTP ${r.status}: ${r.body.toString('utf8').slice(0, 300)}`);
        return { ms, bytes: r.body.length };
      };
      const warmup = scale.warmup ?? Math.min(200, scale.samples);
      for (let i = 0; i < warmup; i++) await once();
      const times = new Float64Array(scale.samples);
      let bytes = 0;
      for (let i = 0; i < scale.samples; i++) {
        const r = await once();
        times[i] = r.ms;
        bytes = r.bytes;
      }
      const s = summarize(times);
      return {
        name: 'api-get',
        title: 'API GET of one ConfigMap over HTTPS (sequential, one keep-alive connection)',
        figures: [
          figure('p50Ms', 'p50', s.p50, 'ms'),
          figure('p99Ms', 'p99', s.p99, 'ms'),
          figure('maxMs', 'max', s.max, 'ms'),
          figure('getsPerSecond', 'GETs/s at p50', 1000 / s.p50, 'GETs/s'),
        ],
        notes: [`${scale.samples.toLocaleString('en-US')} GETs after ${warmup} unmeasured; ${bytes}-byte responses`],
        extra: { samples: s.count },
      };
    } finally {
      await client.close();
      await daemon.stop();
    }
  } finally {
    dir.remove();
  }
}
