/**
 * Scheduling throughput (ARCHITECTURE.md budget: ≥ 1,000 pods/s at 5,000 nodes; the issue
 * notes kube-scheduler's scheduler_perf floor at that size, about 680 pods/s): 10,000 pending
 * pods onto 5,000 nodes through the real API path in one daemon — the daemon's SQLite store
 * (durable, fsync on), API server and in-process client, the scheduler component exactly
 * as kubelabd wires it: informers, cycles, POST pods/NAME/binding, Scheduled events.
 *
 * The nodes (ten zones) and pods are created through the API first, with the scheduler off;
 * then the scheduler starts, and the clock runs from its caches being synced until every
 * pod is bound — what scheduler_perf's SchedulingThroughput measures, without its QPS
 * limits. A second run, on the same nodes, schedules pods that spread over zones
 * (topologySpreadConstraints, DoNotSchedule) and repel their group on each host (required
 * podAntiAffinity) — the plugins whose cost grows with the pods already placed.
 */
import { type KubeObject, RealClock, resourceFor } from '@kubelab/core';
import { KubeClient } from '@kubelab/core/client/client';
import { InProcessTransport } from '@kubelab/core/client/in-process';
import { startDaemon } from '../kubelabd/daemon.js';
import { SchedulerComponent } from '../scheduler/component.js';
import { type BenchResult, figure } from './result.js';
import { nowMs } from './stats.js';
import { tempDir } from './workload.js';

export interface SchedulingScale {
  nodes: number;
  pods: number;
  /** Skip the topology spread + anti-affinity run. */
  plainOnly?: boolean;
}

export const DEFAULT_SCHEDULING_SCALE: SchedulingScale = { nodes: 5000, pods: 10_000 };

const NODES = resourceFor('', 'v1', 'nodes')!;
const PODS = resourceFor('', 'v1', 'pods')!;
const NAMESPACES = resourceFor('', 'v1', 'namespaces')!;
const LOAD_CONCURRENCY = 64;
const ZONES = 10;
/** Pods per group in the spread run (each group spreads over zones and hosts). */
const GROUP_SIZE = 100;

async function pool(n: number, concurrency: number, fn: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, n) }, async () => {
      while (next < n) await fn(next++);
    }),
  );
}

function node(i: number) {
  const name = `node-${String(i).padStart(5, '0')}`;
  return {
    metadata: {
      name,
      labels: {
        'kubernetes.io/hostname': name,
        'kubernetes.io/os': 'linux',
        'topology.kubernetes.io/region': 'region-1',
        'topology.kubernetes.io/zone': `zone-${i % ZONES}`,
      },
    },
    status: {
      capacity: { cpu: '32', memory: '64Gi', pods: '110', 'ephemeral-storage': '100Gi' },
      allocatable: { cpu: '32', memory: '64Gi', pods: '110', 'ephemeral-storage': '100Gi' },
      conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' }],
      images: [{ names: ['docker.io/library/nginx:1.27', 'nginx:1.27'], sizeBytes: 70_000_000 }],
    },
  };
}

function plainPod(ns: string, i: number) {
  return {
    metadata: { name: `pod-${String(i).padStart(6, '0')}`, namespace: ns, labels: { app: 'bench' } },
    spec: { containers: [{ name: 'app', image: 'nginx:1.27', resources: { requests: { cpu: '100m', memory: '128Mi' } } }] },
  };
}

function spreadPod(ns: string, i: number, groupSize: number) {
  const group = `group-${Math.floor(i / groupSize)}`;
  const selector = { matchLabels: { app: group } };
  return {
    metadata: { name: `pod-${String(i).padStart(6, '0')}`, namespace: ns, labels: { app: group } },
    spec: {
      containers: [{ name: 'app', image: 'nginx:1.27', resources: { requests: { cpu: '100m', memory: '128Mi' } } }],
      topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: selector }],
      affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: selector, topologyKey: 'kubernetes.io/hostname' }] } },
    },
  };
}

