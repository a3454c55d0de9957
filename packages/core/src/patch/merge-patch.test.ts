import { describe, expect, it } from 'vitest';
import { StatusError } from '../api/status.js';
import {
  applyMergePatch,
  createMergePatch,
  createThreeWayJsonMergePatch,
} from './merge-patch.js';

const configMap = () => ({
  metadata: { name: 'cfg', labels: { app: 'web', tier: 'front' } },
  data: { a: '1', b: '2' },
  list: [1, 2, 3],
});

describe('applyMergePatch', () => {
  it.each([
    {
      name: 'null deletes a member',
      patch: { metadata: { labels: { tier: null } } },
      want: { ...configMap(), metadata: { name: 'cfg', labels: { app: 'web' } } },
    },
    {
      name: 'objects merge key by key',
      patch: { data: { c: '3' } },
      want: { ...configMap(), data: { a: '1', b: '2', c: '3' } },
    },
    {
      name: 'arrays replace as a whole',
      patch: { list: [9] },
      want: { ...configMap(), list: [9] },
    },
    {
      name: 'nulls inside a newly added object are pruned',
      patch: { spec: { x: 1, y: null, nested: { z: null } } },
      want: { ...configMap(), spec: { x: 1, nested: {} } },
    },
    {
      name: 'a scalar replaced by an object takes the object without its nulls',
      patch: { data: { a: { deep: 1, gone: null } } },
      want: { ...configMap(), data: { a: { deep: 1 }, b: '2' } },
    },
  ])('$name', ({ patch, want }) => {
    expect(applyMergePatch(configMap(), patch)).toEqual(want);
  });

  it.each([null, 'x', 5])('answers a %j patch with 400 Invalid JSON Patch', (patch) => {
    try {
      applyMergePatch(configMap(), patch);
      expect.unreachable();
    } catch (e) {
      expect((e as StatusError).status).toMatchObject({ code: 400, reason: 'BadRequest', message: 'Invalid JSON Patch' });
    }
  });

  it('does not modify its inputs', () => {
    const doc = configMap();
    const patch = { data: { a: null } };
    applyMergePatch(doc, patch);
    expect(doc).toEqual(configMap());
    expect(patch).toEqual({ data: { a: null } });
  });
});

describe('createMergePatch', () => {
  it.each([
    {
      name: 'a label added by kubectl label',
      original: configMap(),
      modified: { ...configMap(), metadata: { name: 'cfg', labels: { app: 'web', tier: 'front', env: 'prod' } } },
      want: { metadata: { labels: { env: 'prod' } } },
    },
    {
      name: 'a removed member becomes null',
      original: configMap(),
      modified: { ...configMap(), data: { a: '1' } },
      want: { data: { b: null } },
    },
    {
      name: 'a changed array is sent whole',
      original: configMap(),
      modified: { ...configMap(), list: [1, 2] },
      want: { list: [1, 2] },
    },
    { name: 'identical documents give an empty patch', original: configMap(), modified: configMap(), want: {} },
  ])('$name', ({ original, modified, want }) => {
    const patch = createMergePatch(original, modified);
    expect(patch).toEqual(want);
    expect(applyMergePatch(original, patch)).toEqual(modified);
  });
});

describe('createThreeWayJsonMergePatch', () => {
  const lastApplied = { spec: { replicas: 2, paused: false }, metadata: { labels: { app: 'web' } } };
  const live = {
    spec: { replicas: 2, paused: false, selector: 'set-by-server' },
    metadata: { labels: { app: 'web', 'added-by': 'someone-else' } },
  };

  it('deletes what the manifest dropped but keeps what others added', () => {
    const manifest = { spec: { replicas: 3 }, metadata: { labels: { app: 'web' } } };
    const patch = createThreeWayJsonMergePatch(lastApplied, manifest, live);
    expect(patch).toEqual({ spec: { replicas: 3, paused: null } });
    expect(applyMergePatch(live, patch)).toEqual({
      spec: { replicas: 3, selector: 'set-by-server' },
      metadata: { labels: { app: 'web', 'added-by': 'someone-else' } },
    });
  });

  it('on a first apply (no last-applied) only adds and changes', () => {
    const manifest = { spec: { replicas: 3 } };
    expect(createThreeWayJsonMergePatch(undefined, manifest, live)).toEqual({ spec: { replicas: 3 } });
  });
});
