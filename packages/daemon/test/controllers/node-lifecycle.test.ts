import type { KubeObject } from '@kubelab/core';
import { afterEach, describe, expect, it } from 'vitest';
import { EVENTS, PODS, REPLICA_SETS, type TestCluster, find, startCluster } from './cluster.js';
import { FakeKubelet, NODES, podSpec } from './fake-kubelet.js';

let cluster: TestCluster;
let kubelet: FakeKubelet;

afterEach(async () => {
  await cluster?.stop();
});

interface Taint {
  key: string;
  effect: string;
  timeAdded?: string;
}

async function start(): Promise<void> {
  cluster = await startCluster({ controllers: ['node-lifecycle-controller', 'taint-eviction-controller'] });
  kubelet = new FakeKubelet(cluster.client, cluster.clock);
}

/** Moves time on second by second; the healthy nodes' kubelets keep renewing their leases. */
async function advance(ms: number, healthy: string[]): Promise<void> {
  for (let t = 0; t < ms; t += 1000) {
    for (const n of healthy) await kubelet.renewLease(n);
    cluster.clock.advance(1000);
    for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 1));
  }
}

async function node(name: string): Promise<KubeObject> {
  return cluster.client.get(NODES, name);
}

function taintsOf(n: KubeObject): Taint[] {
  return ((n['spec'] as { taints?: Taint[] }).taints ?? []).map((t) => t);
}

function condition(n: KubeObject, type: string) {
  return (n['status'] as { conditions: Array<{ type: string; status: string; reason: string; message: string }> }).conditions.find((c) => c.type === type);
}

async function eventsAbout(namespace: string, name: string): Promise<Array<{ reason: string; message: string; type: string }>> {
  const all = (await cluster.client.list(EVENTS, { namespace })).items as Array<KubeObject & { involvedObject: { name: string }; reason: string; message: string; type: string }>;
  return all.filter((e) => e.involvedObject.name === name).map((e) => ({ reason: e.reason, message: e.message, type: e.type }));
}

