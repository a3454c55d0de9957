/**
 * The controllers at scale (issue 7's benchmark): a Deployment of 10,000 replicas on 1,000
 * nodes, from create to every replica available (time, pods/s), then a rolling update of a
 * 1,000-replica Deployment (time from `set image` to the rollout complete), and the daemon's
 * RSS at the end.
 *
 * Everything runs in a kubelabd child process over HTTPS. What binds and starts the pods
 * depends on what the daemon has:
 *   - simulated nodes (`kubelabd --nodes N`): the daemon's own kubelets run the pods;
 *   - a kube-scheduler (its Lease in kube-system): it binds them.
 * What is missing, the benchmark plays itself from a watch on the pods — binding each to a
 * node in turn, writing Running/Ready status, finishing graceful deletes — on Node objects it
 * registers; the result's title says which was the case.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { Dispatcher } from 'undici';
import { ApiClient, BENCH_NAMESPACE, createMany, createNamespace } from './api-client.js';
import { KUBELABD_BIN, readEndpoint } from './daemon-process.js';
import { type BenchResult, figure } from './result.js';
import { nowMs } from './stats.js';
import { tempDir } from './workload.js';

export interface DeploymentBenchScale {
  replicas: number;
  nodes: number;
  /** Replicas of the Deployment rolled to a new image. */
  updateReplicas: number;
  daemonNodeArgs?: readonly string[];
  /** Use the daemon's simulated nodes when it has them (default true). */
  useSimulatedNodes?: boolean;
}

export const DEPLOYMENT_BENCH_SCALE: DeploymentBenchScale = { replicas: 10_000, nodes: 1_000, updateReplicas: 1_000 };

const NS = BENCH_NAMESPACE;
const CONCURRENCY = 64;
const TIMEOUT_MS = 30 * 60_000;

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Whether this kubelabd runs simulated nodes (its --help lists --nodes). */
async function supportsNodes(): Promise<boolean> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [KUBELABD_BIN, '--help'], { stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('close', () => resolve(out.includes('--nodes')));
    child.on('error', () => resolve(false));
  });
}

/** kubelabd in a child process, with the daemon flags this benchmark needs (--nodes). */
class DaemonChild {
  stdout = '';
  stderr = '';
  readonly child: ChildProcess;
  readonly exited: Promise<unknown>;

