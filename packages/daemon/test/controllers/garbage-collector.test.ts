import type { KubeObject, ResourceType } from '@kubelab/core';
import { afterEach, describe, expect, it } from 'vitest';
import {
  CLUSTER_ROLES,
  CONFIG_MAPS,
  DEPLOYMENTS,
  NAMESPACES,
  PODS,
  REPLICA_SETS,
  type TestCluster,
  configMap,
  find,
  ownerRef,
  pod,
  startCluster,
} from './cluster.js';

let cluster: TestCluster;

afterEach(async () => {
  await cluster?.stop();
});

const NS = 'gc';

async function gcCluster(): Promise<TestCluster> {
  cluster = await startCluster({ controllers: ['garbage-collector-controller'] });
  await cluster.client.create(NAMESPACES, { metadata: { name: NS } });
  return cluster;
}

/** Records the revision at which each object was deleted, from watches on the given kinds. */
async function deletionRevisions(c: TestCluster, kinds: ResourceType[]): Promise<{ revisions: Map<string, number>; close(): void }> {
  const revisions = new Map<string, number>();
  const watches = await Promise.all(kinds.map((rt) => c.client.watch(rt, { namespace: NS, resourceVersion: String(c.backend.revision) })));
  for (const w of watches) {
    void (async () => {
      for await (const ev of w) {
        if (ev.type === 'DELETED') revisions.set(`${ev.object.kind}/${ev.object.metadata!.name}`, Number(ev.object.metadata!.resourceVersion));
      }
    })();
  }
  return { revisions, close: () => watches.forEach((w) => w.close()) };
}

function template(app: string) {
  return {
    selector: { matchLabels: { app } },
    template: { metadata: { labels: { app } }, spec: { containers: [{ name: 'app', image: 'nginx:1.27' }] } },
  };
}

