import { describe, expect, it } from 'vitest';
import type { KubeList, KubeObject } from '../../src/api/meta.js';
import { IncludeObjectError, parseIncludeObject, tableForList, tableForObject, type TableRequest } from '../../src/print/table.js';
import { DAY, NOW, meta } from './builders.js';

const podReq: TableRequest = { group: '', version: 'v1', kind: 'Pod', now: NOW };

function pod(name: string, phase = 'Running'): KubeObject {
  return {
    metadata: { ...meta(name, 2 * DAY, { labels: { app: name } }), resourceVersion: '42', uid: `uid-${name}` },
    spec: { containers: [{ name: 'c', image: 'nginx' }], nodeName: 'node-1' },
    status: { phase, containerStatuses: [{ name: 'c', ready: phase === 'Running', restartCount: 0, state: phase === 'Running' ? { running: {} } : { terminated: { exitCode: 0, reason: 'Completed' } } }] },
  };
}

function podList(items: KubeObject[], metadata: KubeList['metadata'] = { resourceVersion: '100' }): KubeList {
  return { apiVersion: 'v1', kind: 'PodList', metadata, items };
}

describe('tableForList', () => {
  it('serves a meta.k8s.io/v1 Table with every column, wide ones included, and one row per item in order', () => {
    const table = tableForList(podList([pod('b'), pod('a')]), podReq);
    expect(Object.keys(table)).toEqual(['kind', 'apiVersion', 'metadata', 'columnDefinitions', 'rows']);
    expect(table).toMatchObject({ kind: 'Table', apiVersion: 'meta.k8s.io/v1', metadata: { resourceVersion: '100' } });
    expect(table.columnDefinitions!.map((c) => [c.name, c.priority])).toEqual([
      ['Name', 0],
      ['Ready', 0],
      ['Status', 0],
      ['Restarts', 0],
      ['Age', 0],
      ['IP', 1],
      ['Node', 1],
      ['Nominated Node', 1],
      ['Readiness Gates', 1],
    ]);
    expect(table.columnDefinitions![0]).toMatchObject({ type: 'string', format: 'name' });
    expect(table.rows!.map((r) => r.cells)).toEqual([
      ['b', '1/1', 'Running', '0', '2d', '<none>', 'node-1', '<none>', '<none>'],
      ['a', '1/1', 'Running', '0', '2d', '<none>', 'node-1', '<none>', '<none>'],
    ]);
  });

  it('carries the continue token and remaining count of a paged list', () => {
    const table = tableForList(podList([pod('a')], { resourceVersion: '7', continue: 'abc', remainingItemCount: 12 }), podReq);
    expect(table.metadata).toEqual({ resourceVersion: '7', continue: 'abc', remainingItemCount: 12 });
  });

  it('returns an empty row list for an empty list, and null rows from the default table', () => {
    expect(tableForList(podList([]), podReq).rows).toEqual([]);
    expect(tableForList({ ...podList([]), kind: 'RoleList' }, { group: 'rbac.authorization.k8s.io', version: 'v1', kind: 'Role', now: NOW }).rows).toBeNull();
  });

  it('leaves out column definitions when asked for no headers, as for later watch events', () => {
    expect(tableForList(podList([pod('a')]), { ...podReq, noHeaders: true }).columnDefinitions).toBeNull();
  });

  it('marks the rows of finished pods Completed', () => {
    const table = tableForList(podList([pod('done', 'Succeeded'), pod('up')]), podReq);
    expect(table.rows![0]!.conditions).toMatchObject([{ type: 'Completed', status: 'True', reason: 'Succeeded' }]);
    expect(table.rows![1]).not.toHaveProperty('conditions');
    expect(Object.keys(table.rows![0]!)).toEqual(['cells', 'conditions', 'object']);
  });
});

describe('row objects by includeObject', () => {
  it('sends PartialObjectMetadata by default, in the Table group version', () => {
    const p = pod('a');
    const [v1, v1beta1] = [tableForList(podList([p]), podReq), tableForList(podList([p]), { ...podReq, tableVersion: 'v1beta1' })];
    expect(v1.rows![0]!.object).toEqual({ kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: p.metadata });
    expect(v1beta1.apiVersion).toBe('meta.k8s.io/v1beta1');
    expect(v1beta1.rows![0]!.object).toMatchObject({ kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1beta1' });
  });

  it('sends the whole object with its kind and apiVersion for Object', () => {
    const p = pod('a');
    const obj = tableForList(podList([p]), { ...podReq, includeObject: 'Object' }).rows![0]!.object as KubeObject;
    expect(obj).toEqual({ kind: 'Pod', apiVersion: 'v1', ...p });
    expect(Object.keys(obj).slice(0, 2)).toEqual(['kind', 'apiVersion']);
  });

  it('sends null for None', () => {
    expect(tableForList(podList([pod('a')]), { ...podReq, includeObject: 'None' }).rows![0]!.object).toBeNull();
  });

  it('stamps the group version of other groups', () => {
    const d: KubeObject = { metadata: meta('web'), spec: { replicas: 1 } };
    const table = tableForObject(d, { group: 'apps', version: 'v1', kind: 'Deployment', now: NOW, includeObject: 'Object' });
    expect(table.rows![0]!.object).toMatchObject({ kind: 'Deployment', apiVersion: 'apps/v1' });
  });

  it.each([
    [undefined, 'Metadata'],
    ['', 'Metadata'],
    ['None', 'None'],
    ['Object', 'Object'],
  ])('reads includeObject=%j as %s', (value, want) => {
    expect(parseIncludeObject(value)).toBe(want);
  });

  it('refuses other includeObject values with upstream message', () => {
    expect(() => parseIncludeObject('object')).toThrow(new IncludeObjectError('unrecognized includeObject value: "object"'));
  });
});

describe('tableForObject', () => {
  it('serves one row and the object resourceVersion', () => {
    const table = tableForObject(pod('a'), podReq);
    expect(table.metadata).toEqual({ resourceVersion: '42' });
    expect(table.rows).toHaveLength(1);
    expect(table.rows![0]!.cells[0]).toBe('a');
  });

  it('serves the default table with CREATED AT for kinds without a printer', () => {
    const table = tableForObject({ metadata: meta('limits', DAY) }, { group: '', version: 'v1', kind: 'LimitRange', now: NOW });
    expect(table.columnDefinitions).toMatchObject([
      { name: 'Name', type: 'string', format: 'name', priority: 0 },
      { name: 'Created At', type: 'date', format: '', priority: 0 },
    ]);
    expect(table.rows![0]!.cells).toEqual(['limits', '2025-05-31T12:00:00Z']);
  });
});