  constructor(dataDir: string, flags: readonly string[], nodeArgs: readonly string[] | undefined) {
    this.child = spawn(process.execPath, [...(nodeArgs ?? []), KUBELABD_BIN, '--data-dir', dataDir, '--port', '0', ...flags], { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child.stdout!.on('data', (d: Buffer) => (this.stdout += d.toString()));
    this.child.stderr!.on('data', (d: Buffer) => (this.stderr = (this.stderr + d.toString()).slice(-4000)));
    this.exited = new Promise((r) => this.child.once('exit', r));
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 30_000);
    await this.exited;
    clearTimeout(timer);
  }
}

/** Starts kubelabd (with --nodes N when asked) and waits for it to serve. */
async function startDaemon(dataDir: string, nodes: number, nodeArgs: readonly string[] | undefined): Promise<{ child: DaemonChild; client: ApiClient }> {
  const proc = new DaemonChild(dataDir, nodes > 0 ? ['--nodes', String(nodes)] : [], nodeArgs);
  const deadline = Date.now() + 120_000;
  while (!proc.stdout.includes('serving the Kubernetes API at')) {
    if (proc.child.exitCode !== null) throw new Error(`kubelabd exited: ${proc.stderr}`);
    if (Date.now() > deadline) {
      await proc.stop();
      throw new Error(`kubelabd did not come up: ${proc.stderr}`);
    }
    await sleep(50);
  }
  return { child: proc, client: new ApiClient(readEndpoint(dataDir), CONCURRENCY + 4) };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function get(client: ApiClient, path: string): Promise<Obj | undefined> {
  const r = await client.request('GET', path);
  return r.status === 200 ? (JSON.parse(r.body.toString('utf8')) as Obj) : undefined;
}

/** Registers Ready nodes with room for the pods (what kubelets would do). */
async function registerNodes(client: ApiClient, n: number): Promise<string[]> {
  const names = Array.from({ length: n }, (_, i) => `bench-node-${i + 1}`);
  await createMany(n, CONCURRENCY, async (i) => {
    const capacity = { cpu: '4', memory: '8Gi', pods: '110', 'ephemeral-storage': '100Gi' };
    await client.json(201, 'POST', '/api/v1/nodes', {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: names[i], labels: { 'kubernetes.io/hostname': names[i], 'kubernetes.io/os': 'linux' } },
      status: { capacity, allocatable: capacity, conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady' }] },
    });
    // The not-ready taint admission adds goes, as the node lifecycle controller lifts it.
    for (;;) {
      const node = (await get(client, `/api/v1/nodes/${names[i]}`))!;
      const r = await client.request('PUT', `/api/v1/nodes/${names[i]}`, { ...node, spec: { ...(node['spec'] as object), taints: [] } });
      if (r.status !== 409) break;
    }
  });
  return names;
}

/**
 * Heartbeats for registered nodes: each node's Lease in kube-node-lease is renewed every 10 s,
 * as a kubelet renews it, so the node lifecycle controller keeps the nodes Ready (and does
 * not mark their pods not ready, taint the nodes and evict the pods).
 */
class NodeHeartbeats {
  private timer: NodeJS.Timeout | undefined;
  private beating: Promise<void> = Promise.resolve();

  constructor(
    private readonly client: ApiClient,
    private readonly nodes: string[],
  ) {}

  async start(): Promise<void> {
    await this.client.request('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'kube-node-lease' } });
    await this.beat();
    this.timer = setInterval(() => {
      this.beating = this.beating.then(() => this.beat()).catch(() => undefined);
    }, 10_000);
  }

  private async beat(): Promise<void> {
    const renewTime = new Date().toISOString().replace('Z', '000Z');
    await createMany(this.nodes.length, 16, async (i) => {
      const name = this.nodes[i]!;
      const lease = { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name, namespace: 'kube-node-lease' }, spec: { holderIdentity: name, leaseDurationSeconds: 40, renewTime } };
      // A PUT creates a missing Lease (Leases may be created by update).
      await this.client.request('PUT', `/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/${name}`, lease);
    });
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.beating;
  }
}

/**
 * The benchmark's stand-in for kubelets (and, without a scheduler, for kube-scheduler): from
 * one watch on the namespace's pods, binds unscheduled pods round robin, reports bound ones
 * Running and Ready, and finishes graceful deletes.
 */
class BenchKubelet {
  private readonly pending = new Map<string, Obj>();
  private readonly inFlight = new Set<string>();
  private stopped = false;
  private next = 0;
  private body: Dispatcher.ResponseData['body'] | undefined;
  private readonly done: Promise<void>;

  constructor(
    private readonly client: ApiClient,
    private readonly nodes: string[],
    private readonly bind: boolean,
  ) {
    this.done = this.run();
  }

  private async run(): Promise<void> {
    const list = (await get(this.client, `/api/v1/namespaces/${NS}/pods`))!;
    for (const p of list['items'] as Obj[]) this.offer(p);
    this.body = await this.client.stream(`/api/v1/namespaces/${NS}/pods?watch=1&resourceVersion=${list['metadata'].resourceVersion}`);
    let buf = '';
    const workers = Array.from({ length: CONCURRENCY }, () => this.work());
    try {
      for await (const chunk of this.body) {
        buf += chunk.toString();
        let nl: number;
        while ((nl = buf.indexOf('\n')) >= 0) {
          const line = buf.slice(0, nl);
          buf = buf.slice(nl + 1);
          if (!line.trim()) continue;
          const ev = JSON.parse(line) as { type: string; object: Obj };
          if (ev.type === 'ADDED' || ev.type === 'MODIFIED') this.offer(ev.object);
        }
      }
    } catch {
      // The stream ends when the benchmark stops it.
    }
    this.stopped = true;
    await Promise.all(workers);
  }

  private offer(pod: Obj): void {
    const name = pod['metadata'].name as string;
    const needsWork = pod['metadata'].deletionTimestamp || (!pod['spec'].nodeName && this.bind) || (pod['spec'].nodeName && pod['status']?.phase === 'Pending');
    if (needsWork) this.pending.set(name, pod);
  }

  private async work(): Promise<void> {
    while (!this.stopped) {
      const entry = [...this.pending.entries()].find(([n]) => !this.inFlight.has(n));
      if (!entry) {
        await sleep(2);
        continue;
      }
      const [name, pod] = entry;
      this.pending.delete(name);
      this.inFlight.add(name);
      try {
        await this.handle(pod);
      } catch {
        // A conflict or a pod gone: a later event brings it back if there is work left.
      } finally {
        this.inFlight.delete(name);
      }
    }
  }

  private async handle(pod: Obj): Promise<void> {
    const m = pod['metadata'];
    const base = `/api/v1/namespaces/${NS}/pods/${m.name}`;
    if (m.deletionTimestamp) {
      await this.client.request('DELETE', base, { kind: 'DeleteOptions', apiVersion: 'v1', gracePeriodSeconds: 0 });
    } else if (!pod['spec'].nodeName) {
      const node = this.nodes[this.next++ % this.nodes.length]!;
      await this.client.request('POST', `${base}/binding`, { apiVersion: 'v1', kind: 'Binding', metadata: { name: m.name }, target: { kind: 'Node', name: node } });
    } else {
      const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
      const conditions = ['Initialized', 'Ready', 'ContainersReady', 'PodScheduled'].map((type) => ({ type, status: 'True', lastProbeTime: null, lastTransitionTime: now }));
      const containers = (pod['spec'].containers as Obj[]).map((c) => ({ name: c['name'], image: c['image'], imageID: '', ready: true, started: true, restartCount: 0, state: { running: { startedAt: now } } }));
      const status = { ...pod['status'], phase: 'Running', conditions, containerStatuses: containers, startTime: now, podIP: '10.244.0.10', hostIP: '10.0.0.2' };
      await this.client.request('PUT', `${base}/status`, { ...pod, status });
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.body?.destroy();
    await this.done;
  }
}

function deploymentBody(name: string, replicas: number): Obj {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'app', image: 'nginx:1.27', resources: { requests: { cpu: '1m', memory: '1Mi' } } }] } },
    },
  };
}

