/**
 * An idle daemon with three simulated nodes: kubelabd started with `--nodes 3`, left to
 * settle, then its CPU time measured over a window (60 s by default) while nothing happens
 * but what a cluster does at rest — lease renewals every 10 s, node status checks,
 * controllers' resyncs. Budget: under 1 % of one core. The same window on a daemon with no
 * nodes is measured too, so the nodes' own share shows apart from the control plane's.
 *
 * "At rest" starts once every pod has settled, not when the nodes turn Ready: the kubeadm
 * shape's static pods pass their startup probes and CoreDNS becomes Ready 10–20 s after
 * that (kubeadm's probe delays), and the status writes, endpoint updates and rollout status
 * that follow are start-up work, not idling. The settling time counts from then.
 */
import type { ApiClient } from './api-client.js';
import { NodeDaemon, readyNodes, sleep } from './node-daemon.js';
import { type BenchResult, figure } from './result.js';
import { nowMs } from './stats.js';
import { tempDir } from './workload.js';

export interface NodeIdleScale {
  nodes: number;
  windowMs: number;
  settleMs: number;
  daemonNodeArgs?: readonly string[];
}

export async function benchNodeIdle(scale: NodeIdleScale): Promise<BenchResult> {
  const withNodes = await idleWindow(scale.nodes, scale);
  const baseline = await idleWindow(0, scale);
  return {
    name: 'nodes-idle-cpu',
    title: `idle kubelabd with ${scale.nodes} simulated nodes: CPU over ${(scale.windowMs / 1000).toFixed(0)} s (child process, /proc/<pid>/stat)`,
    figures: [
      figure('corePercent', 'CPU, % of one core', withNodes.percent, '%'),
      figure('baselineCorePercent', 'the same daemon with no nodes', baseline.percent, '%'),
      figure('cpuMs', 'CPU time used in the window', withNodes.cpuMs, 'ms'),
      figure('rssMiB', 'daemon RSS', withNodes.rssMiB, 'MiB'),
    ],
    notes: [`measured after ${(scale.settleMs / 1000).toFixed(0)} s of settling; the kubelets renew their leases every 10 s`],
  };
}

async function idleWindow(nodes: number, scale: NodeIdleScale): Promise<{ percent: number; cpuMs: number; rssMiB: number }> {
  const dir = tempDir('node-idle');
  const daemon = await NodeDaemon.start(dir.path, ['--nodes', String(nodes)], { nodeArgs: scale.daemonNodeArgs, connections: 2 });
  try {
    while ((await readyNodes(daemon.client)) < nodes) await sleep(100);
    await podsSettled(daemon.client);
    await daemon.client.close();
    await sleep(scale.settleMs);
    const cpu0 = daemon.cpuMs();
    const t0 = nowMs();
    await sleep(scale.windowMs);
    const cpuMs = daemon.cpuMs() - cpu0;
    return { percent: (cpuMs / (nowMs() - t0)) * 100, cpuMs, rssMiB: daemon.memory().rss / 2 ** 20 };
  } finally {
    await daemon.stop();
    dir.remove();
  }
}

/** How long to wait for the pods to settle before measuring anyway. */
const SETTLE_LIMIT_MS = 120_000;

/** Waits until every pod has finished or is Ready (or the limit passes). */
async function podsSettled(client: ApiClient): Promise<void> {
  const t0 = nowMs();
  while (nowMs() - t0 < SETTLE_LIMIT_MS) {
    const list = JSON.parse((await client.expect(200, 'GET', '/api/v1/pods')).body.toString('utf8')) as {
      items: Array<{ status?: { phase?: string; conditions?: Array<{ type: string; status: string }> } }>;
    };
    const settled = (p: (typeof list.items)[number]) =>
      p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed' || !!p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True');
    if (list.items.every(settled)) return;
    await sleep(500);
  }
}
