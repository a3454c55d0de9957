import { describe, expect, it } from 'vitest';
import { StatusError } from '../api/status.js';
import { deployment as deploymentSchema, pod as podSchema } from '../../test/patch/schemas.js';
import type { JsonObject } from './json-value.js';
import {
  applyStrategicMergePatch,
  createThreeWayMergePatch,
  createTwoWayMergePatch,
  requireKeyUnchanged,
  PreconditionFailedError,
  StrategicMergeConflictError,
} from './strategic-merge.js';

type Container = { name: string; [k: string]: unknown };

function podWith(containers: Container[], extra: JsonObject = {}): JsonObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web', labels: { app: 'web' }, finalizers: ['a', 'b'] },
    spec: { containers, ...extra },
  };
}

const nginx = (extra: JsonObject = {}): Container => ({ name: 'nginx', image: 'nginx:1.25', ...extra });
const sidecar = (extra: JsonObject = {}): Container => ({ name: 'sidecar', image: 'envoy:1', ...extra });

function containersOf(o: JsonObject): Container[] {
  return (o.spec as { containers: Container[] }).containers;
}

function apply(original: JsonObject, patch: unknown): JsonObject {
  return applyStrategicMergePatch(original, patch, podSchema);
}

describe('applyStrategicMergePatch', () => {
  it('merges containers by name, keeping fields the patch does not mention', () => {
    const out = apply(podWith([nginx({ imagePullPolicy: 'Always' }), sidecar()]), {
      spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] },
    });
    expect(containersOf(out)).toEqual([nginx({ image: 'nginx:1.27', imagePullPolicy: 'Always' }), sidecar()]);
  });

  it('puts a container the patch adds before the existing ones, as upstream does', () => {
    const out = apply(podWith([nginx()]), { spec: { containers: [sidecar()] } });
    expect(containersOf(out).map((c) => c.name)).toEqual(['sidecar', 'nginx']);
  });

  it('merges ports by containerPort', () => {
    const out = apply(podWith([nginx({ ports: [{ containerPort: 80, name: 'http' }, { containerPort: 443 }] })]), {
      spec: { containers: [{ name: 'nginx', ports: [{ containerPort: 443, name: 'https' }] }] },
    });
    expect(containersOf(out)[0]!.ports).toEqual([
      { containerPort: 80, name: 'http' },
      { containerPort: 443, name: 'https' },
    ]);
  });

  it('deletes an env var marked $patch: delete and keeps the others', () => {
    const env = [
      { name: 'A', value: '1' },
      { name: 'B', value: '2' },
    ];
    const out = apply(podWith([nginx({ env })]), {
      spec: { containers: [{ name: 'nginx', env: [{ name: 'A', $patch: 'delete' }] }] },
    });
    expect(containersOf(out)[0]!.env).toEqual([{ name: 'B', value: '2' }]);
  });

  it('clears volume source fields not listed in $retainKeys', () => {
    const original = podWith([nginx()], { volumes: [{ name: 'cfg', configMap: { name: 'app-config' } }] });
    const out = apply(original, {
      spec: { volumes: [{ name: 'cfg', emptyDir: {}, $retainKeys: ['emptyDir', 'name'] }] },
    });
    expect((out.spec as JsonObject).volumes).toEqual([{ name: 'cfg', emptyDir: {} }]);
  });

  it('refuses a patch setting a key its $retainKeys does not list', () => {
    const original = podWith([nginx()], { volumes: [{ name: 'cfg', configMap: { name: 'x' } }] });
    expect(statusOf(() => apply(original, { spec: { volumes: [{ name: 'cfg', secret: {}, $retainKeys: ['name'] }] } }))).toMatchObject({
      code: 400,
      message: 'invalid patch format of retainKeys',
    });
  });

  it('reorders containers by $setElementOrder, leaving server-only ones after', () => {
    const extra: Container = { name: 'injected', image: 'proxy' };
    const out = apply(podWith([nginx(), sidecar(), extra]), {
      spec: { '$setElementOrder/containers': [{ name: 'sidecar' }, { name: 'nginx' }] },
    });
    expect(containersOf(out).map((c) => c.name)).toEqual(['sidecar', 'nginx', 'injected']);
  });

  it.each([
    { name: 'merging scalar lists union without duplicates', patch: { metadata: { finalizers: ['b', 'c'] } }, want: ['a', 'b', 'c'] },
    {
      name: '$deleteFromPrimitiveList removes scalars',
      patch: { metadata: { '$deleteFromPrimitiveList/finalizers': ['a'] } },
      want: ['b'],
    },
  ])('$name', ({ patch, want }) => {
    const out = apply(podWith([nginx()]), patch);
    expect([...((out.metadata as JsonObject).finalizers as string[])].sort()).toEqual(want);
  });

  it.each([
    { name: 'null deletes a map member', patch: { metadata: { labels: { app: null, tier: 'db' } } }, want: { keep: 'x', tier: 'db' } },
    { name: '$patch: replace replaces a whole map', patch: { metadata: { labels: { $patch: 'replace', only: 'me' } } }, want: { only: 'me' } },
    { name: '$patch: delete empties a map', patch: { metadata: { labels: { $patch: 'delete' } } }, want: {} },
  ])('$name', ({ patch, want }) => {
    const original = podWith([nginx()]);
    (original.metadata as JsonObject).labels = { app: 'web', keep: 'x' };
    expect((apply(original, patch).metadata as JsonObject).labels).toEqual(want);
  });

  it('replaces the containers list with a $patch: replace element', () => {
    const out = apply(podWith([nginx(), sidecar()]), { spec: { containers: [{ $patch: 'replace' }, sidecar({ image: 'v2' })] } });
    expect(containersOf(out)).toEqual([sidecar({ image: 'v2' })]);
  });

  it('replaces lists without a merge strategy', () => {
    const out = apply(podWith([nginx({ args: ['a', 'b'] })]), { spec: { containers: [{ name: 'nginx', args: ['c'] }] } });
    expect(containersOf(out)[0]!.args).toEqual(['c']);
  });

  it('keeps directive keys out of the stored object', () => {
    const out = apply(podWith([nginx()]), { spec: { containers: [sidecar({ '$setElementOrder/env': [] })] } });
    expect(containersOf(out)[0]).toEqual(sidecar());
  });

  it.each([
    {
      name: 'a list item without its merge key is a 500 naming the map',
      patch: { spec: { containers: [{ image: 'x' }] } },
      status: { code: 500, message: 'map: map[image:x] does not contain declared merge key: name' },
    },
    {
      name: '$patch: merge on a map is an unknown patch type',
      patch: { metadata: { labels: { $patch: 'merge' } } },
      status: { code: 500, message: 'unknown patch type: merge in map: map[$patch:merge]' },
    },
    {
      name: '$patch: merge in a list is not supported',
      patch: { spec: { containers: [{ $patch: 'merge' }] } },
      status: { code: 500, message: 'merging lists cannot yet be specified in the patch' },
    },
    {
      name: 'a malformed parallel list key is a 400',
      patch: { metadata: { $deleteFromPrimitiveList: ['a'] } },
      status: { code: 400, reason: 'BadRequest', message: 'invalid patch format of primitive list' },
    },
    {
      name: 'a list body is a 400 from the JSON decoder',
      patch: [],
      status: { code: 400, message: 'json: cannot unmarshal array into Go value of type map[string]interface {}' },
    },
  ])('$name', ({ patch, status }) => {
    expect(statusOf(() => apply(podWith([nginx()]), patch))).toMatchObject(status);
  });
});

