/**
 * The scheduler end to end: the real kubectl against a kubelab daemon, nodes registered
 * through the API (as simulated kubelets will), and pods placed — or left Pending with
 * kube-scheduler's words — by taints, selectors, affinity, spreading, resources, cordons,
 * a custom scheduler script, and preemption.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KUBECTL, type TestCluster, kubectlAvailable, startCluster } from './cluster.js';

const ok = kubectlAvailable();
if (!ok) {
  if (process.env['CI'] === 'true') throw new Error('kubectl is required in CI (/usr/bin/kubectl)');
  console.warn('\n!!! kubectl not found: skipping the scheduler end-to-end tests !!!\n');
}

const SCRIPT = fileURLToPath(new URL('../../../../fixtures/custom-scheduler/my-scheduler.sh', import.meta.url));

interface PodJson {
  metadata: { name: string; deletionTimestamp?: string };
  spec: { nodeName?: string };
  status: { nominatedNodeName?: string; conditions?: Array<{ type: string; status: string; reason?: string; message?: string }> };
}

function node(name: string, o: { zone: string; labels?: Record<string, string>; taints?: string; cpu?: string }): string {
  const labels = { 'kubernetes.io/hostname': name, 'topology.kubernetes.io/zone': o.zone, ...(o.labels ?? {}) };
  return `apiVersion: v1
kind: Node
metadata:
  name: ${name}
  labels: ${JSON.stringify(labels)}
status:
  capacity: {cpu: "${o.cpu ?? '2'}", memory: 4Gi, pods: "110"}
  allocatable: {cpu: "${o.cpu ?? '2'}", memory: 4Gi, pods: "110"}
  conditions: [{type: Ready, status: "True", reason: KubeletReady, message: kubelet is posting ready status}]
---
`;
}

async function waitFor<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Registers nodes, lifts the not-ready taint as the node lifecycle controller does for Ready nodes, then taints as asked. */
async function addNodes(c: TestCluster, specs: Array<[string, Parameters<typeof node>[1]]>): Promise<void> {
  await c.ok(['apply', '-f', '-'], { input: specs.map(([n, o]) => node(n, o)).join('') });
  for (const [n, o] of specs) {
    await c.kubectl(['taint', 'nodes', n, 'node.kubernetes.io/not-ready:NoSchedule-']);
    if (o.taints) await c.ok(['taint', 'nodes', n, o.taints]);
  }
}

async function getPod(c: TestCluster, name: string): Promise<PodJson> {
  return JSON.parse(await c.ok(['get', 'pod', name, '-o', 'json'])) as PodJson;
}

async function boundNode(c: TestCluster, name: string): Promise<string> {
  return waitFor(`${name} to be bound`, async () => (await getPod(c, name)).spec.nodeName || undefined);
}

async function unschedulableMessage(c: TestCluster, name: string): Promise<string> {
  return waitFor(`${name} to be marked Unschedulable`, async () => {
    const cond = (await getPod(c, name)).status.conditions?.find((x) => x.type === 'PodScheduled');
    return cond?.reason === 'Unschedulable' ? cond.message : undefined;
  });
}

function pod(name: string, spec: Record<string, unknown> = {}, labels: Record<string, string> = {}): string {
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, labels },
    spec: { containers: [{ name: 'app', image: 'nginx:1.27', resources: { requests: { cpu: '100m' } } }], ...spec },
  });
}

const CONTROL_PLANE_TAINT = 'node-role.kubernetes.io/control-plane:NoSchedule';

