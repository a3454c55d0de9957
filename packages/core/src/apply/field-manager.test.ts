import { describe, expect, it } from 'vitest';
import type { KubeObject, ManagedFieldsEntry } from '../api/meta.js';
import { StatusError } from '../api/status.js';
import { deployment as deploymentSchema } from '../../test/patch/schemas.js';
import { applyServerSide, LAST_APPLIED_ANNOTATION, managerOrUserAgent, updateManagedFields, type FieldManagerOptions } from './field-manager.js';

const T0 = '2024-05-01T10:00:00Z';
const T1 = '2024-05-01T11:00:00Z';
const T2 = '2024-05-01T12:00:00Z';

const opts = (now = T1, extra: Partial<FieldManagerOptions> = {}): FieldManagerOptions => ({
  schema: deploymentSchema,
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  now,
  resetFields: [['status']],
  ...extra,
});

interface DeploymentShape {
  replicas?: number;
  labels?: Record<string, string>;
  containers?: { name: string; image?: string }[];
  annotations?: Record<string, string>;
}

/** An apply configuration (or manifest) for deployment "web". */
function config({ replicas, labels, containers, annotations }: DeploymentShape = {}): KubeObject {
  const metadata: Record<string, unknown> = { name: 'web', namespace: 'default' };
  if (labels) metadata.labels = labels;
  if (annotations) metadata.annotations = annotations;
  const spec: Record<string, unknown> = {};
  if (replicas !== undefined) spec.replicas = replicas;
  if (containers) spec.template = { spec: { containers } };
  const o: KubeObject = { apiVersion: 'apps/v1', kind: 'Deployment', metadata };
  if (Object.keys(spec).length > 0) o.spec = spec;
  return o;
}

/** What the store holds after a create: the object with uid and resourceVersion. */
function stored(o: KubeObject): KubeObject {
  return { ...o, metadata: { ...o.metadata, uid: 'u-1', resourceVersion: '1', creationTimestamp: T0 } };
}

function entry(o: KubeObject, manager: string): ManagedFieldsEntry | undefined {
  return o.metadata?.managedFields?.find((e) => e.manager === manager);
}

function statusOf(fn: () => unknown): StatusError['status'] {
  try {
    fn();
  } catch (e) {
    if (e instanceof StatusError) return e.status;
    throw e;
  }
  throw new Error('expected a StatusError');
}

/** Creates "web" with an Update by `manager` (as kubectl create or client-side apply do). */
function created(manager: string, shape: DeploymentShape): KubeObject {
  return stored(updateManagedFields(undefined, config(shape), manager, opts(T0)));
}

/** Server-side applies and stores the result. */
function applied(live: KubeObject | undefined, manager: string, shape: DeploymentShape, force = false, now = T1): KubeObject {
  return stored(applyServerSide(live, config(shape), manager, force, opts(now)));
}