/** Polls the Deployment until its rollout is complete (what `kubectl rollout status` waits for). */
async function rolledOut(client: ApiClient, name: string, progress: (line: string) => void): Promise<void> {
  const deadline = Date.now() + TIMEOUT_MS;
  let last = '';
  for (;;) {
    const d = (await get(client, `/apis/apps/v1/namespaces/${NS}/deployments/${name}`))!;
    const want = d['spec'].replicas as number;
    const s = d['status'] ?? {};
    if ((s.observedGeneration ?? 0) >= d['metadata'].generation && s.updatedReplicas === want && s.replicas === want && s.availableReplicas === want) return;
    const line = `${name}: ${s.updatedReplicas ?? 0} updated, ${s.availableReplicas ?? 0}/${want} available`;
    if (line !== last) progress(line);
    last = line;
    if (Date.now() > deadline) throw new Error(`rollout of ${name} did not finish: ${line}`);
    await sleep(100);
  }
}

function rssOf(pid: number | undefined): { rss: number; peak: number } {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+) kB`).exec(status)?.[1] ?? Number.NaN);
    return { rss: kb('VmRSS') * 1024, peak: kb('VmHWM') * 1024 };
  } catch {
    return { rss: Number.NaN, peak: Number.NaN };
  }
}

export async function benchDeployment(scale: DeploymentBenchScale, progress: (line: string) => void = () => {}): Promise<BenchResult> {
  const dir = tempDir('deployment');
  const withNodes = (scale.useSimulatedNodes ?? true) && (await supportsNodes());
  const { child, client } = await startDaemon(dir.path, withNodes ? scale.nodes : 0, scale.daemonNodeArgs);
  let kubelet: BenchKubelet | undefined;
  let heartbeats: NodeHeartbeats | undefined;
  try {
    await createNamespace(client);
    let nodes: string[];
    if (withNodes) {
      progress(`waiting for ${scale.nodes} simulated nodes to be Ready`);
      const deadline = Date.now() + TIMEOUT_MS;
      for (;;) {
        const list = (await get(client, '/api/v1/nodes'))!;
        const ready = (list['items'] as Obj[]).filter((n) => (n['status']?.conditions ?? []).some((c: Obj) => c['type'] === 'Ready' && c['status'] === 'True'));
        if (ready.length >= scale.nodes) {
          nodes = ready.map((n) => n['metadata'].name as string);
          break;
        }
        if (Date.now() > deadline) throw new Error(`only ${ready.length} of ${scale.nodes} nodes became Ready`);
        await sleep(200);
      }
    } else {
      progress(`registering ${scale.nodes} nodes`);
      nodes = await registerNodes(client, scale.nodes);
      heartbeats = new NodeHeartbeats(client, nodes);
      await heartbeats.start();
    }
    const hasScheduler = (await get(client, '/apis/coordination.k8s.io/v1/namespaces/kube-system/leases/kube-scheduler')) !== undefined;
    if (!withNodes || !hasScheduler) kubelet = new BenchKubelet(client, nodes, !hasScheduler);
    const who = withNodes
      ? `kubelab's simulated kubelets${hasScheduler ? ' and kube-scheduler' : '; the benchmark binds pods'}`
      : `the benchmark as kubelet${hasScheduler ? ' (kube-scheduler binds)' : ' and scheduler: it binds pods and marks them Ready itself'}`;

    progress(`deployment of ${scale.replicas} replicas on ${scale.nodes} nodes (${who})`);
    const t0 = nowMs();
    await client.expect(201, 'POST', `/apis/apps/v1/namespaces/${NS}/deployments`, deploymentBody('big', scale.replicas));
    await rolledOut(client, 'big', progress);
    const createMs = nowMs() - t0;

    progress(`rolling update of ${scale.updateReplicas} replicas`);
    await client.expect(201, 'POST', `/apis/apps/v1/namespaces/${NS}/deployments`, deploymentBody('roll', scale.updateReplicas));
    await rolledOut(client, 'roll', progress);
    const t1 = nowMs();
    const patch = { spec: { template: { spec: { containers: [{ name: 'app', image: 'nginx:1.26' }] } } } };
    const r = await client.pool.request({
      method: 'PATCH',
      path: `/apis/apps/v1/namespaces/${NS}/deployments/roll`,
      headers: { authorization: `Bearer ${client.endpoint.token}`, 'content-type': 'application/strategic-merge-patch+json' },
      body: JSON.stringify(patch),
    });
    await r.body.arrayBuffer();
    if (r.statusCode !== 200) throw new Error(`PATCH deployments/roll: HTTP ${r.statusCode}`);
    await rolledOut(client, 'roll', progress);
    const rollMs = nowMs() - t1;
    const { rss, peak } = rssOf(child.child.pid);
    return {
      name: 'deployment',
      title: `Deployment of ${scale.replicas.toLocaleString('en')} replicas on ${scale.nodes.toLocaleString('en')} nodes, then a rolling update of ${scale.updateReplicas.toLocaleString('en')} (pods run by ${who})`,
      figures: [
        figure('createToReadyMs', `create → ${scale.replicas} available`, createMs, 'ms'),
        figure('podsPerSecond', 'pods available / s', (scale.replicas / createMs) * 1000, 'pods/s'),
        figure('rollingUpdateMs', `rolling update of ${scale.updateReplicas}`, rollMs, 'ms'),
        figure('rssBytes', 'daemon RSS at the end', rss, 'bytes'),
        figure('peakRssBytes', 'daemon peak RSS', peak, 'bytes'),
      ],
      notes: [`pods: ${who}`, 'times: wall clock, from the POST or PATCH to the Deployment reporting every replica updated and available'],
    };
  } finally {
    await kubelet?.stop();
    await heartbeats?.stop();
    await client.close();
    await child.stop();
    dir.remove();
  }
}
