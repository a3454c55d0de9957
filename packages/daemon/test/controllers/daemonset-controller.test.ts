import { afterEach, describe, expect, it } from 'vitest';
import { NAMESPACES, type TestCluster, startCluster } from './cluster.js';
import {
  CONTROLLER_REVISIONS,
  DAEMON_SETS,
  NODES,
  type Obj,
  active,
  createNode,
  eventsOf,
  finishPod,
  kubeletStep,
  listPods,
  pinnedNode,
  podTemplate,
  settle,
} from './workloads.js';

let cluster: TestCluster;

afterEach(async () => {
  await cluster?.stop();
});

const NS = 'ds';

async function dsCluster(): Promise<TestCluster> {
  cluster = await startCluster({ controllers: ['daemonset-controller'] });
  await cluster.client.create(NAMESPACES, { metadata: { name: NS } });
  return cluster;
}

function daemonSet(name: string, spec: Record<string, unknown> = {}): Obj {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name, namespace: NS },
    spec: { selector: { matchLabels: { app: name } }, template: podTemplate({ app: name }), ...spec },
  };
}

async function getDs(name: string): Promise<Obj> {
  return cluster.client.get(DAEMON_SETS, name, { namespace: NS }) as Promise<Obj>;
}

/** Plays the scheduler (binding each pod where its affinity pins it) and the kubelet. */
function step(options: { hold?: (p: Obj) => boolean } = {}) {
  return kubeletStep(cluster.client, cluster.clock, NS, { node: pinnedNode, hold: options.hold });
}

const byNode = (pods: Obj[]) => Object.fromEntries(active(pods).map((p) => [pinnedNode(p), p]));