function statusOf(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    if (e instanceof StatusError) return e.status;
    throw e;
  }
  throw new Error('expected a StatusError');
}

describe('createTwoWayMergePatch', () => {
  it.each([
    {
      name: 'a changed image sends only that container, with the order of all',
      original: podWith([nginx(), sidecar()]),
      modified: podWith([nginx({ image: 'nginx:1.27' }), sidecar()]),
      want: {
        spec: {
          containers: [{ name: 'nginx', image: 'nginx:1.27' }],
          '$setElementOrder/containers': [{ name: 'nginx' }, { name: 'sidecar' }],
        },
      },
    },
    {
      name: 'a removed container becomes a $patch: delete item',
      original: podWith([nginx(), sidecar()]),
      modified: podWith([nginx()]),
      want: {
        spec: {
          containers: [{ name: 'sidecar', $patch: 'delete' }],
          '$setElementOrder/containers': [{ name: 'nginx' }],
        },
      },
    },
    {
      name: 'a removed finalizer goes in a $deleteFromPrimitiveList list',
      original: podWith([nginx()]),
      modified: { ...podWith([nginx()]), metadata: { name: 'web', labels: { app: 'web' }, finalizers: ['b'] } },
      want: { metadata: { '$deleteFromPrimitiveList/finalizers': ['a'], '$setElementOrder/finalizers': ['b'] } },
    },
    {
      name: 'a removed label is null',
      original: podWith([nginx()]),
      modified: { ...podWith([nginx()]), metadata: { name: 'web', labels: {}, finalizers: ['a', 'b'] } },
      want: { metadata: { labels: { app: null } } },
    },
    { name: 'no change is an empty patch', original: podWith([nginx()]), modified: podWith([nginx()]), want: {} },
  ])('$name', ({ original, modified, want }) => {
    const patch = createTwoWayMergePatch(original, modified, podSchema);
    expect(patch).toEqual(want);
    expect(apply(original, patch)).toEqual(modified);
  });

  it('reorders containers with $setElementOrder alone', () => {
    const original = podWith([nginx(), sidecar()]);
    const modified = podWith([sidecar(), nginx()]);
    const patch = createTwoWayMergePatch(original, modified, podSchema);
    expect(patch).toEqual({ spec: { '$setElementOrder/containers': [{ name: 'sidecar' }, { name: 'nginx' }] } });
    expect(apply(original, patch)).toEqual(modified);
  });

  it('deletes from one list and reorders another in one patch', () => {
    const vol = (name: string) => ({ name, emptyDir: {} });
    const original = podWith([nginx(), sidecar()], { volumes: [vol('c'), vol('d')] });
    const modified = podWith([sidecar()], { volumes: [vol('d'), vol('c')] });
    const patch = createTwoWayMergePatch(original, modified, podSchema);
    expect(patch).toEqual({
      spec: {
        containers: [{ name: 'nginx', $patch: 'delete' }],
        '$setElementOrder/containers': [{ name: 'sidecar' }],
        '$setElementOrder/volumes': [{ name: 'd' }, { name: 'c' }],
      },
    });
    expect(apply(original, patch)).toEqual(modified);
  });

  it('checks preconditions on the computed patch', () => {
    expect(() =>
      createTwoWayMergePatch({ kind: 'Pod' }, { kind: 'Service' }, podSchema, [requireKeyUnchanged('kind')]),
    ).toThrow(new PreconditionFailedError({ kind: 'Service' }));
  });
});

