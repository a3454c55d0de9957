/**
 * A create's managed fields come from a memo per object shape after the first object of
 * that shape: every later one must get exactly what the full algorithm gives it.
 */
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../api/meta.js';
import { schemaForKind } from '../schema/index.js';
import { deployment as deploymentSchema } from '../../test/patch/schemas.js';
import { updateManagedFields, type FieldManagerOptions } from './field-manager.js';

const configMapSchema = schemaForKind('v1', 'ConfigMap');

function options(schema: FieldManagerOptions['schema'], kind: string, apiVersion: string, now: string, extra: Partial<FieldManagerOptions> = {}): FieldManagerOptions {
  return { schema, apiVersion, kind, now, resetFields: [], ...extra };
}

/** The full algorithm's answer: a schema of the same content but another identity misses the memo. */
function fresh(o: FieldManagerOptions): FieldManagerOptions {
  return { ...o, schema: o.schema ? structuredClone(o.schema) : o.schema };
}

const configMaps: KubeObject[] = [
  { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', namespace: 'ns', uid: 'u1' }, data: { value: 'x' } },
  { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'b', namespace: 'ns', labels: { app: 'web' } }, data: { value: 'y', other: '' } },
  { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'ns', annotations: {} }, data: {} },
  { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'd', namespace: 'ns' }, data: null } as unknown as KubeObject,
  { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'e', namespace: 'ns' }, immutable: true, binaryData: { b: 'AA==' } },
  { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'f', namespace: 'ns', finalizers: ['x'] }, data: { k: 'v' } },
  { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'g', namespace: 'ns' }, data: { k: 'v' }, extra: { nested: { deep: 1 } } },
];

describe('managed fields of a create, by shape', () => {
  it.each(configMaps.map((o) => [o.metadata!.name!, o] as const))('ConfigMap %s: a second object of its shape gets what the full algorithm gives', (_, first) => {
    const opts = options(configMapSchema, 'ConfigMap', 'v1', '2024-05-01T10:00:00Z');
    expect(updateManagedFields(undefined, first, 'kubectl-create', opts)).toEqual(updateManagedFields(undefined, first, 'kubectl-create', fresh(opts)));
    // Same shape, other values, another manager and time: served from the memo.
    const second = JSON.parse(JSON.stringify(first).replace(/"(x|y|v|web)"/g, '"zz"')) as KubeObject;
    second.metadata!.name = `${first.metadata!.name}-2`;
    const later = options(configMapSchema, 'ConfigMap', 'v1', '2024-05-01T11:00:00Z');
    const got = updateManagedFields(undefined, second, '', later);
    expect(got).toEqual(updateManagedFields(undefined, second, '', fresh(later)));
    expect(JSON.stringify(got)).toBe(JSON.stringify(updateManagedFields(undefined, second, '', fresh(later))));
  });

  it('keeps typed, untyped and custom resources apart, and reset fields', () => {
    const obj: KubeObject = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'w', namespace: 'ns' }, spec: { replicas: 2, paused: null }, status: { replicas: 1 } };
    for (const opts of [
      options(deploymentSchema, 'Deployment', 'apps/v1', 't1'),
      options(deploymentSchema, 'Deployment', 'apps/v1', 't1', { resetFields: [['status']] }),
      options(undefined, 'Deployment', 'apps/v1', 't1'),
      options(undefined, 'Deployment', 'apps/v1', 't1', { customResource: true }),
    ]) {
      const once = updateManagedFields(undefined, obj, 'm', opts);
      const twice = updateManagedFields(undefined, { ...obj, metadata: { name: 'w2', namespace: 'ns' } }, 'm', opts);
      expect(once.metadata!.managedFields).toEqual(updateManagedFields(undefined, obj, 'm', fresh(opts)).metadata!.managedFields);
      expect(twice.metadata!.managedFields).toEqual(once.metadata!.managedFields);
    }
  });

  it('returns a copy the caller may change without touching the memo', () => {
    const opts = options(configMapSchema, 'ConfigMap', 'v1', 't');
    const a = updateManagedFields(undefined, configMaps[0]!, 'm', opts);
    const b = updateManagedFields(undefined, configMaps[0]!, 'm', opts);
    (b.metadata!.managedFields![0]!.fieldsV1 as Record<string, unknown>)['f:data'] = {};
    const c = updateManagedFields(undefined, configMaps[0]!, 'm', opts);
    expect(c).toEqual(a);
    expect(b.data).not.toBe(configMaps[0]!.data);
  });
});