describe.skipIf(!ok)('the scheduler, seen through kubectl', () => {
  let c: TestCluster;
  beforeAll(async () => {
    // Nodes here have no kubelet renewing a lease: keep the node lifecycle controller from
    // declaring them Unknown during the run.
    c = await startCluster({ nodeMonitorGracePeriodMs: 600_000 });
    await addNodes(c, [
      ['control-plane', { zone: 'a', taints: CONTROL_PLANE_TAINT, labels: { 'node-role.kubernetes.io/control-plane': '' } }],
      ['worker-1', { zone: 'a', labels: { disktype: 'ssd' } }],
      ['worker-2', { zone: 'b' }],
      ['worker-3', { zone: 'b' }],
    ]);
  });
  afterAll(async () => {
    await c?.stop();
  });

  it('keeps pods off a tainted node unless they tolerate the taint', async () => {
    const toleration = [{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' }];
    const onCp = { nodeSelector: { 'kubernetes.io/hostname': 'control-plane' } };
    await c.ok(['apply', '-f', '-'], { input: pod('tolerant', { ...onCp, tolerations: toleration }) });
    await c.ok(['apply', '-f', '-'], { input: pod('intolerant', onCp) });
    expect(await boundNode(c, 'tolerant')).toBe('control-plane');
    expect(await unschedulableMessage(c, 'intolerant')).toBe(
      "0/4 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 3 node(s) didn't match Pod's node affinity/selector. " +
        'preemption: 0/4 nodes are available: 4 Preemption is not helpful for scheduling.',
    );
    const describe = await c.ok(['describe', 'pod', 'intolerant']);
    expect(describe).toMatch(/Warning\s+FailedScheduling\s+\S+\s+default-scheduler\s+0\/4 nodes are available: 1 node\(s\) had untolerated taint/);
  });

  it('follows a nodeSelector', async () => {
    await c.ok(['apply', '-f', '-'], { input: pod('ssd', { nodeSelector: { disktype: 'ssd' } }) });
    expect(await boundNode(c, 'ssd')).toBe('worker-1');
  });

  it('follows required node affinity, and preferred affinity among the nodes that fit', async () => {
    const required = { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'topology.kubernetes.io/zone', operator: 'In', values: ['b'] }] }] } };
    const preferred = { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, preference: { matchExpressions: [{ key: 'disktype', operator: 'In', values: ['ssd'] }] } }] };
    await c.ok(['apply', '-f', '-'], { input: pod('zone-b', { affinity: { nodeAffinity: required } }) });
    await c.ok(['apply', '-f', '-'], { input: pod('likes-ssd', { affinity: { nodeAffinity: preferred } }) });
    expect(['worker-2', 'worker-3']).toContain(await boundNode(c, 'zone-b'));
    expect(await boundNode(c, 'likes-ssd')).toBe('worker-1');
  });

  it("spreads a Deployment's replicas one per node with pod anti-affinity", async () => {
    const deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'spread' },
      spec: {
        replicas: 3,
        selector: { matchLabels: { app: 'spread' } },
        template: {
          metadata: { labels: { app: 'spread' } },
          spec: {
            affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: 'spread' } }, topologyKey: 'kubernetes.io/hostname' }] } },
            containers: [{ name: 'app', image: 'nginx:1.27' }],
          },
        },
      },
    };
    await c.ok(['apply', '-f', '-'], { input: JSON.stringify(deployment) });
    const nodes = await waitFor('three spread replicas bound', async () => {
      const out = await c.ok(['get', 'pods', '-l', 'app=spread', '-o', 'jsonpath={.items[*].spec.nodeName}']);
      const names = out.split(' ').filter(Boolean);
      return names.length === 3 ? names.sort() : undefined;
    });
    expect(nodes).toEqual(['worker-1', 'worker-2', 'worker-3']);
  });

  it('spreads pods evenly over zones with a topology spread constraint', async () => {
    const constraint = [{ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: 'zonal' } } }];
    for (const i of [1, 2, 3, 4]) {
      await c.ok(['apply', '-f', '-'], { input: pod(`zonal-${i}`, { topologySpreadConstraints: constraint }, { app: 'zonal' }) });
      await boundNode(c, `zonal-${i}`);
    }
    const out = await c.ok(['get', 'pods', '-l', 'app=zonal', '-o', 'jsonpath={.items[*].spec.nodeName}']);
    const zones = out.split(' ').map((n) => (n === 'worker-1' || n === 'control-plane' ? 'a' : 'b'));
    expect(zones.filter((z) => z === 'a')).toHaveLength(2);
    expect(zones.filter((z) => z === 'b')).toHaveLength(2);
  });

  it('places no new pods on a cordoned node', async () => {
    await c.ok(['cordon', 'worker-1']);
    await c.ok(['apply', '-f', '-'], { input: pod('wants-worker-1', { nodeSelector: { 'kubernetes.io/hostname': 'worker-1' } }) });
    expect(await unschedulableMessage(c, 'wants-worker-1')).toContain('1 node(s) were unschedulable');
    for (const i of [1, 2, 3]) await c.ok(['apply', '-f', '-'], { input: pod(`after-cordon-${i}`) });
    for (const i of [1, 2, 3]) expect(await boundNode(c, `after-cordon-${i}`)).not.toBe('worker-1');
    await c.ok(['uncordon', 'worker-1']);
    expect(await boundNode(c, 'wants-worker-1')).toBe('worker-1');
  });

  it('leaves pods for my-scheduler Pending until the example script binds them', async () => {
    await c.ok(['apply', '-f', '-'], { input: pod('custom', { schedulerName: 'my-scheduler' }) });
    await new Promise((r) => setTimeout(r, 1500));
    const before = await getPod(c, 'custom');
    expect(before.spec.nodeName).toBeUndefined();
    expect(before.status.conditions ?? []).toEqual([]);
    const run = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn('sh', [SCRIPT, '--once'], { env: { ...c.env(), KUBECTL } });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^default\/custom bound to worker-\d\n$/);
    const node = await boundNode(c, 'custom');
    expect(run.stdout.trim().endsWith(node)).toBe(true);
    const events = await c.ok(['get', 'events', '--field-selector', 'involvedObject.name=custom', '-o', 'jsonpath={.items[*].message}']);
    expect(events).toBe(`Successfully assigned default/custom to ${node}`);
  });
});