describe('createThreeWayMergePatch (kubectl apply)', () => {
  const dep = (spec: JsonObject, labels: JsonObject = { app: 'web' }): JsonObject => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', labels },
    spec,
  });
  const tmpl = (containers: Container[]) => ({ template: { spec: { containers } } });

  it('deletes what the manifest dropped and keeps what others set on the live object', () => {
    const lastApplied = dep({ replicas: 2, ...tmpl([nginx()]) }, { app: 'web', tier: 'front' });
    const manifest = dep({ replicas: 2, ...tmpl([nginx()]) }, { app: 'web' });
    const live = dep({ replicas: 2, paused: false, ...tmpl([nginx({ imagePullPolicy: 'IfNotPresent' })]) }, {
      app: 'web',
      tier: 'front',
      'set-by': 'controller',
    });
    const patch = createThreeWayMergePatch(lastApplied, manifest, live, deploymentSchema, true);
    expect(patch).toEqual({ metadata: { labels: { tier: null } } });
    const out = applyStrategicMergePatch(live, patch, deploymentSchema);
    expect((out.metadata as JsonObject).labels).toEqual({ app: 'web', 'set-by': 'controller' });
    expect((out.spec as JsonObject).paused).toBe(false);
  });

  it('removes a container dropped from the manifest but keeps one injected by someone else', () => {
    const lastApplied = dep(tmpl([nginx(), sidecar()]));
    const manifest = dep(tmpl([nginx()]));
    const live = dep(tmpl([nginx(), sidecar(), { name: 'injected', image: 'proxy' }]));
    const patch = createThreeWayMergePatch(lastApplied, manifest, live, deploymentSchema, true);
    const out = applyStrategicMergePatch(live, patch, deploymentSchema);
    const names = (((out.spec as JsonObject).template as JsonObject).spec as { containers: Container[] }).containers.map((c) => c.name);
    expect(names).toEqual(['nginx', 'injected']);
  });

  it('switching to a Recreate strategy clears rollingUpdate through $retainKeys', () => {
    const rolling = { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1 } };
    const lastApplied = dep({ strategy: rolling });
    const manifest = dep({ strategy: { type: 'Recreate' } });
    const live = dep({ strategy: { ...rolling, rollingUpdate: { maxSurge: 1, maxUnavailable: '25%' } } });
    const patch = createThreeWayMergePatch(lastApplied, manifest, live, deploymentSchema, true);
    expect(patch).toEqual({ spec: { strategy: { $retainKeys: ['type'], type: 'Recreate', rollingUpdate: null } } });
    expect((applyStrategicMergePatch(live, patch, deploymentSchema).spec as JsonObject).strategy).toEqual({ type: 'Recreate' });
  });

  it('without overwrite, refuses to undo a change made since the last apply', () => {
    const lastApplied = dep({ replicas: 2 });
    const manifest = dep({ replicas: 3 });
    const live = dep({ replicas: 5 });
    expect(() => createThreeWayMergePatch(lastApplied, manifest, live, deploymentSchema, false)).toThrow(
      StrategicMergeConflictError,
    );
    expect(createThreeWayMergePatch(lastApplied, manifest, live, deploymentSchema, true)).toEqual({ spec: { replicas: 3 } });
  });

  it('leaves alone a field that was never in the manifests', () => {
    const manifest = dep({ ...tmpl([nginx()]) });
    const live = dep({ replicas: 7, ...tmpl([nginx()]) });
    expect(createThreeWayMergePatch(manifest, manifest, live, deploymentSchema, true)).toEqual({});
  });
});
