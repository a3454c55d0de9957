import { afterEach, describe, expect, it } from 'vitest';
import { NAMESPACES, type TestCluster, startCluster } from './cluster.js';
import {
  CONTROLLER_REVISIONS,
  type Obj,
  PODS,
  PVCS,
  STATEFUL_SETS,
  active,
  eventsOf,
  kubeletStep,
  listPods,
  podTemplate,
  settle,
} from './workloads.js';

let cluster: TestCluster;

afterEach(async () => {
  await cluster?.stop();
});

const NS = 'sts';

async function stsCluster(): Promise<TestCluster> {
  cluster = await startCluster({ controllers: ['statefulset-controller'] });
  await cluster.client.create(NAMESPACES, { metadata: { name: NS } });
  return cluster;
}

function statefulSet(name: string, replicas: number, spec: Record<string, unknown> = {}): Obj {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name, namespace: NS },
    spec: { replicas, serviceName: name, selector: { matchLabels: { app: name } }, template: podTemplate({ app: name }), ...spec },
  };
}

const www = [{ metadata: { name: 'www' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }];

async function getSts(name: string): Promise<Obj> {
  return cluster.client.get(STATEFUL_SETS, name, { namespace: NS }) as Promise<Obj>;
}

const names = async () => active(await listPods(cluster.client, NS)).map((p) => p.metadata.name).sort();

/** Plays kubelet until the set reports every replica ready at one revision. */
async function settled(name: string, replicas: number): Promise<Obj> {
  return cluster.eventually(async () => {
    await kubeletStep(cluster.client, cluster.clock, NS);
    const s = await getSts(name);
    expect(s.status).toMatchObject({ replicas, readyReplicas: replicas, updatedReplicas: replicas, observedGeneration: s.metadata.generation });
    expect(s.status.currentRevision).toBe(s.status.updateRevision);
    return s;
  });
}

describe('StatefulSet controller', () => {
  it('creates web-0, web-1, web-2 in order, each after the one before is ready, with their claims', async () => {
    const { client, clock, eventually } = await stsCluster();
    await client.create(STATEFUL_SETS, statefulSet('web', 3, { volumeClaimTemplates: www }));
    await eventually(async () => expect(await names()).toEqual(['web-0']));
    await settle(clock);
    expect(await names()).toEqual(['web-0']);
    const seen: string[][] = [];
    const done = await eventually(async () => {
      // One step of the kubelet per round: the next pod comes only after this one is ready.
      await kubeletStep(client, clock, NS);
      seen.push(await names());
      const s = await getSts('web');
      expect(s.status.readyReplicas).toBe(3);
      return s;
    });
    expect(seen.every((n, i) => i === 0 || n.length - seen[i - 1]!.length <= 1)).toBe(true);
    const pod = (await client.get(PODS, 'web-1', { namespace: NS })) as Obj;
    expect(pod.metadata.labels).toMatchObject({
      app: 'web',
      'statefulset.kubernetes.io/pod-name': 'web-1',
      'apps.kubernetes.io/pod-index': '1',
      'controller-revision-hash': done.status.updateRevision,
    });
    expect(pod.spec).toMatchObject({ hostname: 'web-1', subdomain: 'web' });
    expect(pod.spec.volumes).toContainEqual({ name: 'www', persistentVolumeClaim: { claimName: 'www-web-1' } });
    const claims = ((await client.list(PVCS, { namespace: NS })).items as Obj[]).map((c) => c.metadata.name).sort();
    expect(claims).toEqual(['www-web-0', 'www-web-1', 'www-web-2']);
    const [rev] = (await client.list(CONTROLLER_REVISIONS, { namespace: NS })).items as Obj[];
    expect(done.status).toMatchObject({ replicas: 3, currentReplicas: 3, updatedReplicas: 3, availableReplicas: 3, currentRevision: rev!.metadata.name });
    expect(rev!.metadata.name).toMatch(/^web-[a-z0-9]+$/);
    await eventually(async () => {
      const messages = (await eventsOf(client, NS, 'web')).map((e) => e.message);
      expect(messages.slice(0, 2)).toEqual(['create Claim www-web-0 Pod web-0 in StatefulSet web success', 'create Pod web-0 in StatefulSet web successful']);
    });
  });

  it('creates every pod at once with podManagementPolicy Parallel', async () => {
    const { eventually, client } = await stsCluster();
    await client.create(STATEFUL_SETS, statefulSet('web', 3, { podManagementPolicy: 'Parallel' }));
    await eventually(async () => expect(await names()).toEqual(['web-0', 'web-1', 'web-2']));
  });

  it('scales down from the highest ordinal, one pod at a time', async () => {
    const { client } = await stsCluster();
    await client.create(STATEFUL_SETS, statefulSet('web', 3));
    await settled('web', 3);
    await client.patch(STATEFUL_SETS, 'web', 'merge', { spec: { replicas: 1 } }, { namespace: NS });
    await cluster.eventually(async () => {
      const deleting = (await listPods(client, NS)).filter((p) => p.metadata.deletionTimestamp).map((p) => p.metadata.name);
      expect(deleting).toEqual(['web-2']);
    });
    await settle(cluster.clock);
    expect(await names()).toEqual(['web-0', 'web-1']);
    await settled('web', 1);
    expect(await names()).toEqual(['web-0']);
  });

  it('rolls out a new template from the highest ordinal down to the partition, then the rest', async () => {
    const { client } = await stsCluster();
    await client.create(STATEFUL_SETS, statefulSet('web', 3, { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 2 } } }));
    const before = await settled('web', 3);
    await client.patch(STATEFUL_SETS, 'web', 'strategic', { spec: { template: { spec: { containers: [{ name: 'app', image: 'nginx:1.28' }] } } } }, { namespace: NS });
    const partial = await cluster.eventually(async () => {
      await kubeletStep(client, cluster.clock, NS);
      const s = await getSts('web');
      expect(s.status).toMatchObject({ observedGeneration: 2, updatedReplicas: 1, currentReplicas: 2, readyReplicas: 3 });
      return s;
    });
    expect(partial.status.currentRevision).toBe(before.status.currentRevision);
    expect(partial.status.updateRevision).not.toBe(before.status.currentRevision);
    const image = async (name: string) => ((await client.get(PODS, name, { namespace: NS })) as Obj).spec.containers[0].image;
    expect([await image('web-0'), await image('web-1'), await image('web-2')]).toEqual(['nginx:1.27', 'nginx:1.27', 'nginx:1.28']);

    await client.patch(STATEFUL_SETS, 'web', 'merge', { spec: { updateStrategy: { rollingUpdate: { partition: 0 } } } }, { namespace: NS });
    const done = await settled('web', 3);
    expect(done.status.currentRevision).toBe(partial.status.updateRevision);
    expect([await image('web-0'), await image('web-1'), await image('web-2')]).toEqual(['nginx:1.28', 'nginx:1.28', 'nginx:1.28']);
    const revisions = ((await client.list(CONTROLLER_REVISIONS, { namespace: NS })).items as Obj[]).map((r) => r.revision).sort();
    expect(revisions).toEqual([1, 2]);
  });

  it('with OnDelete changes a pod only when it is deleted', async () => {
    const { client, clock } = await stsCluster();
    await client.create(STATEFUL_SETS, statefulSet('web', 2, { updateStrategy: { type: 'OnDelete' } }));
    await settled('web', 2);
    await client.patch(STATEFUL_SETS, 'web', 'strategic', { spec: { template: { spec: { containers: [{ name: 'app', image: 'nginx:1.28' }] } } } }, { namespace: NS });
    await cluster.eventually(async () => expect((await getSts('web')).status.observedGeneration).toBe(2));
    await settle(clock);
    expect((await listPods(client, NS)).every((p) => !p.metadata.deletionTimestamp)).toBe(true);
    await client.delete(PODS, 'web-1', { namespace: NS, gracePeriodSeconds: 0 });
    await cluster.eventually(async () => {
      await kubeletStep(client, clock, NS);
      const pod = (await client.get(PODS, 'web-1', { namespace: NS })) as Obj;
      expect(pod.spec.containers[0].image).toBe('nginx:1.28');
      expect((await getSts('web')).status).toMatchObject({ updatedReplicas: 1, currentReplicas: 1 });
    });
    expect(((await client.get(PODS, 'web-0', { namespace: NS })) as Obj).spec.containers[0].image).toBe('nginx:1.27');
  });
});
