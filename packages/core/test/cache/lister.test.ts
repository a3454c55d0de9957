import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../src/api/meta.js';
import { Indexer } from '../../src/cache/indexer.js';
import { DeletedFinalStateUnknown, deletionHandlingKey, metaNamespaceKey, splitMetaNamespaceKey } from '../../src/cache/keys.js';
import { Lister, ownerUidIndexFunc, podNodeNameIndexFunc } from '../../src/cache/lister.js';
import { parseSelector } from '../../src/labels/selector.js';

function pod(namespace: string, name: string, nodeName?: string, labels?: Record<string, string>): KubeObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { namespace, name, labels }, spec: nodeName ? { nodeName } : {} };
}

function cachedPods(): { indexer: Indexer; lister: Lister } {
  const indexer = new Indexer();
  indexer.addIndexers({ nodeName: podNodeNameIndexFunc });
  for (const p of [pod('a', 'web-1', 'node-1', { app: 'web' }), pod('a', 'db-1', 'node-2', { app: 'db' }), pod('b', 'web-1', 'node-1', { app: 'web' })]) {
    indexer.set(metaNamespaceKey(p), p);
  }
  return { indexer, lister: new Lister(indexer) };
}

describe('object keys', () => {
  it('are "namespace/name" for namespaced objects and "name" for cluster-scoped ones', () => {
    expect(metaNamespaceKey(pod('ns', 'p'))).toBe('ns/p');
    expect(metaNamespaceKey({ metadata: { name: 'node-1' } })).toBe('node-1');
    expect(splitMetaNamespaceKey('ns/p')).toEqual({ namespace: 'ns', name: 'p' });
    expect(splitMetaNamespaceKey('node-1')).toEqual({ namespace: undefined, name: 'node-1' });
    expect(() => splitMetaNamespaceKey('a/b/c')).toThrow();
  });

  it('of a tombstone are the key it carries', () => {
    expect(deletionHandlingKey(new DeletedFinalStateUnknown('ns/gone', pod('ns', 'gone')))).toBe('ns/gone');
  });
});

describe('Lister', () => {
  it('lists one namespace through the namespace index', () => {
    const { lister } = cachedPods();
    expect(lister.namespace('a').list().map((p) => p.metadata!.name).sort()).toEqual(['db-1', 'web-1']);
    expect(lister.namespace('b').get('web-1')?.metadata?.namespace).toBe('b');
    expect(lister.namespace('c').list()).toEqual([]);
  });

  it('filters by label selector', () => {
    const { lister } = cachedPods();
    expect(lister.list(parseSelector('app=web')).map(metaNamespaceKey).sort()).toEqual(['a/web-1', 'b/web-1']);
    expect(lister.namespace('a').list(parseSelector('app!=web')).map(metaNamespaceKey)).toEqual(['a/db-1']);
  });

  it('finds pods by node through a custom index, following changes and deletions', () => {
    const { indexer, lister } = cachedPods();
    expect(lister.byIndex('nodeName', 'node-1').map(metaNamespaceKey).sort()).toEqual(['a/web-1', 'b/web-1']);
    indexer.set('a/web-1', pod('a', 'web-1', 'node-2'));
    indexer.delete('b/web-1');
    expect(lister.byIndex('nodeName', 'node-1')).toEqual([]);
    expect(lister.byIndex('nodeName', 'node-2').map(metaNamespaceKey).sort()).toEqual(['a/db-1', 'a/web-1']);
    expect(indexer.indexValues('nodeName')).toEqual(['node-2']);
  });

  it('indexes what is already cached when an index is added late', () => {
    const { indexer, lister } = cachedPods();
    const owned = { ...pod('a', 'child'), metadata: { namespace: 'a', name: 'child', ownerReferences: [{ apiVersion: 'v1', kind: 'X', name: 'x', uid: 'u1' }] } };
    indexer.set('a/child', owned);
    indexer.addIndexers({ owner: ownerUidIndexFunc });
    expect(lister.byIndex('owner', 'u1').map(metaNamespaceKey)).toEqual(['a/child']);
    expect(() => indexer.addIndexers({ owner: ownerUidIndexFunc })).toThrow(/already exists/);
  });
});
