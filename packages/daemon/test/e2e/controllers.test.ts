/**
 * Issue 7's acceptance, end to end: the real kubectl against a real kubelabd that runs three
 * simulated workers in kubeadm's shape (its own kube-scheduler binds the pods, its kubelets
 * run them). A
 * Deployment is created, rolled to a new image without availability dropping below
 * replicas − maxUnavailable, rolled back and scaled; a node whose kubelet stops loses its
 * pods to the others once --node-monitor-grace-period and the pods' default toleration have
 * passed (both short here); `kubectl drain` refuses to break a PodDisruptionBudget and drains
 * once the budget allows; a Job runs to completion; `delete --cascade=orphan` leaves the
 * ReplicaSet; and deleting the namespace empties it.
 */
import type { KubeObject } from '@kubelab/core';
import { KubeClient } from '@kubelab/core/client/client';
import { InProcessTransport } from '@kubelab/core/client/in-process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Obj, PODS } from '../controllers/workloads.js';
import { type TestCluster, kubectlAvailable, startCluster } from './cluster.js';

const ok = kubectlAvailable();
if (!ok) {
  if (process.env['CI'] === 'true') throw new Error('kubectl is required in CI (/usr/bin/kubectl)');
  console.warn('\n!!! kubectl not found: skipping the controller end-to-end tests !!!\n');
}

const NS = 'shop';
const WORKERS = ['worker-1', 'worker-2', 'worker-3'];

