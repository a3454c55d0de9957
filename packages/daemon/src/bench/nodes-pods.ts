/**
 * Simulated nodes at scale: kubelabd started with 1,000 nodes, then 10,000 nginx pods with
 * spec.nodeName preset (ten per node, no scheduler involved) created over HTTPS by 64
 * clients, timed until every one is Running — as the kubelets report it, watched from a pod
 * watch opened before the first create. Figures: the time and pods/s from first create to
 * last Running, the daemon's start with its nodes, and the daemon's RSS at the end (peak).
 */
import { BENCH_NAMESPACE, createMany, createNamespace } from './api-client.js';
import { NodeDaemon, readyNodes, sleep } from './node-daemon.js';
import { type BenchResult, figure } from './result.js';
import { nowMs } from './stats.js';
import { tempDir } from './workload.js';

export interface NodesPodsScale {
  nodes: number;
  pods: number;
  daemonNodeArgs?: readonly string[];
}

const CONCURRENCY = 64;
const TIMEOUT_MS = 30 * 60_000;

export async function benchNodesPods(scale: NodesPodsScale, progress: (line: string) => void = () => {}): Promise<BenchResult> {
  const dir = tempDir('nodes-pods');
  const t0 = nowMs();
  // --bare: the workers with their kubelets and kube-proxy rules, without kubeadm's control-plane
  // node and addons — the kube-proxy DaemonSet would add a thousand pods of its own to the count.
  const daemon = await NodeDaemon.start(dir.path, ['--nodes', String(scale.nodes), '--bare'], { nodeArgs: scale.daemonNodeArgs, connections: CONCURRENCY + 2, timeoutMs: TIMEOUT_MS });
  const startMs = nowMs() - t0;
  try {
    const { client } = daemon;
    progress(`nodes-pods: ${scale.nodes} nodes registered in ${(startMs / 1000).toFixed(1)} s`);
    while ((await readyNodes(client)) < scale.nodes) await sleep(200);
    await createNamespace(client);
    // The root CA publisher fills the namespace before pods mount their service account volume.
    while ((await client.request('GET', `/api/v1/namespaces/${BENCH_NAMESPACE}/configmaps/kube-root-ca.crt`)).status !== 200) await sleep(50);
    const list = JSON.parse((await client.expect(200, 'GET', `/api/v1/namespaces/${BENCH_NAMESPACE}/pods`)).body.toString('utf8')) as { metadata: { resourceVersion: string } };
    // Every connection opened before the clock starts (a busy daemon can be slow to accept).
    await createMany(CONCURRENCY, CONCURRENCY, () => client.expect(200, 'GET', '/version'));
    const running = watchRunning(client, list.metadata.resourceVersion, scale.pods);
    // Closing the client ends the watch: that failure must not outlive a failed run.
    running.catch(() => undefined);
    const created = nowMs();
    await createMany(scale.pods, CONCURRENCY, (i) =>
      client.expect(201, 'POST', `/api/v1/namespaces/${BENCH_NAMESPACE}/pods`, {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: `web-${i}`, labels: { app: 'web' } },
        spec: { nodeName: `worker-${(i % scale.nodes) + 1}`, containers: [{ name: 'nginx', image: 'nginx:1.27', imagePullPolicy: 'IfNotPresent' }] },
      }),
    );
    const createMs = nowMs() - created;
    progress(`nodes-pods: ${scale.pods} pods created in ${(createMs / 1000).toFixed(1)} s; waiting for Running`);
    const lastRunning = await Promise.race([running, sleep(TIMEOUT_MS).then(() => Promise.reject(new Error('pods did not all reach Running')))]);
    const runMs = lastRunning - created;
    const mem = daemon.memory();
    return {
      name: 'nodes-pods',
      title: `${scale.pods.toLocaleString('en-US')} pods (nodeName preset) to Running on ${scale.nodes.toLocaleString('en-US')} simulated nodes (kubelabd child, HTTPS, ${CONCURRENCY} clients)`,
      figures: [
        figure('podsPerSecond', 'first create → last Running', scale.pods / (runMs / 1000), 'pods/s'),
        figure('toRunningMs', 'first create → last Running', runMs, 'ms'),
        figure('createMs', 'creates alone', createMs, 'ms'),
        figure('startMs', `daemon start with ${scale.nodes} nodes registered`, startMs, 'ms'),
        figure('rssMiB', 'daemon RSS at the end', mem.rss / 2 ** 20, 'MiB'),
        figure('peakRssMiB', 'daemon peak RSS', mem.peak / 2 ** 20, 'MiB'),
      ],
      notes: ['each node pulls nginx:1.27 once (72 MB at 200 MB/s on the simulated clock of a real-time daemon), then starts its pods'],
    };
  } finally {
    await daemon.stop();
    dir.remove();
  }
}

/** Resolves with the time the `count`-th distinct pod was first seen Running. */
async function watchRunning(client: NodeDaemon['client'], resourceVersion: string, count: number): Promise<number> {
  const body = await client.stream(`/api/v1/namespaces/${BENCH_NAMESPACE}/pods?watch=true&resourceVersion=${resourceVersion}&allowWatchBookmarks=true`);
  const seen = new Set<string>();
  let pending = '';
  try {
    for await (const chunk of body) {
      pending += (chunk as Buffer).toString('utf8');
      let nl = pending.indexOf('\n');
      while (nl >= 0) {
        const line = pending.slice(0, nl);
        pending = pending.slice(nl + 1);
        nl = pending.indexOf('\n');
        if (!line.includes('"Running"')) continue;
        const ev = JSON.parse(line) as { object: { metadata: { name: string }; status?: { phase?: string } } };
        if (ev.object.status?.phase !== 'Running') continue;
        seen.add(ev.object.metadata.name);
        if (seen.size >= count) return nowMs();
      }
    }
  } finally {
    body.destroy();
  }
  throw new Error(`the pod watch ended with ${seen.size} of ${count} pods Running`);
}