describe('DaemonSet controller', () => {
  it('runs one pod on each node that qualifies: node selector, taints, and cordoned nodes included', async () => {
    const { client, eventually } = await dsCluster();
    await createNode(client, 'node-a', { labels: { disk: 'ssd' } });
    await createNode(client, 'node-b', { labels: { disk: 'hdd' } });
    await createNode(client, 'node-c', { labels: { disk: 'ssd' }, taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }] });
    await createNode(client, 'node-d', { labels: { disk: 'ssd' }, unschedulable: true });
    const ds = await client.create(DAEMON_SETS, daemonSet('agent', { template: podTemplate({ app: 'agent' }, 'fluentd:1', { nodeSelector: { disk: 'ssd' } }) }));
    const pods = await eventually(async () => {
      const p = await listPods(client, NS);
      expect(Object.keys(byNode(p)).sort()).toEqual(['node-a', 'node-d']);
      return p;
    });
    const [rev] = (await client.list(CONTROLLER_REVISIONS, { namespace: NS })).items as Obj[];
    const hash = rev!.metadata.labels['controller-revision-hash'];
    expect(rev!.metadata.name).toBe(`agent-${hash}`);
    expect(rev!.revision).toBe(1);
    expect(rev!.data.spec.template.$patch).toBe('replace');
    for (const pod of pods) {
      expect(pod.metadata.name).toMatch(/^agent-[a-z0-9]{5}$/);
      expect(pod.metadata.labels).toEqual({ app: 'agent', 'controller-revision-hash': hash });
      expect(pod.metadata.ownerReferences).toEqual([{ apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'agent', uid: ds.metadata!.uid, controller: true, blockOwnerDeletion: true }]);
      expect(pod.spec.nodeName).toBeUndefined();
      expect(pod.spec.tolerations).toEqual(
        expect.arrayContaining([
          { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
          { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
          { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' },
          { key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' },
        ]),
      );
    }
    await eventually(async () => {
      await step();
      expect((await getDs('agent')).status).toEqual({
        desiredNumberScheduled: 2,
        currentNumberScheduled: 2,
        numberMisscheduled: 0,
        numberReady: 2,
        numberAvailable: 2,
        updatedNumberScheduled: 2,
        observedGeneration: 1,
      });
    });
  });

  it('follows nodes: a new node gets a pod, a node that stops qualifying loses it', async () => {
    const { client, eventually } = await dsCluster();
    await createNode(client, 'node-a', { labels: { role: 'edge' } });
    await client.create(DAEMON_SETS, daemonSet('proxy', { template: podTemplate({ app: 'proxy' }, 'envoy:1', { nodeSelector: { role: 'edge' } }) }));
    await eventually(async () => expect(Object.keys(byNode(await listPods(client, NS)))).toEqual(['node-a']));
    await createNode(client, 'node-b', { labels: { role: 'edge' } });
    await eventually(async () => expect(Object.keys(byNode(await listPods(client, NS))).sort()).toEqual(['node-a', 'node-b']));
    await client.patch(NODES, 'node-a', 'merge', { metadata: { labels: { role: 'core' } } });
    await eventually(async () => expect(Object.keys(byNode(await listPods(client, NS)))).toEqual(['node-b']));
  });

  it('rolls out a new template one node at a time with maxUnavailable 1, recording revisions', async () => {
    const { client, eventually } = await dsCluster();
    for (const n of ['node-a', 'node-b', 'node-c']) await createNode(client, n);
    await client.create(DAEMON_SETS, daemonSet('agent'));
    await eventually(async () => {
      await step();
      expect((await getDs('agent')).status.numberAvailable).toBe(3);
    });
    await client.patch(DAEMON_SETS, 'agent', 'strategic', { spec: { template: { spec: { containers: [{ name: 'app', image: 'nginx:1.28' }] } } } }, { namespace: NS });
    let worst = 3;
    const done = await eventually(async () => {
      let started = 0;
      await step({ hold: (p) => Boolean(p.spec?.nodeName) && p.status?.phase === 'Pending' && started++ > 0 });
      const ready = active(await listPods(client, NS)).filter((p) => p.status?.conditions?.some((c: Obj) => c.type === 'Ready' && c.status === 'True'));
      worst = Math.min(worst, ready.length);
      const ds = await getDs('agent');
      expect(ds.status).toMatchObject({ observedGeneration: 2, updatedNumberScheduled: 3, numberAvailable: 3 });
      return ds;
    });
    expect(worst).toBe(2);
    expect(done.status.numberUnavailable).toBeUndefined();
    const revisions = ((await client.list(CONTROLLER_REVISIONS, { namespace: NS })).items as Obj[]).map((r) => r.revision).sort();
    expect(revisions).toEqual([1, 2]);
    expect(active(await listPods(client, NS)).every((p) => p.spec.containers[0].image === 'nginx:1.28')).toBe(true);
  });

  it('with maxSurge starts the new pod beside the old one and removes the old one once the new is available', async () => {
    const { client, clock, eventually } = await dsCluster();
    await createNode(client, 'node-a');
    await client.create(DAEMON_SETS, daemonSet('agent', { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } } }));
    const [old] = await eventually(async () => {
      await step();
      expect((await getDs('agent')).status.numberAvailable).toBe(1);
      return active(await listPods(client, NS));
    });
    await client.patch(DAEMON_SETS, 'agent', 'strategic', { spec: { template: { spec: { containers: [{ name: 'app', image: 'nginx:1.28' }] } } } }, { namespace: NS });
    // The new pod is created while the old one still runs; held back, it is not ready.
    await eventually(async () => {
      await step({ hold: (p) => p.spec.containers[0].image === 'nginx:1.28' && Boolean(p.spec.nodeName) });
      expect(active(await listPods(client, NS))).toHaveLength(2);
    });
    await settle(clock);
    expect(active(await listPods(client, NS)).map((p) => p.metadata.name)).toContain(old!.metadata.name);
    await eventually(async () => {
      await step();
      const left = active(await listPods(client, NS));
      expect(left).toHaveLength(1);
      expect(left[0]!.spec.containers[0].image).toBe('nginx:1.28');
    });
  });

  it('replaces a failed daemon pod and says so with FailedDaemonPod', async () => {
    const { client, clock, eventually } = await dsCluster();
    await createNode(client, 'node-a');
    await client.create(DAEMON_SETS, daemonSet('agent'));
    const [pod] = await eventually(async () => {
      await step();
      const p = active(await listPods(client, NS));
      expect(p[0]?.status?.phase).toBe('Running');
      return p;
    });
    await finishPod(client, clock, pod!, 'Failed');
    await eventually(async () => {
      await step();
      const pods = active(await listPods(client, NS));
      expect(pods).toHaveLength(1);
      expect(pods[0]!.metadata.name).not.toBe(pod!.metadata.name);
    });
    await eventually(async () =>
      expect(await eventsOf(client, NS, 'agent')).toContainEqual(
        expect.objectContaining({ type: 'Warning', reason: 'FailedDaemonPod', message: `Found failed daemon pod ${NS}/${pod!.metadata.name} on node node-a, will try to kill it` }),
      ),
    );
  });
});
