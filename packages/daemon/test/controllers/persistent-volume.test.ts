import type { KubeObject } from '@kubelab/core';
import { afterEach, describe, expect, it } from 'vitest';
import { standardStorageClass } from '../../src/controllers/volume/provisioner/hostpath-provisioner.js';
import { EVENTS, type TestCluster, find, startCluster } from './cluster.js';
import { PVCS, PVS, STORAGE_CLASSES } from './workloads.js';

let cluster: TestCluster;

afterEach(async () => {
  await cluster?.stop();
});

async function start(): Promise<void> {
  cluster = await startCluster({ controllers: ['persistentvolume-binder-controller', 'hostpath-provisioner'] });
  // kubelabd's bootstrap makes the default class; the test cluster does not bootstrap.
  await cluster.client.create(STORAGE_CLASSES, standardStorageClass());
}

function claim(name: string, storage: string, extra: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name, namespace: 'default' },
    spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage } }, ...extra },
  };
}

function phase(o: KubeObject | undefined): string | undefined {
  return (o?.['status'] as { phase?: string } | undefined)?.phase;
}

async function eventsOf(name: string) {
  const all = (await cluster.client.list(EVENTS, { namespace: 'default' })).items as Array<
    KubeObject & { involvedObject: { name: string }; reason: string; message: string; source: { component: string } }
  >;
  return all.filter((e) => e.involvedObject.name === name).map((e) => ({ reason: e.reason, message: e.message, component: e.source.component }));
}

describe('PersistentVolume binder and the hostpath provisioner', () => {
  it('binds a claim of the default class to a volume the provisioner makes for it, and deletes the volume with the claim', async () => {
    await start();
    const { client } = cluster;
    const created = await client.create(PVCS, claim('data', '1Gi'));
    // DefaultStorageClass admission filled in the class.
    expect((created['spec'] as { storageClassName: string }).storageClassName).toBe('standard');
    const uid = created.metadata!.uid!;

    const bound = await cluster.eventually(async () => {
      const c = await client.get(PVCS, 'data', { namespace: 'default' });
      expect(phase(c)).toBe('Bound');
      return c;
    });
    const pvName = `pvc-${uid}`;
    expect(bound['spec']).toMatchObject({ volumeName: pvName });
    expect(bound['status']).toEqual({ phase: 'Bound', accessModes: ['ReadWriteOnce'], capacity: { storage: '1Gi' } });
    expect(bound.metadata?.annotations).toEqual({
      'pv.kubernetes.io/bind-completed': 'yes',
      'pv.kubernetes.io/bound-by-controller': 'yes',
      'volume.kubernetes.io/storage-provisioner': 'kubelab.io/hostpath',
      'volume.beta.kubernetes.io/storage-provisioner': 'kubelab.io/hostpath',
    });

    const pv = await cluster.eventually(async () => {
      const v = await client.get(PVS, pvName);
      expect(phase(v)).toBe('Bound');
      return v;
    });
    expect(pv.metadata?.annotations).toEqual({ 'pv.kubernetes.io/provisioned-by': 'kubelab.io/hostpath' });
    expect(pv['spec']).toMatchObject({
      capacity: { storage: '1Gi' },
      accessModes: ['ReadWriteOnce'],
      persistentVolumeReclaimPolicy: 'Delete',
      storageClassName: 'standard',
      volumeMode: 'Filesystem',
      claimRef: { kind: 'PersistentVolumeClaim', namespace: 'default', name: 'data', uid, apiVersion: 'v1' },
      hostPath: { path: `/var/lib/kubelab/storage/${pvName}_default_data`, type: 'DirectoryOrCreate' },
    });

    const events = await cluster.eventually(async () => {
      const e = await eventsOf('data');
      expect(e.map((x) => x.reason)).toContain('ProvisioningSucceeded');
      return e;
    });
    expect(events).toContainEqual({
      reason: 'ExternalProvisioning',
      component: 'persistentvolume-controller',
      message:
        "Waiting for a volume to be created either by the external provisioner 'kubelab.io/hostpath' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.",
    });
    expect(events).toContainEqual(expect.objectContaining({ reason: 'Provisioning', message: 'External provisioner is provisioning volume for claim "default/data"' }));
    expect(events).toContainEqual(expect.objectContaining({ reason: 'ProvisioningSucceeded', message: `Successfully provisioned volume ${pvName}` }));
    expect(events.find((e) => e.reason === 'ProvisioningSucceeded')!.component).toMatch(/^kubelab\.io\/hostpath_kubelabd_/);

    // The claim goes: the volume is Released and, by its Delete policy, deleted.
    await client.delete(PVCS, 'data', { namespace: 'default' });
    await cluster.eventually(async () => expect(await find(client, PVS, pvName)).toBeUndefined());
  });

  it('binds a claim to the smallest available volume that fits, and keeps a Retain volume Released after the claim goes', async () => {
    await start();
    const { client } = cluster;
    for (const [name, size] of [
      ['small', '1Gi'],
      ['medium', '5Gi'],
      ['large', '10Gi'],
    ] as const) {
      await client.create(PVS, {
        apiVersion: 'v1',
        kind: 'PersistentVolume',
        metadata: { name },
        spec: { capacity: { storage: size }, accessModes: ['ReadWriteOnce'], storageClassName: 'manual', hostPath: { path: `/srv/${name}` } },
      });
    }
    await cluster.eventually(async () => expect(phase(await client.get(PVS, 'small'))).toBe('Available'));
    await client.create(PVCS, claim('logs', '3Gi', { storageClassName: 'manual' }));
    await cluster.eventually(async () => expect(phase(await client.get(PVCS, 'logs', { namespace: 'default' }))).toBe('Bound'));
    const medium = await cluster.eventually(async () => {
      const v = await client.get(PVS, 'medium');
      expect(phase(v)).toBe('Bound');
      return v;
    });
    expect(medium.metadata?.annotations).toEqual({ 'pv.kubernetes.io/bound-by-controller': 'yes' });
    expect((medium['spec'] as { claimRef: { name: string } }).claimRef.name).toBe('logs');
    expect(phase(await client.get(PVS, 'small'))).toBe('Available');
    expect(phase(await client.get(PVS, 'large'))).toBe('Available');

    await client.delete(PVCS, 'logs', { namespace: 'default' });
    await cluster.eventually(async () => expect(phase(await client.get(PVS, 'medium'))).toBe('Released'));
    expect((await client.get(PVS, 'medium'))['spec']).toMatchObject({ persistentVolumeReclaimPolicy: 'Retain' });
  });

  it('says why a claim stays Pending: no class and no volume, or a class that does not exist', async () => {
    await start();
    const { client } = cluster;
    await client.create(PVCS, claim('classless', '1Gi', { storageClassName: '' }));
    await client.create(PVCS, claim('typo', '1Gi', { storageClassName: 'fast-ssd' }));
    await cluster.eventually(async () => {
      expect(await eventsOf('classless')).toContainEqual({
        reason: 'FailedBinding',
        message: 'no persistent volumes available for this claim and no storage class is set',
        component: 'persistentvolume-controller',
      });
      expect(await eventsOf('typo')).toContainEqual({
        reason: 'ProvisioningFailed',
        message: 'storageclass.storage.k8s.io "fast-ssd" not found',
        component: 'persistentvolume-controller',
      });
    });
    expect(phase(await client.get(PVCS, 'classless', { namespace: 'default' }))).toBe('Pending');
    expect(phase(await client.get(PVCS, 'typo', { namespace: 'default' }))).toBe('Pending');
    expect((await client.list(PVS)).items).toEqual([]);
  });
});
