/**
 * A create serializes its object once: the stored value and the 201's body are joined from
 * the same pieces. Both must be exactly what encoding each separately gives.
 */
import { type KubeObject, resourceFor } from '@kubelab/core';
import { afterEach, describe, expect, it } from 'vitest';
import { ObjectStore, encode, encodedJson } from '../../src/apiserver/storage/object-store.js';
import { openMemoryBackend } from '../../src/store/memory/memory-backend.js';

const CONFIG_MAPS = resourceFor('', 'v1', 'configmaps')!;

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

const cases: Array<[string, KubeObject]> = [
  ['plain', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', namespace: 'ns', uid: 'u' }, data: { k: 'v' } }],
  ['metadata first', { metadata: { name: 'b', namespace: 'ns' }, kind: 'ConfigMap', apiVersion: 'v1' }],
  ['metadata last', { apiVersion: 'v1', kind: 'ConfigMap', data: { k: 'v' }, metadata: { name: 'c', namespace: 'ns' } }],
  ['escapes', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'd', namespace: 'ns' }, data: { 'ü"': 'line\n"q"\u0000\u2028' } }],
  ['undefined members', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'e', namespace: 'ns', labels: undefined }, data: undefined } as unknown as KubeObject],
  ['resourceVersion key set to undefined', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { resourceVersion: undefined, name: 'f', namespace: 'ns' } } as unknown as KubeObject],
  ['the response text in its data', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'g', namespace: 'ns' }, data: { x: '"resourceVersion":"1"}' } }],
];

describe('a create serializes its object once', () => {
  it.each(cases)('%s: stored value and response are what separate encodings give', async (_, obj) => {
    const backend = openMemoryBackend();
    close = () => backend.close();
    const store = new ObjectStore(backend, CONFIG_MAPS);
    const expectedStored = encode(obj).toString('utf8');
    const stored = await store.create(obj);
    const kv = (await backend.range(store.key('ns', obj.metadata!.name!))).kvs[0]!;
    expect(kv.value.toString('utf8')).toBe(expectedStored);
    const json = encodedJson(stored!.object);
    if (obj.metadata!.name !== 'f') expect(json).toBeDefined();
    if (json !== undefined) expect(json).toBe(JSON.stringify(stored!.object));
    expect(stored!.object.metadata!.resourceVersion).toBe(String(stored!.revision));
  });

  it('has nothing for an object changed after its create', async () => {
    const backend = openMemoryBackend();
    close = () => backend.close();
    const store = new ObjectStore(backend, CONFIG_MAPS);
    const stored = await store.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'h', namespace: 'ns' } });
    // withResourceVersion makes a new metadata object: the encoding belongs to the created object as returned.
    expect(encodedJson({ ...stored!.object })).toBeUndefined();
  });
});