describe('applyServerSide', () => {
  it('creates the object from the configuration and records one Apply entry', () => {
    const out = applyServerSide(undefined, config({ replicas: 2, labels: { app: 'web' } }), 'kubectl', false, opts());
    expect(out.spec).toEqual({ replicas: 2 });
    expect(out.metadata?.managedFields).toEqual([
      {
        manager: 'kubectl',
        operation: 'Apply',
        apiVersion: 'apps/v1',
        time: T1,
        fieldsType: 'FieldsV1',
        fieldsV1: { 'f:metadata': { 'f:labels': { 'f:app': {} } }, 'f:spec': { 'f:replicas': {} } },
      },
    ]);
  });

  it('answers a conflict with another manager with upstream’s 409', () => {
    const live = created('kubectl-client-side-apply', { replicas: 2 });
    const status = statusOf(() => applyServerSide(live, config({ replicas: 3 }), 'ci', false, opts()));
    expect(status).toMatchObject({
      code: 409,
      reason: 'Conflict',
      message: 'Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using apps/v1: .spec.replicas',
      details: {
        causes: [{ reason: 'FieldManagerConflict', message: 'conflict with "kubectl-client-side-apply" using apps/v1', field: '.spec.replicas' }],
      },
    });
  });

  it('lists several conflicts grouped by manager', () => {
    const live = created('kubectl-create', { replicas: 2, labels: { app: 'web' } });
    const status = statusOf(() => applyServerSide(live, config({ replicas: 3, labels: { app: 'api' } }), 'ci', false, opts()));
    expect(status.message).toBe(
      'Apply failed with 2 conflicts: conflicts with "kubectl-create" using apps/v1:\n- .metadata.labels.app\n- .spec.replicas',
    );
  });

  it('shares a field applied with the same value instead of conflicting', () => {
    const live = created('kubectl-create', { replicas: 2 });
    const out = applyServerSide(live, config({ replicas: 2 }), 'ci', false, opts());
    expect(entry(out, 'ci')?.fieldsV1).toEqual({ 'f:spec': { 'f:replicas': {} } });
    expect(entry(out, 'kubectl-create')?.fieldsV1).toEqual({ 'f:spec': { 'f:replicas': {} } });
  });

  it('with force takes the field from its owner', () => {
    const live = created('kubectl-create', { replicas: 2, labels: { app: 'web' } });
    const out = applyServerSide(live, config({ replicas: 5 }), 'ci', true, opts());
    expect((out.spec as { replicas?: number } | undefined)?.replicas).toBe(5);
    expect(entry(out, 'ci')?.fieldsV1).toEqual({ 'f:spec': { 'f:replicas': {} } });
    expect(entry(out, 'kubectl-create')?.fieldsV1).toEqual({ 'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } } });
  });

  it('removes a field the manager applied before and applies no longer', () => {
    const first = applied(undefined, 'ci', { labels: { app: 'web', tier: 'front' } });
    const out = applyServerSide(first, config({ labels: { app: 'web' } }), 'ci', false, opts(T2));
    expect(out.metadata?.labels).toEqual({ app: 'web' });
  });

  it('keeps a dropped field another manager also owns', () => {
    const first = applied(undefined, 'ci', { labels: { app: 'web', tier: 'front' } });
    const second = applied(first, 'ops', { labels: { tier: 'front' } });
    const out = applyServerSide(second, config({ labels: { app: 'web' } }), 'ci', false, opts(T2));
    expect(out.metadata?.labels).toEqual({ app: 'web', tier: 'front' });
    expect(entry(out, 'ops')?.fieldsV1).toEqual({ 'f:metadata': { 'f:labels': { 'f:tier': {} } } });
  });

  it('lets two managers co-own a map, each pruning only its own keys', () => {
    const a = applied(undefined, 'a', { labels: { x: '1' } });
    const ab = applied(a, 'b', { labels: { y: '2' } });
    expect(ab.metadata?.labels).toEqual({ x: '1', y: '2' });
    const out = applyServerSide(ab, config({ labels: {} }), 'a', false, opts(T2));
    expect(out.metadata?.labels).toEqual({ y: '2' });
    expect(entry(out, 'b')?.fieldsV1).toEqual({ 'f:metadata': { 'f:labels': { 'f:y': {} } } });
  });

  it('removes a container the manager stopped applying but keeps one another manager added', () => {
    const first = applied(undefined, 'ci', { containers: [{ name: 'app', image: 'a:1' }, { name: 'old', image: 'o:1' }] });
    const injected = applied(first, 'injector', { containers: [{ name: 'proxy', image: 'p:1' }] });
    const out = applyServerSide(injected, config({ containers: [{ name: 'app', image: 'a:2' }] }), 'ci', false, opts(T2));
    expect((out.spec as { template: { spec: { containers: unknown[] } } }).template.spec.containers).toEqual([
      { name: 'app', image: 'a:2' },
      { name: 'proxy', image: 'p:1' },
    ]);
  });

  it('keeps a dropped field an updater took over', () => {
    const first = applied(undefined, 'ci', { labels: { app: 'web', tier: 'front' } }, false, T0);
    const edited = updateManagedFields(first, { ...first, metadata: { ...first.metadata, labels: { app: 'web', tier: 'back' } } }, 'kubectl-edit', opts(T1));
    const out = applyServerSide(stored(edited), config({ labels: { app: 'web' } }), 'ci', false, opts(T2));
    expect(out.metadata?.labels).toEqual({ app: 'web', tier: 'back' });
  });

  it('keeps the entry time when the apply changes nothing', () => {
    const first = applied(undefined, 'ci', { replicas: 1 }, false, T1);
    const out = applyServerSide(first, config({ replicas: 1 }), 'ci', false, opts(T2));
    expect(entry(out, 'ci')?.time).toBe(T1);
  });

  it('does not let status be owned through the main resource', () => {
    const withStatus = { ...config({ replicas: 1 }), status: { replicas: 1 } };
    const out = applyServerSide(undefined, withStatus, 'ci', false, opts());
    expect(entry(out, 'ci')?.fieldsV1).toEqual({ 'f:spec': { 'f:replicas': {} } });
  });

  it('gives the fields of an untracked object to before-first-apply', () => {
    const untracked = stored(config({ replicas: 2, labels: { app: 'web' } }));
    const out = applyServerSide(untracked, config({ labels: { app: 'web' } }), 'ci', false, opts());
    expect(entry(out, 'before-first-apply')).toMatchObject({ operation: 'Update', time: T1 });
    const status = statusOf(() => applyServerSide(untracked, config({ replicas: 3 }), 'ci', false, opts()));
    expect(status.message).toBe('Apply failed with 1 conflict: conflict with "before-first-apply" using apps/v1: .spec.replicas');
  });

  it('lets kubectl take over fields it set through client-side apply', () => {
    const manifest = config({ replicas: 2, labels: { app: 'web' } });
    const annotation = `${JSON.stringify(manifest)}\n`;
    const csa = created('kubectl-client-side-apply', { replicas: 2, labels: { app: 'web' }, annotations: { [LAST_APPLIED_ANNOTATION]: annotation } });
    const out = applyServerSide(csa, config({ replicas: 4, labels: { app: 'web' } }), 'kubectl', false, opts());
    expect((out.spec as { replicas?: number } | undefined)?.replicas).toBe(4);
    expect(JSON.parse(out.metadata!.annotations![LAST_APPLIED_ANNOTATION]!)).toMatchObject({ spec: { replicas: 4 } });
    // Another manager gets the conflict.
    expect(statusOf(() => applyServerSide(csa, config({ replicas: 4 }), 'other', false, opts())).code).toBe(409);
  });

  it.each([
    {
      name: 'a configuration of another kind is a 400',
      patch: { ...config(), kind: 'StatefulSet' },
      status: { code: 400, message: 'invalid object type: apps/v1, Kind=StatefulSet' },
    },
    {
      name: 'a configuration with managedFields is a 400',
      patch: { ...config(), metadata: { name: 'web', managedFields: [] } },
      status: { code: 400, message: 'metadata.managedFields must be nil' },
    },
    {
      name: 'an undeclared field is a 500 in upstream’s words',
      patch: { ...config(), spec: { replica: 1 } },
      status: {
        code: 500,
        message: 'failed to create typed patch object (default/web; apps/v1, Kind=Deployment): .spec.replica: field not declared in schema',
      },
    },
  ])('$name', ({ patch, status }) => {
    expect(statusOf(() => applyServerSide(undefined, patch, 'ci', false, opts()))).toMatchObject(status);
  });
});

describe('updateManagedFields', () => {
  it('records a create as an Update entry, with "." for new maps and list items', () => {
    const out = updateManagedFields(undefined, config({ labels: { app: 'web' }, containers: [{ name: 'nginx', image: 'nginx' }] }), 'kubectl-create', opts(T0));
    expect(out.metadata?.managedFields).toEqual([
      {
        manager: 'kubectl-create',
        operation: 'Update',
        apiVersion: 'apps/v1',
        time: T0,
        fieldsType: 'FieldsV1',
        fieldsV1: {
          'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } },
          'f:spec': {
            'f:template': { 'f:spec': { 'f:containers': { 'k:{"name":"nginx"}': { '.': {}, 'f:image': {}, 'f:name': {} } } } },
          },
        },
      },
    ]);
  });

  it('moves a changed field to the writer and stamps only its entry', () => {
    const live = applied(undefined, 'ci', { replicas: 2, labels: { app: 'web' } }, false, T0);
    const scaled = { ...live, spec: { ...(live.spec as object), replicas: 5 } } as KubeObject;
    const out = updateManagedFields(live, scaled, 'kubectl-scale', opts(T2));
    expect(entry(out, 'ci')).toMatchObject({ time: T0, fieldsV1: { 'f:metadata': { 'f:labels': { 'f:app': {} } } } });
    expect(entry(out, 'kubectl-scale')).toMatchObject({ operation: 'Update', time: T2, fieldsV1: { 'f:spec': { 'f:replicas': {} } } });
    expect(out.metadata?.managedFields?.map((e) => e.operation)).toEqual(['Apply', 'Update']);
  });

  it('leaves an untracked existing object untracked', () => {
    const untracked = stored(config({ replicas: 1 }));
    const out = updateManagedFields(untracked, { ...untracked, spec: { replicas: 2 } }, 'kubectl-edit', opts());
    expect(out.metadata?.managedFields).toBeUndefined();
  });

  it('resets managedFields when the request sends an empty list', () => {
    const live = created('kubectl-create', { replicas: 1 });
    const out = updateManagedFields(live, { ...live, metadata: { ...live.metadata, managedFields: [] } }, 'x', opts());
    expect(out.metadata?.managedFields).toBeUndefined();
  });

  it('folds the oldest of more than ten update managers into ancient-changes', () => {
    let obj = created('m0', { labels: { l0: 'v' } });
    for (let i = 1; i <= 10; i++) {
      const next = { ...obj, metadata: { ...obj.metadata, labels: { ...obj.metadata!.labels, [`l${i}`]: 'v' } } };
      obj = updateManagedFields(obj, next, `m${i}`, opts(`2024-05-01T10:00:${String(i).padStart(2, '0')}Z`));
    }
    const managers = obj.metadata!.managedFields!.map((e) => e.manager);
    expect(managers).toHaveLength(10);
    expect(managers).toContain('ancient-changes');
    expect(managers).not.toContain('m0');
    expect(managers).not.toContain('m1');
  });
});

describe('managerOrUserAgent', () => {
  it.each([
    { manager: 'kubectl-edit', ua: 'kubectl/v1.32.0 (linux/amd64)', want: 'kubectl-edit' },
    { manager: undefined, ua: 'kube-controller-manager/v1.32.0 (linux/amd64) kubernetes/abc', want: 'kube-controller-manager' },
    { manager: '', ua: undefined, want: '' },
  ])('names $want', ({ manager, ua, want }) => {
    expect(managerOrUserAgent(manager, ua)).toBe(want);
  });
});