const tolerateUnreachable = (seconds?: number) => [
  { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', ...(seconds === undefined ? {} : { tolerationSeconds: seconds }) },
];

describe('node lifecycle controller', () => {
  it('lifts the not-ready:NoSchedule taint a node registers with once it reports Ready', async () => {
    await start();
    const registered = await kubelet.registerNode('node-a');
    expect(taintsOf(registered)).toEqual([{ key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' }]);
    await cluster.eventually(async () => expect(taintsOf(await node('node-a'))).toEqual([]));
    await cluster.eventually(
      async () =>
        expect(await eventsAbout('default', 'node-a')).toContainEqual({ reason: 'RegisteredNode', message: 'Node node-a event: Registered Node node-a in Controller', type: 'Normal' }),
      { stepMs: 500 },
    );
  });

  it('marks a node whose lease stops being renewed Unknown after the grace period, taints it unreachable, and evicts its pods when their toleration runs out', async () => {
    await start();
    await kubelet.registerNode('node-a');
    await kubelet.registerNode('node-b');
    const owner = { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-5d8f', uid: 'a1b2c3d4-0000-4000-8000-000000000001', controller: true };
    await cluster.client.create(PODS, podSpec('default', 'short', { nodeName: 'node-b', tolerations: tolerateUnreachable(30), ownerReferences: [owner] }));
    await cluster.client.create(PODS, podSpec('default', 'default-toleration', { nodeName: 'node-b' }));
    await cluster.client.create(PODS, podSpec('default', 'forever', { nodeName: 'node-b', tolerations: tolerateUnreachable() }));
    await cluster.client.create(PODS, podSpec('default', 'elsewhere', { nodeName: 'node-a', tolerations: tolerateUnreachable(30) }));
    for (const p of ['short', 'default-toleration', 'forever']) await kubelet.runPod('default', p, { ip: '10.244.2.1' });

    // 35 s of silence from node-b: still within --node-monitor-grace-period (40 s).
    await advance(35_000, ['node-a']);
    expect(condition(await node('node-b'), 'Ready')?.status).toBe('True');

    await advance(15_000, ['node-a']);
    await cluster.eventually(
      async () => {
        const silent = await node('node-b');
        for (const type of ['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure']) {
          expect(condition(silent, type)).toMatchObject({ status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.' });
        }
      },
      { stepMs: 100 },
    );
    expect(condition(await node('node-a'), 'Ready')?.status).toBe('True');
    await cluster.eventually(async () => {
      const taints = taintsOf(await node('node-b'));
      expect(taints.map(({ key, effect }) => ({ key, effect }))).toEqual(
        expect.arrayContaining([
          { key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule' },
          { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' },
        ]),
      );
      expect(taints.find((t) => t.effect === 'NoExecute')?.timeAdded).toMatch(/^\d{4}-\d\d-\d\dT/);
    }, { stepMs: 100 });
    expect(taintsOf(await node('node-a'))).toEqual([]);
    expect(await eventsAbout('default', 'node-b')).toContainEqual({ reason: 'NodeNotReady', message: 'Node node-b status is now: NodeNotReady', type: 'Normal' });
    // Nobody reports for its pods any more: they are marked not Ready.
    const short = await cluster.client.get(PODS, 'short', { namespace: 'default' });
    expect(condition(short, 'Ready')?.status).toBe('False');
    expect(await eventsAbout('default', 'short')).toContainEqual({ reason: 'NodeNotReady', message: 'Node is not ready', type: 'Warning' });

    // 30 s after the taint, the pod tolerating it for 30 s is evicted, the others are not.
    await advance(31_000, ['node-a']);
    const evicted = await cluster.eventually(async () => {
      const p = await cluster.client.get(PODS, 'short', { namespace: 'default' });
      expect(p.metadata?.deletionTimestamp).toBeDefined();
      return p;
    });
    expect(condition(evicted, 'DisruptionTarget')).toMatchObject({ status: 'True', reason: 'DeletionByTaintManager', message: 'Taint manager: deleting due to NoExecute taint' });
    expect(await eventsAbout('default', 'short')).toContainEqual({ reason: 'TaintManagerEviction', message: 'Marking for deletion Pod default/short', type: 'Normal' });
    for (const name of ['default-toleration', 'forever', 'elsewhere']) {
      expect((await cluster.client.get(PODS, name, { namespace: 'default' })).metadata?.deletionTimestamp).toBeUndefined();
    }

    // The admission default (300 s) runs out next; a pod tolerating forever stays.
    await advance(270_000, ['node-a']);
    await cluster.eventually(async () => {
      expect((await cluster.client.get(PODS, 'default-toleration', { namespace: 'default' })).metadata?.deletionTimestamp).toBeDefined();
    });
    expect((await cluster.client.get(PODS, 'forever', { namespace: 'default' })).metadata?.deletionTimestamp).toBeUndefined();
  });

  it('evicts a ReplicaSet’s pod from an unreachable node, and the ReplicaSet replaces it', async () => {
    cluster = await startCluster({ controllers: ['node-lifecycle-controller', 'taint-eviction-controller', 'replicaset-controller'] });
    kubelet = new FakeKubelet(cluster.client, cluster.clock);
    const { client } = cluster;
    await kubelet.registerNode('node-a');
    await kubelet.registerNode('node-b');
    await client.create(REPLICA_SETS, {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name: 'web', namespace: 'default' },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: 'web' } },
        template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'app', image: 'nginx:1.27' }], tolerations: tolerateUnreachable(10) } },
      },
    });
    const first = await cluster.eventually(async () => {
      const [p] = (await client.list(PODS, { namespace: 'default' })).items;
      expect(p).toBeDefined();
      return p!;
    });
    const name = first.metadata!.name!;
    // Play the scheduler and the kubelet: bind it to node-b and run it there.
    const bound = await client.transport.request('POST', `/api/v1/namespaces/default/pods/${name}/binding`, {
      body: JSON.stringify({ apiVersion: 'v1', kind: 'Binding', metadata: { name }, target: { apiVersion: 'v1', kind: 'Node', name: 'node-b' } }),
      contentType: 'application/json',
    });
    expect(bound.status).toBe(201);
    await kubelet.runPod('default', name, { ip: '10.244.2.7' });

    await advance(70_000, ['node-a']);
    const pods = await cluster.eventually(async () => {
      const items = (await client.list(PODS, { namespace: 'default' })).items;
      expect(items).toHaveLength(2);
      return items;
    });
    expect(pods.find((p) => p.metadata?.name === name)?.metadata?.deletionTimestamp).toBeDefined();
    const replacement = pods.find((p) => p.metadata?.name !== name)!;
    expect(replacement.metadata?.deletionTimestamp).toBeUndefined();
    expect(replacement.metadata?.ownerReferences).toEqual([expect.objectContaining({ kind: 'ReplicaSet', name: 'web', controller: true })]);
  });

  it('lifts the unreachable taints and cancels pending evictions when the node reports Ready again', async () => {
    await start();
    await kubelet.registerNode('node-a');
    await kubelet.registerNode('node-b');
    await cluster.client.create(PODS, podSpec('default', 'patient', { nodeName: 'node-b', tolerations: tolerateUnreachable(120) }));
    await advance(50_000, ['node-a']);
    await cluster.eventually(async () => expect(taintsOf(await node('node-b')).some((t) => t.effect === 'NoExecute')).toBe(true), { stepMs: 100 });

    await kubelet.postNodeStatus('node-b', true);
    await kubelet.renewLease('node-b');
    await advance(6_000, ['node-a', 'node-b']);
    await cluster.eventually(async () => expect(taintsOf(await node('node-b'))).toEqual([]));
    expect(condition(await node('node-b'), 'Ready')?.status).toBe('True');
    await cluster.eventually(async () =>
      expect(await eventsAbout('default', 'patient')).toContainEqual({ reason: 'TaintManagerEviction', message: 'Cancelling deletion of Pod default/patient', type: 'Normal' }),
    );
    await advance(130_000, ['node-a', 'node-b']);
    expect(await find(cluster.client, PODS, 'patient', 'default')).toMatchObject({ metadata: { name: 'patient' } });
    expect((await cluster.client.get(PODS, 'patient', { namespace: 'default' })).metadata?.deletionTimestamp).toBeUndefined();
  });

  it('taints a node reporting NotReady not-ready, swapping the unreachable taint for it', async () => {
    await start();
    await kubelet.registerNode('node-a');
    await kubelet.registerNode('node-b');
    await advance(55_000, ['node-a']);
    await cluster.eventually(
      async () => expect(taintsOf(await node('node-b')).map((t) => `${t.key}:${t.effect}`)).toContain('node.kubernetes.io/unreachable:NoExecute'),
      { stepMs: 100 },
    );
    await kubelet.postNodeStatus('node-b', false);
    await advance(6_000, ['node-a', 'node-b']);
    await cluster.eventually(async () =>
      expect(taintsOf(await node('node-b')).map((t) => `${t.key}:${t.effect}`).sort()).toEqual([
        'node.kubernetes.io/not-ready:NoExecute',
        'node.kubernetes.io/not-ready:NoSchedule',
      ]),
    );
  });

  it('taints nothing NoExecute when every node goes silent at once (master disruption mode)', async () => {
    await start();
    await kubelet.registerNode('node-a');
    await kubelet.registerNode('node-b');
    await advance(60_000, []);
    for (const name of ['node-a', 'node-b']) {
      const n = await node(name);
      expect(condition(n, 'Ready')?.status).toBe('Unknown');
      expect(taintsOf(n).filter((t) => t.effect === 'NoExecute')).toEqual([]);
    }
  });
});
