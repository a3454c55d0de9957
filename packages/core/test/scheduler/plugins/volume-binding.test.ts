import { describe, expect, it } from 'vitest';
import type { PersistentVolume, PersistentVolumeClaim, Pod, StorageClass } from '../../../src/scheduler/api/types.js';
import { Snapshot } from '../../../src/scheduler/framework/snapshot.js';
import { VolumeBinding } from '../../../src/scheduler/plugins/volumebinding/volume-binding.js';
import { type FakeCluster, fakeHandle, node, pod } from '../builders.js';
import { filterVerdict } from './harness.js';

const withClaim = (claim: string): Pod => pod('p', { volumes: [{ name: 'data', persistentVolumeClaim: { claimName: claim } }] });
const pvc = (name: string, o: { volumeName?: string; storageClassName?: string; size?: string } = {}): PersistentVolumeClaim => ({
  metadata: { name, namespace: 'default', uid: `pvc-${name}` },
  spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: o.size ?? '1Gi' } }, storageClassName: o.storageClassName, volumeName: o.volumeName },
});
const localPv = (name: string, host: string, o: { size?: string; storageClassName?: string } = {}): PersistentVolume => ({
  metadata: { name },
  spec: {
    capacity: { storage: o.size ?? '10Gi' },
    accessModes: ['ReadWriteOnce'],
    storageClassName: o.storageClassName ?? 'local',
    nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: [host] }] }] } },
  },
});
const wffc: StorageClass = { metadata: { name: 'local' }, provisioner: 'kubernetes.io/no-provisioner', volumeBindingMode: 'WaitForFirstConsumer' };
const immediate: StorageClass = { metadata: { name: 'fast' }, provisioner: 'example.com/csi', volumeBindingMode: 'Immediate' };

describe('VolumeBinding', () => {
  const cases: Array<{ name: string; pod: Pod; cluster: FakeCluster; node: string; want: string }> = [
    { name: 'a pod without claims skips the check', pod: pod('p'), cluster: {}, node: 'n1', want: 'Success' },
    { name: 'a missing claim stops the pod everywhere', pod: withClaim('data'), cluster: {}, node: 'n1', want: 'PreFilter UnschedulableAndUnresolvable: persistentvolumeclaim "data" not found' },
    {
      name: 'an unbound claim of an Immediate class waits for its volume',
      pod: withClaim('data'),
      cluster: { pvcs: [pvc('data', { storageClassName: 'fast' })], storageClasses: [immediate] },
      node: 'n1',
      want: 'PreFilter UnschedulableAndUnresolvable: pod has unbound immediate PersistentVolumeClaims',
    },
    {
      name: "a bound claim's local volume keeps the pod on its node",
      pod: withClaim('data'),
      cluster: { pvcs: [pvc('data', { volumeName: 'pv-n2' })], pvs: [localPv('pv-n2', 'n2')] },
      node: 'n1',
      want: 'UnschedulableAndUnresolvable: node(s) had volume node affinity conflict',
    },
    {
      name: 'a bound claim whose volume is gone fits nowhere',
      pod: withClaim('data'),
      cluster: { pvcs: [pvc('data', { volumeName: 'gone' })] },
      node: 'n1',
      want: 'UnschedulableAndUnresolvable: node(s) unavailable due to one or more pvc(s) bound to non-existent pv(s)',
    },
    {
      name: 'a WaitForFirstConsumer claim fits a node with an available local volume',
      pod: withClaim('data'),
      cluster: { pvcs: [pvc('data', { storageClassName: 'local' })], pvs: [localPv('pv-n1', 'n1')], storageClasses: [wffc] },
      node: 'n1',
      want: 'Success',
    },
    {
      name: 'a WaitForFirstConsumer claim does not fit a node without one',
      pod: withClaim('data'),
      cluster: { pvcs: [pvc('data', { storageClassName: 'local' })], pvs: [localPv('pv-n1', 'n1')], storageClasses: [wffc] },
      node: 'n2',
      want: "UnschedulableAndUnresolvable: node(s) didn't find available persistent volumes to bind",
    },
    {
      name: 'a volume too small does not match',
      pod: withClaim('data'),
      cluster: { pvcs: [pvc('data', { storageClassName: 'local', size: '20Gi' })], pvs: [localPv('pv-n1', 'n1')], storageClasses: [wffc] },
      node: 'n1',
      want: "UnschedulableAndUnresolvable: node(s) didn't find available persistent volumes to bind",
    },
  ];
  it.each(cases)('$name', ({ pod: p, cluster, node: n, want }) => {
    const snap = Snapshot.fromObjects([node('n1'), node('n2')]);
    expect(filterVerdict(new VolumeBinding({}, fakeHandle(snap, cluster)), p, snap.get(n)!, snap.list())).toBe(want);
  });

  it('binds the chosen local volume to the claim before the pod is bound (PreBind)', async () => {
    const { CycleState } = await import('../../../src/scheduler/framework/cycle-state.js');
    const { PodInfo } = await import('../../../src/scheduler/framework/pod-info.js');
    const snap = Snapshot.fromObjects([node('n1')]);
    const handle = fakeHandle(snap, { pvcs: [pvc('data', { storageClassName: 'local' })], pvs: [localPv('pv-n1', 'n1')], storageClasses: [wffc] });
    const vb = new VolumeBinding({}, handle);
    const state = new CycleState();
    const p = new PodInfo(withClaim('data'));
    expect(vb.preFilter(state, p)).toBeNull();
    expect(vb.filter(state, p, snap.get('n1')!)).toBeNull();
    vb.reserve(state, p, 'n1');
    expect(await vb.preBind(state, p, 'n1')).toBeNull();
    expect((handle.api as unknown as { calls: string[] }).calls).toEqual(['update pv pv-n1', 'update pvc data']);
  });
});
