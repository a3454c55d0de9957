import { afterEach, describe, expect, it } from 'vitest';
import { slowStartBatch } from '../../src/controllers/replicaset/slow-start.js';
import { NAMESPACES, type TestCluster, startCluster } from './cluster.js';
import {
  type Obj,
  PODS,
  REPLICA_SETS,
  SERVICE_ACCOUNTS,
  active,
  bindPod,
  condition,
  eventsOf,
  kubeletStep,
  listPods,
  replicaSet,
  setRunning,
  settle,
} from './workloads.js';

let cluster: TestCluster;

afterEach(async () => {
  await cluster?.stop();
});

const NS = 'rs';

async function rsCluster(): Promise<TestCluster> {
  cluster = await startCluster({ controllers: ['replicaset-controller'] });
  await cluster.client.create(NAMESPACES, { metadata: { name: NS } });
  return cluster;
}

async function getRs(name: string): Promise<Obj> {
  return (await cluster.client.get(REPLICA_SETS, name, { namespace: NS })) as Obj;
}

async function scale(name: string, replicas: number): Promise<void> {
  await cluster.client.patch(REPLICA_SETS, name, 'merge', { spec: { replicas } }, { namespace: NS });
}

describe('ReplicaSet controller', () => {
  it('creates the pods with controller references, named after the ReplicaSet, and says so in events', async () => {
    const { client, eventually } = await rsCluster();
    const rs = await client.create(REPLICA_SETS, replicaSet(NS, 'web', 3));
    const pods = await eventually(async () => {
      const p = await listPods(client, NS);
      expect(p).toHaveLength(3);
      return p;
    });
    for (const pod of pods) {
      expect(pod.metadata?.name).toMatch(/^web-[a-z0-9]{5}$/);
      expect(pod.metadata?.labels).toEqual({ app: 'web' });
      expect(pod.metadata?.ownerReferences).toEqual([
        { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid: rs.metadata!.uid, controller: true, blockOwnerDeletion: true },
      ]);
    }
    await eventually(async () => {
      const events = await eventsOf(client, NS, 'web');
      expect(events.filter((e) => e.reason === 'SuccessfulCreate').map((e) => e.message).sort()).toEqual(
        pods.map((p) => `Created pod: ${p.metadata!.name}`).sort(),
      );
      expect(events.every((e) => e.kind === 'ReplicaSet' && e.type === 'Normal')).toBe(true);
    });
    await eventually(async () => {
      const status = (await getRs('web')).status;
      expect(status).toMatchObject({ replicas: 3, fullyLabeledReplicas: 3, observedGeneration: 1 });
      expect(status.readyReplicas).toBeUndefined();
    });
  });

  it('counts ready pods, and available ones only after minReadySeconds', async () => {
    const { client, clock, eventually } = await rsCluster();
    await client.create(REPLICA_SETS, replicaSet(NS, 'web', 2, { minReadySeconds: 30 }));
    await eventually(async () => expect(await listPods(client, NS)).toHaveLength(2));
    await eventually(async () => {
      await kubeletStep(client, clock, NS);
      const status = (await getRs('web')).status;
      expect(status.readyReplicas).toBe(2);
    });
    expect((await getRs('web')).status.availableReplicas).toBeUndefined();
    clock.advance(31_000);
    await eventually(async () => expect((await getRs('web')).status.availableReplicas).toBe(2));
  });

  it('replaces a pod that is deleted, and one relabelled out of its selector, which it releases', async () => {
    const { client, eventually } = await rsCluster();
    await client.create(REPLICA_SETS, replicaSet(NS, 'web', 2));
    const [first, second] = await eventually(async () => {
      const p = await listPods(client, NS);
      expect(p).toHaveLength(2);
      return p;
    });
    await client.delete(PODS, first!.metadata!.name!, { namespace: NS });
    await client.patch(PODS, second!.metadata!.name!, 'merge', { metadata: { labels: { app: 'debug' } } }, { namespace: NS });
    await eventually(async () => {
      const pods = await listPods(client, NS, 'app=web');
      expect(pods).toHaveLength(2);
      expect(pods.map((p) => p.metadata!.name)).not.toContain(first!.metadata!.name);
      const released = (await client.get(PODS, second!.metadata!.name!, { namespace: NS })) as Obj;
      expect(released.metadata?.ownerReferences ?? []).toEqual([]);
    });
  });

  it('adopts a matching orphan pod instead of creating one', async () => {
    const { client, eventually } = await rsCluster();
    await client.create(PODS, { metadata: { name: 'stray', namespace: NS, labels: { app: 'web' } }, spec: { containers: [{ name: 'app', image: 'nginx' }] } });
    const rs = await client.create(REPLICA_SETS, replicaSet(NS, 'web', 2));
    await eventually(async () => {
      const pods = await listPods(client, NS);
      expect(pods).toHaveLength(2);
      const stray = pods.find((p) => p.metadata!.name === 'stray')!;
      expect(stray.metadata?.ownerReferences?.[0]).toMatchObject({ kind: 'ReplicaSet', uid: rs.metadata!.uid, controller: true });
    });
  });

  it('scales down unscheduled pods first, then pending, then not ready, keeping the ready one', async () => {
    const { client, clock, eventually } = await rsCluster();
    await client.create(REPLICA_SETS, replicaSet(NS, 'web', 4));
    const pods = await eventually(async () => {
      const p = await listPods(client, NS);
      expect(p).toHaveLength(4);
      return p;
    });
    const [unscheduled, pending, notReady, ready] = pods as [Obj, Obj, Obj, Obj];
    for (const p of [pending, notReady, ready]) await bindPod(client, p, 'node-1');
    await setRunning(client, clock, notReady, { ready: false });
    await setRunning(client, clock, ready, { ready: true });
    await eventually(async () => expect((await getRs('web')).status.readyReplicas).toBe(1));

    const gone = async () => (await listPods(client, NS)).filter((p) => p.metadata?.deletionTimestamp).map((p) => p.metadata!.name);
    await scale('web', 3);
    // The unscheduled pod has no kubelet to wait for: it goes at once.
    await eventually(async () => expect((await listPods(client, NS)).map((p) => p.metadata!.name)).not.toContain(unscheduled.metadata!.name));
    await scale('web', 2);
    await eventually(async () => expect(await gone()).toEqual([pending.metadata!.name]));
    await scale('web', 1);
    await eventually(async () => expect((await gone()).sort()).toEqual([pending.metadata!.name, notReady.metadata!.name].sort()));
    await settle(clock);
    expect(active(await listPods(client, NS)).map((p) => p.metadata!.name)).toEqual([ready.metadata!.name]);
    const deleted = (await eventsOf(client, NS, 'web')).filter((e) => e.reason === 'SuccessfulDelete').map((e) => e.message);
    expect(deleted).toEqual([`Deleted pod: ${unscheduled.metadata!.name}`, `Deleted pod: ${pending.metadata!.name}`, `Deleted pod: ${notReady.metadata!.name}`]);
  });

  it('among ready pods deletes the lowest pod-deletion-cost first', async () => {
    const { client, clock, eventually } = await rsCluster();
    await client.create(REPLICA_SETS, replicaSet(NS, 'web', 3));
    const pods = await eventually(async () => {
      await kubeletStep(client, clock, NS);
      const p = await listPods(client, NS);
      expect(p.filter((x) => x.status?.phase === 'Running')).toHaveLength(3);
      return p;
    });
    const [cheap, dear, plain] = pods as [Obj, Obj, Obj];
    const cost = (p: Obj, c: string) =>
      client.patch(PODS, p.metadata!.name!, 'merge', { metadata: { annotations: { 'controller.kubernetes.io/pod-deletion-cost': c } } }, { namespace: NS });
    await cost(cheap, '-100');
    await cost(dear, '1000');
    await scale('web', 2);
    await eventually(async () => {
      const deleting = (await listPods(client, NS)).filter((p) => p.metadata?.deletionTimestamp).map((p) => p.metadata!.name);
      expect(deleting).toEqual([cheap.metadata!.name]);
    });
    await scale('web', 1);
    await eventually(async () => {
      const left = active(await listPods(client, NS)).map((p) => p.metadata!.name);
      expect(left).toEqual([dear.metadata!.name]);
    });
    expect(plain.metadata!.name).not.toBe(dear.metadata!.name);
  });

  it('reports FailedCreate and the ReplicaFailure condition while pods cannot be created, and clears it', async () => {
    const { client, eventually } = await rsCluster();
    await client.create(REPLICA_SETS, replicaSet(NS, 'web', 2, { template: { metadata: { labels: { app: 'web' } }, spec: { serviceAccountName: 'robot', containers: [{ name: 'app', image: 'nginx' }] } } }));
    await eventually(async () => {
      const rs = await getRs('web');
      const failure = condition(rs, 'ReplicaFailure');
      expect(failure).toMatchObject({ status: 'True', reason: 'FailedCreate' });
      expect(failure!.message).toContain('serviceaccount "robot" not found');
      const events = await eventsOf(client, NS, 'web');
      expect(events.find((e) => e.reason === 'FailedCreate')).toMatchObject({ type: 'Warning' });
      expect(events.find((e) => e.reason === 'FailedCreate')!.message).toMatch(/^Error creating: .*serviceaccount "robot" not found/);
    });
    await client.create(SERVICE_ACCOUNTS, { metadata: { name: 'robot', namespace: NS } });
    await eventually(
      async () => {
        const rs = await getRs('web');
        expect(condition(rs, 'ReplicaFailure')).toBeUndefined();
        expect(rs.status.replicas).toBe(2);
      },
      { stepMs: 1000 },
    );
  });
});

describe('slow-start batches', () => {
  it('tries 1, then 2, 4, 8 … at a time and stops after the first batch with a failure', async () => {
    const calls: number[] = [];
    const failAt = (bad: number) => async (i: number) => {
      calls.push(i);
      if (i === bad) throw new Error(`create ${i} refused`);
    };
    // The very first create fails: nothing more is tried (one event, one error, not 10).
    expect(await slowStartBatch(10, 1, failAt(0))).toEqual({ successes: 0, error: new Error('create 0 refused') });
    expect(calls).toEqual([0]);
    // Index 3 is in the third batch (3..6): that batch completes, the fourth never starts.
    calls.length = 0;
    const result = await slowStartBatch(10, 1, failAt(3));
    expect(result.successes).toBe(6);
    expect(calls.sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    calls.length = 0;
    expect(await slowStartBatch(10, 1, failAt(-1))).toEqual({ successes: 10 });
    expect(calls).toHaveLength(10);
  });
});
