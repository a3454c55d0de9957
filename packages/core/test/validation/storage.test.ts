import { describe, expect, it } from 'vitest';
import { createError, object, updateError } from '../write-path.js';

const PV = 'PersistentVolume "web" is invalid: ';
const PVC = 'PersistentVolumeClaim "web" is invalid: ';
const SC = 'StorageClass.storage.k8s.io "web" is invalid: ';

const pv = (spec: Record<string, unknown>) =>
  object('PersistentVolume', { spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], hostPath: { path: '/srv/pv' }, ...spec } });
const pvc = (spec: Record<string, unknown> = {}, status?: Record<string, unknown>) =>
  object('PersistentVolumeClaim', { spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, ...spec }, ...(status ? { status } : {}) });

describe('persistent volumes', () => {
  it.each([
    ['accepts a hostPath volume', {}, undefined],
    ['requires access modes', { accessModes: [] }, `${PV}spec.accessModes: Required value`],
    [
      'refuses unknown access modes',
      { accessModes: ['ReadWriteSometimes'] },
      `${PV}spec.accessModes: Unsupported value: "ReadWriteSometimes": supported values: "ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"`,
    ],
    ['requires a positive capacity', { capacity: { storage: '0' } }, `${PV}spec.capacity[storage]: Invalid value: "0": must be greater than zero`],
    ['allows one source', { nfs: { server: 'nfs', path: '/x' } }, `${PV}spec.nfs: Forbidden: may not specify more than 1 volume type`],
    ['requires a source', { hostPath: undefined }, `${PV}spec: Required value: must specify a volume type`],
    [
      'requires node affinity for local volumes',
      { hostPath: undefined, local: { path: '/mnt/disk' } },
      `${PV}spec.nodeAffinity: Required value: Local volume requires node affinity`,
    ],
    [
      'refuses unknown reclaim policies',
      { persistentVolumeReclaimPolicy: 'Keep' },
      `${PV}spec.persistentVolumeReclaimPolicy: Unsupported value: "Keep": supported values: "Delete", "Recycle", "Retain"`,
    ],
  ])('%s', (_name, spec, message) => {
    expect(createError(pv(spec))).toBe(message);
  });

  it('keeps the volume source (upstream adds a diff below this line)', () => {
    expect(updateError(pv({ hostPath: { path: '/srv/other' } }), pv({}))).toBe(
      `${PV}spec.persistentvolumesource: Forbidden: spec.persistentvolumesource is immutable after creation`,
    );
  });

  it('allows changing the reclaim policy', () => {
    expect(updateError(pv({ persistentVolumeReclaimPolicy: 'Delete' }), pv({}))).toBeUndefined();
  });
});

describe('persistent volume claims', () => {
  it.each([
    ['accepts a claim', {}, undefined],
    ['requires access modes', { accessModes: [] }, `${PVC}spec.accessModes: Required value: at least 1 access mode is required`],
    ['requires a storage request', { resources: {} }, `${PVC}spec.resources[storage]: Required value`],
    ['requires a positive storage request', { resources: { requests: { storage: '0' } } }, `${PVC}spec.resources[storage]: Invalid value: "0": must be greater than zero`],
    [
      'keeps ReadWriteOncePod alone',
      { accessModes: ['ReadWriteOncePod', 'ReadWriteOnce'] },
      `${PVC}spec.accessModes: Forbidden: may not use ReadWriteOncePod with other access modes`,
    ],
    ['refuses unknown volume modes', { volumeMode: 'Raw' }, `${PVC}spec.volumeMode: Unsupported value: "Raw": supported values: "Block", "Filesystem"`],
  ])('%s', (_name, spec, message) => {
    expect(createError(pvc(spec))).toBe(message);
  });

  const IMMUTABLE = `${PVC}spec: Forbidden: spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims`;

  it.each([
    ['growing a bound claim', pvc({ resources: { requests: { storage: '2Gi' } } }, { phase: 'Bound' }), pvc({}, { phase: 'Bound' }), undefined],
    ['binding a claim to a volume', pvc({ volumeName: 'pv-1' }), pvc(), undefined],
    ['growing an unbound claim', pvc({ resources: { requests: { storage: '2Gi' } } }), pvc(), IMMUTABLE],
    ['changing the access modes', pvc({ accessModes: ['ReadWriteMany'] }), pvc(), IMMUTABLE],
  ])('update: %s', (_name, next, old, message) => {
    expect(updateError(next, old)).toBe(message);
  });
});

describe('storage classes', () => {
  const sc = (body: Record<string, unknown>) => object('StorageClass', { provisioner: 'example.com/disk', ...body });

  it.each([
    ['accepts a provisioner', {}, undefined],
    ['requires a provisioner', { provisioner: '' }, `${SC}provisioner: Required value`],
    ['refuses Recycle', { reclaimPolicy: 'Recycle' }, `${SC}reclaimPolicy: Unsupported value: "Recycle": supported values: "Delete", "Retain"`],
    [
      'refuses unknown binding modes',
      { volumeBindingMode: 'Later' },
      `${SC}volumeBindingMode: Unsupported value: "Later": supported values: "Immediate", "WaitForFirstConsumer"`,
    ],
  ])('%s', (_name, body, message) => {
    expect(createError(sc(body))).toBe(message);
  });

  it.each([
    ['parameters', { parameters: { type: 'ssd' } }, `${SC}parameters: Forbidden: updates to parameters are forbidden.`],
    ['the provisioner', { provisioner: 'example.com/other' }, `${SC}provisioner: Forbidden: updates to provisioner are forbidden.`],
    ['the binding mode', { volumeBindingMode: 'WaitForFirstConsumer' }, `${SC}volumeBindingMode: Invalid value: "WaitForFirstConsumer": field is immutable`],
  ])('keeps %s', (_name, body, message) => {
    expect(updateError(sc(body), sc({}))).toBe(message);
  });

  it('allows changing allowVolumeExpansion', () => {
    expect(updateError(sc({ allowVolumeExpansion: true }), sc({}))).toBeUndefined();
  });
});