/** Polls fn (real time: the daemon runs on the wall clock) until it returns a value. */
async function waitFor<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v !== undefined) return v;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}${lastError ? `: ${String(lastError)}` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const isReady = (p: Obj) => (p.status?.conditions ?? []).some((c: Obj) => c.type === 'Ready' && c.status === 'True');

/**
 * Follows the Deployment's pods through one watch (so no transition is missed) and records the
 * fewest ready pods not being deleted — what the rollout must keep at replicas − maxUnavailable.
 */
class ReadyPodsWatch {
  fewestReady = Infinity;
  private readonly pods = new Map<string, Obj>();
  private closer: (() => void) | undefined;
  private done: Promise<void> | undefined;

  async start(client: KubeClient, selector: string): Promise<void> {
    const list = await client.list(PODS, { namespace: NS, labelSelector: selector });
    for (const p of list.items as Obj[]) this.pods.set(p.metadata.name, p);
    this.count();
    const watch = await client.watch(PODS, { namespace: NS, labelSelector: selector, resourceVersion: list.metadata?.resourceVersion });
    this.closer = () => watch.close();
    this.done = (async () => {
      for await (const ev of watch) {
        if (ev.type === 'ERROR' || ev.type === 'BOOKMARK') continue;
        const p = ev.object as Obj;
        if (ev.type === 'DELETED') this.pods.delete(p.metadata.name);
        else this.pods.set(p.metadata.name, p);
        this.count();
      }
    })();
  }

  private count(): void {
    const ready = [...this.pods.values()].filter((p) => !p.metadata.deletionTimestamp && isReady(p)).length;
    this.fewestReady = Math.min(this.fewestReady, ready);
  }

  async stop(): Promise<void> {
    this.closer?.();
    await this.done?.catch(() => undefined);
  }
}

describe.skipIf(!ok)('the controllers end to end, with simulated nodes', () => {
  let c: TestCluster;
  let client: KubeClient;
  const k = (...args: string[]) => c.ok(['-n', NS, ...args]);
  /** The web pods not being deleted: name, node, phase, ready, image. */
  const webPods = async () =>
    ((await client.list(PODS, { namespace: NS, labelSelector: 'app=web' })).items as Obj[])
      .filter((p) => !p.metadata.deletionTimestamp)
      .map((p) => ({ name: p.metadata.name as string, node: p.spec.nodeName as string | undefined, phase: p.status?.phase as string, ready: isReady(p), image: p.spec.containers[0].image as string }));

  beforeAll(async () => {
    c = await startCluster({
      // What `kubelab up --nodes 3` runs: kubeadm's shape, a tainted control-plane node,
      // kube-proxy on every node and CoreDNS, with three workers.
      kubeadm: true,
      nodes: 3,
      // A stopped node is noticed after 3 s (kubelets renew their leases every 500 ms), and
      // its pods tolerate the unreachable taint for 2 s (admission's default toleration).
      nodeMonitorGracePeriodMs: 3_000,
      defaultNotReadyTolerationSeconds: 2,
      defaultUnreachableTolerationSeconds: 2,
      kubelet: { nodeLeaseDurationSeconds: 3, nodeLeaseRenewIntervalMs: 500 },
    });
    client = new KubeClient(new InProcessTransport((req) => c.daemon.api.handle(req), { userAgent: 'e2e-test/v1.32.0' }));
    await waitFor('three Ready workers', async () => {
      const out = await c.ok(['get', 'nodes', '--no-headers']);
      return WORKERS.every((w) => new RegExp(`^${w}\\s+Ready\\s`, 'm').test(out)) ? out : undefined;
    });
    await c.ok(['create', 'namespace', NS]);
  }, 60_000);

  afterAll(async () => {
    await c?.stop();
  });

  it('kubectl create deployment runs 3 pods on the workers, and rollout status waits for them and exits 0', async () => {
    expect(await k('create', 'deployment', 'web', '--image=nginx:1.27', '--replicas=3')).toBe('deployment.apps/web created\n');
    const status = await c.kubectl(['-n', NS, 'rollout', 'status', 'deployment/web', '--timeout=60s']);
    expect(status.stderr).toBe('');
    expect(status.status).toBe(0);
    expect(status.stdout).toMatch(/deployment "web" successfully rolled out\n$/);
    const pods = await webPods();
    expect(pods).toHaveLength(3);
    for (const p of pods) {
      expect(p.phase).toBe('Running');
      expect(WORKERS).toContain(p.node);
    }
    expect(await k('get', 'deployment', 'web')).toMatch(/^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE\nweb\s+3\/3\s+3\s+3\s+/);
  });

  it('kubectl set image rolls out without ever having fewer than replicas − maxUnavailable ready pods', async () => {
    const watch = new ReadyPodsWatch();
    await watch.start(client, 'app=web');
    try {
      expect(await k('set', 'image', 'deployment/web', 'nginx=nginx:1.26')).toBe('deployment.apps/web image updated\n');
      const status = await c.kubectl(['-n', NS, 'rollout', 'status', 'deployment/web', '--timeout=60s']);
      expect(status.status).toBe(0);
      expect(status.stdout).toContain('Waiting for deployment "web" rollout to finish:');
      expect(status.stdout).toMatch(/deployment "web" successfully rolled out\n$/);
    } finally {
      await watch.stop();
    }
    // 3 replicas with the default 25 %/25 %: maxSurge 1, maxUnavailable 0.
    expect(watch.fewestReady).toBe(3);
    const pods = await webPods();
    expect(pods.map((p) => p.image)).toEqual(['nginx:1.26', 'nginx:1.26', 'nginx:1.26']);
    expect(pods.every((p) => p.ready && p.phase === 'Running')).toBe(true);
  });

  it('kubectl rollout undo brings the first template back as revision 3', async () => {
    expect(await k('rollout', 'undo', 'deployment/web')).toBe('deployment.apps/web rolled back\n');
    expect(await k('rollout', 'status', 'deployment/web', '--timeout=60s')).toMatch(/deployment "web" successfully rolled out\n$/);
    expect((await webPods()).map((p) => p.image)).toEqual(['nginx:1.27', 'nginx:1.27', 'nginx:1.27']);
    expect(await k('rollout', 'history', 'deployment/web')).toMatch(/REVISION\s+CHANGE-CAUSE\n2\s+<none>\n3\s+<none>\n/);
  });

  it('kubectl scale runs the new replicas on the workers', async () => {
    expect(await k('scale', 'deployment/web', '--replicas=6')).toBe('deployment.apps/web scaled\n');
    expect(await k('rollout', 'status', 'deployment/web', '--timeout=60s')).toMatch(/successfully rolled out\n$/);
    const pods = await webPods();
    expect(pods).toHaveLength(6);
    expect(pods.every((p) => p.ready && WORKERS.includes(p.node!))).toBe(true);
  });

  it('a node whose kubelet stops goes NotReady, is tainted unreachable, and its pods are replaced on the other nodes', async () => {
    const before = await webPods();
    // The node with the most web pods (the scheduler spreads them, so it has at least two).
    const counts = WORKERS.map((n) => [n, before.filter((p) => p.node === n).length] as const).sort((a, b) => b[1] - a[1]);
    const [lost, lostCount] = counts[0]!;
    expect(lostCount).toBeGreaterThan(0);
    const lostPods = before.filter((p) => p.node === lost).map((p) => p.name);
    await c.daemon.nodes.stopNode(lost);

    await waitFor(`${lost} to go NotReady`, async () => ((await c.ok(['get', 'node', lost, '--no-headers'])).match(/^\S+\s+NotReady\s/) ? true : undefined));
    const taints = await waitFor('the unreachable taints', async () => {
      const out = await c.ok(['get', 'node', lost, '-o', 'jsonpath={range .spec.taints[*]}{.key}:{.effect}{"\\n"}{end}']);
      return out.includes('NoExecute') ? out : undefined;
    });
    expect(taints.split('\n').filter(Boolean).sort()).toEqual(['node.kubernetes.io/unreachable:NoExecute', 'node.kubernetes.io/unreachable:NoSchedule']);
    expect(await c.ok(['get', 'node', lost, '-o', 'jsonpath={.status.conditions[?(@.type=="Ready")].status}/{.status.conditions[?(@.type=="Ready")].reason}'])).toBe('Unknown/NodeStatusUnknown');

    // Once the 2 s toleration has run out the pods are deleted, and the ReplicaSet replaces them elsewhere.
    const after = await waitFor('replacements on the other nodes', async () => {
      const pods = await webPods();
      return pods.length === 6 && pods.every((p) => p.ready && p.node !== lost) ? pods : undefined;
    });
    expect(after.map((p) => p.name)).not.toEqual(expect.arrayContaining(lostPods));
    expect(await k('rollout', 'status', 'deployment/web', '--timeout=30s')).toMatch(/successfully rolled out\n$/);
    const evictions = await k('get', 'events', '--field-selector', 'reason=TaintManagerEviction', '-o', 'jsonpath={range .items[*]}{.message}{"\\n"}{end}');
    for (const name of lostPods) expect(evictions).toContain(`Marking for deletion Pod ${NS}/${name}\n`);

    // The kubelet comes back: the node is Ready again, its taints go, and the deleted pods with them.
    await c.daemon.nodes.startNode(lost);
    await waitFor(`${lost} to be Ready again without taints`, async () =>
      (await c.ok(['get', 'node', lost, '-o', 'jsonpath={.status.conditions[?(@.type=="Ready")].status}/{.spec.taints}'])) === 'True/' ? true : undefined,
    );
    await waitFor('the evicted pods to be gone', async () => {
      const all = ((await client.list(PODS, { namespace: NS, labelSelector: 'app=web' })).items as KubeObject[]).map((p) => p.metadata!.name!);
      return lostPods.some((n) => all.includes(n)) ? undefined : true;
    });
  }, 90_000);

  it('kubectl drain refuses to break a PodDisruptionBudget, and drains the node once the budget allows it', async () => {
    expect(await k('create', 'pdb', 'web', '--selector=app=web', '--min-available=6')).toBe('poddisruptionbudget.policy/web created\n');
    await waitFor('the budget status', async () => ((await k('get', 'pdb', 'web', '-o', 'jsonpath={.status.currentHealthy}/{.status.disruptionsAllowed}')) === '6/0' ? true : undefined));
    const node = (await webPods())[0]!.node!;
    const refused = await c.kubectl(['drain', node, '--ignore-daemonsets', '--timeout=4s']);
    expect(refused.status).not.toBe(0);
    expect(refused.stdout).toContain(`node/${node} cordoned\n`);
    expect(refused.stderr).toMatch(
      new RegExp(`error when evicting pods/"web-[a-z0-9]+-[a-z0-9]+" -n "${NS}" \\(will retry after 5s\\): Cannot evict pod as it would violate the pod's disruption budget\\.`),
    );
    expect(refused.stderr).toContain(`error: unable to drain node "${node}" due to error: [error when evicting pods/`);
    expect((await webPods()).filter((p) => p.node === node).length).toBeGreaterThan(0);

    // One pod may go at a time: each eviction waits for the replacement to be ready.
    await k('patch', 'pdb', 'web', '--type=merge', '-p', '{"spec":{"minAvailable":5}}');
    const drained = await c.kubectl(['drain', node, '--ignore-daemonsets', '--timeout=90s']);
    expect(drained.stderr).not.toContain('error: unable to drain');
    expect(drained.status).toBe(0);
    expect(drained.stderr).toMatch(new RegExp(`^Warning: ignoring DaemonSet-managed Pods: kube-system/kube-proxy-[a-z0-9]+\\n`, 'm'));
    expect(drained.stdout).toMatch(new RegExp(`pod/web-[a-z0-9]+-[a-z0-9]+ evicted\\n`));
    expect(drained.stdout).toMatch(new RegExp(`node/${node} drained\\n$`));
    expect(await c.ok(['get', 'node', node, '--no-headers'])).toMatch(/^\S+\s+Ready,SchedulingDisabled\s/);
    const pods = await waitFor('six ready pods off the drained node', async () => {
      const all = await webPods();
      return all.length === 6 && all.every((p) => p.ready) ? all : undefined;
    });
    expect(pods.filter((p) => p.node === node)).toEqual([]);
    await c.ok(['uncordon', node]);
    await k('delete', 'pdb', 'web');
  }, 120_000);

  it('a Job runs to completion on a node, and kubectl logs shows its output', async () => {
    expect(await k('create', 'job', 'hello', '--image=busybox:1.36', '--', 'echo', 'hello from the job')).toBe('job.batch/hello created\n');
    expect(await k('wait', '--for=condition=complete', 'job/hello', '--timeout=60s')).toBe('job.batch/hello condition met\n');
    expect(await k('get', 'job', 'hello')).toMatch(/^NAME\s+STATUS\s+COMPLETIONS\s+DURATION\s+AGE\nhello\s+Complete\s+1\/1\s+/);
    expect(await k('logs', 'job/hello')).toBe('hello from the job\n');
    const pod = await k('get', 'pods', '-l', 'job-name=hello', '-o', 'jsonpath={.items[0].status.phase} {.items[0].spec.nodeName}');
    expect(pod).toMatch(/^Succeeded worker-[123]$/);
  });

  it('kubectl delete deploy --cascade=orphan leaves its ReplicaSets and their pods', async () => {
    const rsBefore = (await k('get', 'rs', '-l', 'app=web', '-o', 'name')).split('\n').filter(Boolean).sort();
    expect(rsBefore.length).toBeGreaterThan(0);
    expect(await k('delete', 'deploy', 'web', '--cascade=orphan')).toBe('deployment.apps "web" deleted\n');
    const owners = await waitFor('the ReplicaSets to be released', async () => {
      const out = await k('get', 'rs', '-l', 'app=web', '-o', 'jsonpath={range .items[*]}{.metadata.name}={.metadata.ownerReferences}{"\\n"}{end}');
      return out.split('\n').every((l) => !l || l.endsWith('=')) ? out : undefined;
    });
    expect(owners.split('\n').filter(Boolean).map((l) => `replicaset.apps/${l.slice(0, -1)}`).sort()).toEqual(rsBefore);
    expect(await k('get', 'deploy')).toBe('');
    expect(await k('get', 'rs', '-l', 'app=web', '--no-headers')).toMatch(/\s6\s+6\s+6\s+/);
    expect(await webPods()).toHaveLength(6);
  });

  it('kubectl delete namespace waits until the namespace is empty and gone', async () => {
    const deleted = await c.kubectl(['delete', 'namespace', NS, '--timeout=90s']);
    expect(deleted.stderr).toBe('');
    expect(deleted.stdout).toBe(`namespace "${NS}" deleted\n`);
    const gone = await c.kubectl(['get', 'namespace', NS]);
    expect(gone.stderr).toBe(`Error from server (NotFound): namespaces "${NS}" not found\n`);
    expect((await client.list(PODS, { namespace: NS })).items).toEqual([]);
  }, 120_000);
});