describe('garbage collector', () => {
  it('deletes the dependents of an owner deleted in the background', async () => {
    const { client, eventually } = await gcCluster();
    const owner = await client.create(CONFIG_MAPS, configMap(NS, 'owner'));
    await client.create(PODS, pod(NS, 'p1', { ownerReferences: [ownerRef(owner)] }));
    await client.create(CONFIG_MAPS, configMap(NS, 'c1', { ownerReferences: [ownerRef(owner)] }));
    await client.delete(CONFIG_MAPS, 'owner', { namespace: NS, propagationPolicy: 'Background' });
    await eventually(async () => {
      expect(await find(client, PODS, 'p1', NS)).toBeUndefined();
      expect(await find(client, CONFIG_MAPS, 'c1', NS)).toBeUndefined();
    });
  });

  it('keeps a dependent that still has a live owner, removing only the reference to the dead one', async () => {
    const { client, eventually } = await gcCluster();
    const a = await client.create(CONFIG_MAPS, configMap(NS, 'a'));
    const b = await client.create(CONFIG_MAPS, configMap(NS, 'b'));
    await client.create(CONFIG_MAPS, configMap(NS, 'shared', { ownerReferences: [ownerRef(a), ownerRef(b)] }));
    await client.delete(CONFIG_MAPS, 'a', { namespace: NS });
    await eventually(async () => {
      const shared = await client.get(CONFIG_MAPS, 'shared', { namespace: NS });
      expect(shared.metadata?.ownerReferences?.map((r) => r.name)).toEqual(['b']);
    });
  });

  it('in foreground deletion keeps the owner until its blocking dependents are gone, deleting them first', async () => {
    const { client, clock, eventually } = await gcCluster();
    const owner = await client.create(CONFIG_MAPS, configMap(NS, 'owner'));
    // The blocking dependent has a finalizer of its own, so its deletion takes as long as we like.
    await client.create(PODS, pod(NS, 'blocker', { ownerReferences: [ownerRef(owner, { blockOwnerDeletion: true })], finalizers: ['example.com/hold'] }));
    await client.create(CONFIG_MAPS, configMap(NS, 'free', { ownerReferences: [ownerRef(owner)] }));
    const deletions = await deletionRevisions(cluster, [CONFIG_MAPS, PODS]);

    const marked = (await client.delete(CONFIG_MAPS, 'owner', { namespace: NS, propagationPolicy: 'Foreground' })) as KubeObject;
    expect(marked.metadata?.finalizers).toEqual(['foregroundDeletion']);

    // Both dependents are deleted; the one without blockOwnerDeletion does not hold the owner.
    await eventually(async () => {
      expect(await find(client, CONFIG_MAPS, 'free', NS)).toBeUndefined();
      expect((await client.get(PODS, 'blocker', { namespace: NS })).metadata?.deletionTimestamp).toBeDefined();
    });
    for (let i = 0; i < 10; i++) {
      await new Promise((r) => setTimeout(r, 1));
      clock.advance(1000);
    }
    const waiting = await client.get(CONFIG_MAPS, 'owner', { namespace: NS });
    expect(waiting.metadata?.deletionTimestamp).toBeDefined();
    expect(waiting.metadata?.finalizers).toEqual(['foregroundDeletion']);

    const blocker = await client.get(PODS, 'blocker', { namespace: NS });
    await client.update(PODS, { ...blocker, metadata: { ...blocker.metadata, finalizers: [] } });
    await eventually(async () => expect(await find(client, CONFIG_MAPS, 'owner', NS)).toBeUndefined());
    await eventually(() => expect(deletions.revisions.get('ConfigMap/owner')).toBeDefined());
    expect(deletions.revisions.get('Pod/blocker')!).toBeLessThan(deletions.revisions.get('ConfigMap/owner')!);
    deletions.close();
  });

  it('in foreground deletion goes down a chain of kinds, deepest dependents first', async () => {
    const { client, eventually } = await gcCluster();
    const deployment = await client.create(DEPLOYMENTS, { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: NS }, spec: template('web') });
    const rs = await client.create(REPLICA_SETS, {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name: 'web-5d4f', namespace: NS, ownerReferences: [ownerRef(deployment, { controller: true, blockOwnerDeletion: true })] },
      spec: template('web'),
    });
    await client.create(PODS, pod(NS, 'web-5d4f-x', { labels: { app: 'web' }, ownerReferences: [ownerRef(rs, { controller: true, blockOwnerDeletion: true })] }));
    const deletions = await deletionRevisions(cluster, [DEPLOYMENTS, REPLICA_SETS, PODS]);

    await client.delete(DEPLOYMENTS, 'web', { namespace: NS, propagationPolicy: 'Foreground' });
    await eventually(() => expect(deletions.revisions.size).toBe(3));
    const rev = (key: string) => deletions.revisions.get(key)!;
    expect(rev('Pod/web-5d4f-x')).toBeLessThan(rev('ReplicaSet/web-5d4f'));
    expect(rev('ReplicaSet/web-5d4f')).toBeLessThan(rev('Deployment/web'));
    deletions.close();
  });

  it('with Orphan removes the owner reference from every dependent, then lets the owner go', async () => {
    const { client, eventually } = await gcCluster();
    const owner = await client.create(CONFIG_MAPS, configMap(NS, 'owner'));
    await client.create(PODS, pod(NS, 'p1', { ownerReferences: [ownerRef(owner, { blockOwnerDeletion: true })] }));
    await client.create(CONFIG_MAPS, configMap(NS, 'c1', { ownerReferences: [ownerRef(owner)] }));
    const marked = (await client.delete(CONFIG_MAPS, 'owner', { namespace: NS, propagationPolicy: 'Orphan' })) as KubeObject;
    expect(marked.metadata?.finalizers).toEqual(['orphan']);
    await eventually(async () => expect(await find(client, CONFIG_MAPS, 'owner', NS)).toBeUndefined());
    expect((await client.get(PODS, 'p1', { namespace: NS })).metadata?.ownerReferences).toBeUndefined();
    expect((await client.get(CONFIG_MAPS, 'c1', { namespace: NS })).metadata?.ownerReferences).toBeUndefined();
  });

  it('deletes namespaced dependents of a cluster-scoped owner', async () => {
    const { client, eventually } = await gcCluster();
    const role = await client.create(CLUSTER_ROLES, { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'reader' }, rules: [] });
    await client.create(CONFIG_MAPS, configMap(NS, 'granted', { ownerReferences: [ownerRef(role)] }));
    await client.delete(CLUSTER_ROLES, 'reader');
    await eventually(async () => expect(await find(client, CONFIG_MAPS, 'granted', NS)).toBeUndefined());
  });

  it('deletes an object whose owner never existed', async () => {
    const { client, eventually } = await gcCluster();
    await client.create(CONFIG_MAPS, configMap(NS, 'stray', { ownerReferences: [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'ghost', uid: 'no-such-uid' }] }));
    await eventually(async () => expect(await find(client, CONFIG_MAPS, 'stray', NS)).toBeUndefined());
  });

  it('leaves objects alone whose owners are alive', async () => {
    const { client, clock } = await gcCluster();
    const owner = await client.create(CONFIG_MAPS, configMap(NS, 'owner'));
    await client.create(CONFIG_MAPS, configMap(NS, 'kept', { ownerReferences: [ownerRef(owner)] }));
    for (let i = 0; i < 20; i++) {
      await new Promise((r) => setTimeout(r, 1));
      clock.advance(1000);
    }
    expect(await find(client, CONFIG_MAPS, 'kept', NS)).toBeDefined();
  });
});
