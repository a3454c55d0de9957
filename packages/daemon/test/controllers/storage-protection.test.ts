import type { KubeObject } from '@kubelab/core';
import { afterEach, describe, expect, it } from 'vitest';
import { standardStorageClass } from '../../src/controllers/volume/provisioner/hostpath-provisioner.js';
import { PODS, type TestCluster, find, pod, startCluster } from './cluster.js';
import { PVCS, PVS, STORAGE_CLASSES, bindPod, finishPod, settle } from './workloads.js';

let cluster: TestCluster;

afterEach(async () => {
  await cluster?.stop();
});

async function start(): Promise<void> {
  cluster = await startCluster({
    controllers: ['persistentvolume-binder-controller', 'hostpath-provisioner', 'persistentvolumeclaim-protection-controller', 'persistentvolume-protection-controller'],
  });
  await cluster.client.create(STORAGE_CLASSES, standardStorageClass());
}

function claim(name: string): KubeObject {
  return { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name, namespace: 'default' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } };
}

function podWithClaim(name: string, claimName: string): KubeObject {
  const p = pod('default', name);
  (p['spec'] as Record<string, unknown>)['volumes'] = [{ name: 'data', persistentVolumeClaim: { claimName } }];
  return p;
}

/** Creates a claim, waits until it is Bound and protected, and answers its volume's name. */
async function boundClaim(name: string): Promise<string> {
  await cluster.client.create(PVCS, claim(name));
  const bound = await cluster.eventually(async () => {
    const found = await find(cluster.client, PVCS, name, 'default');
    expect(phase(found)).toBe('Bound');
    expect(finalizers(found)).toContain('kubernetes.io/pvc-protection');
    return found!;
  });
  return (bound['spec'] as { volumeName: string }).volumeName;
}

const finalizers = (o: KubeObject | undefined) => o?.metadata?.finalizers ?? [];
const phase = (o: KubeObject | undefined) => (o?.['status'] as { phase?: string } | undefined)?.phase;

describe('PVC and PV protection', () => {
  it('gives every claim and volume its protection finalizer', async () => {
    await start();
    await cluster.client.create(PVCS, claim('data'));
    const bound = await cluster.eventually(async () => {
      const c = await find(cluster.client, PVCS, 'data', 'default');
      expect(phase(c)).toBe('Bound');
      expect(finalizers(c)).toEqual(['kubernetes.io/pvc-protection']);
      return c!;
    });
    const volume = (bound['spec'] as { volumeName: string }).volumeName;
    await cluster.eventually(async () => expect(finalizers(await find(cluster.client, PVS, volume))).toEqual(['kubernetes.io/pv-protection']));
  });

  it('keeps a claim a scheduled pod uses Terminating until the pod is gone, then the claim and its volume go', async () => {
    await start();
    const { client } = cluster;
    const volume = await boundClaim('data');
    const user = await client.create(PODS, podWithClaim('db', 'data'));
    await bindPod(client, user, 'node-a');
    // A pod that never got scheduled does not hold a claim: only the scheduled one counts.
    await client.create(PODS, podWithClaim('pending', 'data'));

    await client.delete(PVCS, 'data', { namespace: 'default' });
    await settle(cluster.clock, 50);
    const held = await find(client, PVCS, 'data', 'default');
    expect(held?.metadata?.deletionTimestamp).toBeDefined();
    expect(finalizers(held)).toEqual(['kubernetes.io/pvc-protection']);
    expect(phase(await find(client, PVS, volume))).toBe('Bound');

    // Completed still counts, as upstream: the pod must go.
    await finishPod(client, cluster.clock, user, 'Succeeded');
    await settle(cluster.clock, 50);
    expect(await find(client, PVCS, 'data', 'default')).toBeDefined();

    await client.delete(PODS, 'db', { namespace: 'default', gracePeriodSeconds: 0 });
    await cluster.eventually(async () => expect(await find(client, PVCS, 'data', 'default')).toBeUndefined());
    // The volume is Released, reclaimed (Delete), and its own finalizer lifted.
    await cluster.eventually(async () => expect(await find(client, PVS, volume)).toBeUndefined());
  });

  it('keeps a deleted volume while it is Bound, and lets it go once its claim has gone', async () => {
    await start();
    const { client } = cluster;
    const volume = await boundClaim('data');
    await cluster.eventually(async () => expect(finalizers(await find(client, PVS, volume))).toContain('kubernetes.io/pv-protection'));
    await client.delete(PVS, volume);
    await settle(cluster.clock, 50);
    const held = await find(client, PVS, volume);
    expect(held?.metadata?.deletionTimestamp).toBeDefined();
    expect(phase(held)).toBe('Bound');

    await client.delete(PVCS, 'data', { namespace: 'default' });
    await cluster.eventually(async () => expect(await find(client, PVS, volume)).toBeUndefined());
    expect(await find(client, PVCS, 'data', 'default')).toBeUndefined();
  });
});
