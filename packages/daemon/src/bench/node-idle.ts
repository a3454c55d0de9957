/**
 * An idle daemon with three simulated nodes: kubelabd started with `--nodes 3`, left to
 * settle, then its CPU time measured over a window (60 s by default) while nothing happens
 * but what a cluster does at rest — lease renewals every 10 s, node status checks,
 * controllers' resyncs. Budget: under 1 % of one core. The same window on a daemon with no
 * nodes is measured too, so the nodes' own share shows apart from the control plane's.
 */
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