export async function benchScheduling(scale: SchedulingScale = DEFAULT_SCHEDULING_SCALE, progress: (line: string) => void = () => {}): Promise<BenchResult[]> {
  const dir = tempDir('scheduling');
  // The node lifecycle controller would mark these lease-less nodes Unknown after its
  // grace period; they stand in for healthy kubelets for the length of the benchmark.
  const daemon = await startDaemon({ dataDir: dir.path, port: 0, scheduler: false, nodeMonitorGracePeriodMs: 3_600_000 });
  const client = new KubeClient(new InProcessTransport((req) => daemon.api.handle(req), { userAgent: 'kubelab-bench' }));
  try {
    progress(`scheduling: creating ${scale.nodes} nodes`);
    await pool(scale.nodes, LOAD_CONCURRENCY, async (i) => {
      const n = node(i);
      await client.create(NODES, n);
      // Lift the not-ready taint TaintNodesByCondition puts on new nodes, as the node
      // lifecycle controller does once they report Ready.
      await client.patch(NODES, n.metadata.name, 'merge', { spec: { taints: null } });
    });
    await waitForNodesInitialized(client, scale.nodes, progress);
    const plain = await run(daemon.api.handle.bind(daemon.api), client, scale, 'bench-plain', plainPod, progress);
    // A group cannot have more pods than there are hosts (anti-affinity by hostname).
    const groupSize = Math.min(GROUP_SIZE, Math.floor(scale.nodes / 2));
    const spread = scale.plainOnly ? undefined : await run(daemon.api.handle.bind(daemon.api), client, scale, 'bench-spread', (ns, i) => spreadPod(ns, i, groupSize), progress);
    const notes = [`${scale.nodes} nodes in ${ZONES} zones, 32 cores / 64 GiB / 110 pods each; pods request 100m / 128Mi`, 'clock: from the scheduler\'s caches synced to the last binding acknowledged by the API server'];
    const results: BenchResult[] = [
      {
        name: 'scheduling',
        title: `scheduling: ${scale.pods} pods onto ${scale.nodes} nodes, one daemon, real API path`,
        figures: [figure('podsPerSecond', 'throughput', plain.podsPerSecond, 'pods/s'), figure('seconds', 'all bound', plain.seconds, 's')],
        notes: [...notes, ...incomplete(plain, scale.pods)],
        extra: { ...plain },
      },
    ];
    if (!spread) return results;
    results.push({
        name: 'scheduling-spread',
        title: `scheduling: ${scale.pods} pods with zone topology spread + host anti-affinity (groups of ${groupSize}), ${scale.nodes} nodes`,
        figures: [figure('podsPerSecond', 'throughput', spread.podsPerSecond, 'pods/s'), figure('seconds', 'all bound', spread.seconds, 's')],
        notes: [`on the same nodes, with the first run's ${scale.pods} pods still bound`, ...incomplete(spread, scale.pods)],
        extra: { ...spread },
      });
    return results;
  } finally {
    await daemon.stop();
    dir.remove();
  }
}

/**
 * Waits until the cloud node controller has initialized every node (spec.providerID): a real
 * cluster's nodes are ready before pods land, and its node updates are not scheduling work.
 */
async function waitForNodesInitialized(client: KubeClient, count: number, progress: (line: string) => void): Promise<void> {
  const t0 = nowMs();
  for (;;) {
    const list = await client.list(NODES);
    const done = list.items.filter((n) => (n['spec'] as { providerID?: string } | undefined)?.providerID).length;
    if (done >= count) return;
    if (nowMs() - t0 > 300_000) throw new Error(`only ${done} of ${count} nodes were initialized by the cloud node controller`);
    progress(`scheduling: ${done} of ${count} nodes initialized by the cloud node controller`);
    await new Promise((r) => setTimeout(r, 2000));
  }
}

/** How long one run may take before it reports what it has. */
const RUN_LIMIT_MS = 600_000;

interface RunResult {
  podsPerSecond: number;
  seconds: number;
  syncMs: number;
  bound: number;
  /** Every pod bound within the limit. */
  complete: boolean;
}

const incomplete = (r: RunResult, pods: number) => (r.complete ? [] : [`INCOMPLETE: ${r.bound} of ${pods} pods bound within ${RUN_LIMIT_MS / 60_000} minutes; the figure is the rate until then`]);

async function run(
  handler: ConstructorParameters<typeof InProcessTransport>[0],
  client: KubeClient,
  scale: SchedulingScale,
  ns: string,
  podFor: (ns: string, i: number) => KubeObject,
  progress: (line: string) => void,
): Promise<RunResult> {
  await client.create(NAMESPACES, { metadata: { name: ns } });
  progress(`scheduling: creating ${scale.pods} pending pods in ${ns}`);
  await pool(scale.pods, LOAD_CONCURRENCY, (i) => client.create(PODS, podFor(ns, i)));
  const component = new SchedulerComponent({ handler, clock: new RealClock() });
  component.start();
  try {
    const syncStart = nowMs();
    const scheduler = await component.waitForSync();
    if (!scheduler) throw new Error('the scheduler did not sync');
    const t0 = nowMs();
    progress(`scheduling: scheduler synced in ${(t0 - syncStart).toFixed(0)} ms; scheduling ${ns}`);
    const target = scale.pods;
    let lastReport = t0;
    // A run that cannot finish in the time limit (a loaded machine) still reports what it
    // bound and how fast, marked incomplete, rather than losing the other run's figures too.
    while (scheduler.boundCount < target && nowMs() - t0 < RUN_LIMIT_MS) {
      await new Promise((r) => setTimeout(r, 5));
      if (nowMs() - lastReport > 30_000) {
        lastReport = nowMs();
        progress(`scheduling: ${ns}: ${scheduler.boundCount} of ${target} bound after ${((lastReport - t0) / 1000).toFixed(0)} s`);
      }
    }
    const bound = scheduler.boundCount;
    const seconds = (nowMs() - t0) / 1000;
    await component.stop();
    // A benchmark that counted the wrong thing would be worse than none: check the API.
    const list = await client.list(PODS, { namespace: ns });
    const inApi = list.items.filter((p) => (p['spec'] as { nodeName?: string }).nodeName).length;
    if (inApi !== bound) throw new Error(`${ns}: the scheduler counted ${bound} bindings, the API shows ${inApi} pods bound`);
    if (bound < target) progress(`scheduling: ${ns}: only ${bound} of ${target} pods bound within ${RUN_LIMIT_MS / 60_000} minutes; reporting the rate so far`);
    return { podsPerSecond: bound / seconds, seconds, syncMs: t0 - syncStart, bound, complete: bound === target };
  } finally {
    await component.stop();
  }
}