describe.skipIf(!ok)('insufficient resources and preemption, through kubectl', () => {
  let c: TestCluster;
  beforeAll(async () => {
    c = await startCluster({ nodeMonitorGracePeriodMs: 600_000 });
    await addNodes(c, [
      ['control-plane', { zone: 'a', taints: CONTROL_PLANE_TAINT }],
      ['worker-1', { zone: 'a' }],
      ['worker-2', { zone: 'b' }],
      ['worker-3', { zone: 'b' }],
    ]);
    await c.ok(['create', 'priorityclass', 'important', '--value=1000']);
    await c.ok(['create', 'priorityclass', 'critical', '--value=2000']);
    for (const i of [1, 2, 3]) {
      const busy = JSON.parse(pod(`busy-${i}`, { priorityClassName: 'important', nodeSelector: { 'kubernetes.io/hostname': `worker-${i}` } })) as { spec: { containers: Array<{ resources: unknown }> } };
      busy.spec.containers[0]!.resources = { requests: { cpu: '1500m' } };
      await c.ok(['apply', '-f', '-'], { input: JSON.stringify(busy) });
      await boundNode(c, `busy-${i}`);
    }
  });
  afterAll(async () => {
    await c?.stop();
  });

  it('leaves a pod that fits nowhere Pending with the exact upstream message', async () => {
    const web = JSON.parse(pod('web-1')) as { spec: { containers: Array<{ resources: unknown }> } };
    web.spec.containers[0]!.resources = { requests: { cpu: '1' } };
    await c.ok(['apply', '-f', '-'], { input: JSON.stringify(web) });
    const message =
      '0/4 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 3 Insufficient cpu. ' +
      'preemption: 0/4 nodes are available: 1 Preemption is not helpful for scheduling, 3 No preemption victims found for incoming pod.';
    expect(await unschedulableMessage(c, 'web-1')).toBe(message);
    expect(await c.ok(['get', 'pod', 'web-1', '-o', 'jsonpath={.status.phase}'])).toBe('Pending');
    const events = await c.ok(['get', 'events', '--field-selector', 'involvedObject.name=web-1,reason=FailedScheduling', '-o', 'jsonpath={.items[*].message}']);
    expect(events).toBe(message);
  });

  it('preempts a lower-priority pod for a higher-priority one', async () => {
    const urgent = JSON.parse(pod('urgent', { priorityClassName: 'critical' })) as { spec: { containers: Array<{ resources: unknown }> } };
    urgent.spec.containers[0]!.resources = { requests: { cpu: '1' } };
    await c.ok(['apply', '-f', '-'], { input: JSON.stringify(urgent) });
    const nominated = await waitFor('urgent to be nominated', async () => (await getPod(c, 'urgent')).status.nominatedNodeName || undefined);
    const victim = `busy-${nominated.slice('worker-'.length)}`;
    const v = await getPod(c, victim);
    expect(v.metadata.deletionTimestamp).toBeDefined();
    expect(v.status.conditions?.find((x) => x.type === 'DisruptionTarget')).toMatchObject({ status: 'True', reason: 'PreemptionByScheduler' });
    const events = await c.ok(['get', 'events', '--field-selector', `involvedObject.name=${victim},reason=Preempted`, '-o', 'jsonpath={.items[*].message}']);
    expect(events).toMatch(new RegExp(`^Preempted by pod [0-9a-f-]+ on node ${nominated}$`));
    // No kubelet runs on these nodes to finish the graceful deletion: do what it would.
    await c.ok(['delete', 'pod', victim, '--grace-period=0', '--force']);
    expect(await boundNode(c, 'urgent')).toBe(nominated);
  });
});
