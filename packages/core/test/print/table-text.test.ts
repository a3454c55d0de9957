import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../src/api/meta.js';
import { tableForList, type TableRequest } from '../../src/print/table.js';
import { noResourcesFound, printTables, type PrintedTable, type TextOptions } from '../../src/print/table-text.js';
import type { Cell, Table, TableColumnDefinition } from '../../src/print/table-types.js';
import { DAY, HOUR, MINUTE, NOW, meta } from './builders.js';

function pod(name: string, namespace: string, labels: Record<string, string> = {}): KubeObject {
  return {
    metadata: { ...meta(name, 5 * MINUTE, { labels }), namespace },
    spec: { containers: [{ name: 'c', image: 'nginx' }], nodeName: 'node-1' },
    status: { phase: 'Running', podIPs: [{ ip: '10.244.0.5' }], containerStatuses: [{ name: 'c', ready: true, restartCount: 0, state: { running: {} } }] },
  };
}

function listed(kind: string, group: string, resource: string, items: KubeObject[], extra: Partial<TableRequest> = {}): PrintedTable {
  const req: TableRequest = { group, version: 'v1', kind, now: NOW, ...extra };
  return {
    table: tableForList({ apiVersion: 'v1', kind: `${kind}List`, metadata: {}, items }, req),
    apiVersion: group ? `${group}/v1` : 'v1',
    kind,
    resource,
    namespaced: kind !== 'Node',
  };
}

const pods = (...items: KubeObject[]): PrintedTable => listed('Pod', '', 'pods', items);
const text = (items: PrintedTable[], options: TextOptions = {}): string => printTables(items, options);

describe('printTables for one kind', () => {
  it('prints the default columns aligned, upper-cased, wide ones hidden', () => {
    expect(text([pods(pod('web-1', 'default'), pod('db', 'default'))])).toBe(
      ['NAME    READY   STATUS    RESTARTS   AGE', 'web-1   1/1     Running   0          5m', 'db      1/1     Running   0          5m', ''].join('\n'),
    );
  });

  it('adds the wide columns with -o wide', () => {
    expect(text([pods(pod('web-1', 'default'))], { wide: true })).toBe(
      [
        'NAME    READY   STATUS    RESTARTS   AGE   IP           NODE     NOMINATED NODE   READINESS GATES',
        'web-1   1/1     Running   0          5m    10.244.0.5   node-1   <none>           <none>',
        '',
      ].join('\n'),
    );
  });

  it('prints rows only with --no-headers', () => {
    expect(text([pods(pod('web-1', 'default'))], { noHeaders: true })).toBe('web-1   1/1   Running   0     5m\n');
  });

  it('prints nothing for an empty list, leaving the message to stderr', () => {
    expect(text([pods()])).toBe('');
    expect(noResourcesFound([pods()], 'default')).toBe('No resources found in default namespace.\n');
    expect(noResourcesFound([pods()], 'default', { allNamespaces: true })).toBe('No resources found\n');
  });

  it('leads with NAMESPACE for -A', () => {
    expect(text([pods(pod('web-1', 'default'), pod('coredns', 'kube-system'))], { allNamespaces: true })).toBe(
      [
        'NAMESPACE     NAME      READY   STATUS    RESTARTS   AGE',
        'default       web-1     1/1     Running   0          5m',
        'kube-system   coredns   1/1     Running   0          5m',
        '',
      ].join('\n'),
    );
  });

  it('does not add NAMESPACE for a cluster-scoped kind', () => {
    const node: KubeObject = { metadata: meta('node-1', DAY), status: { conditions: [{ type: 'Ready', status: 'True' }], nodeInfo: { kubeletVersion: 'v1.32.4' } } };
    expect(text([listed('Node', '', 'nodes', [node])], { allNamespaces: true })).toBe(
      ['NAME     STATUS   ROLES    AGE   VERSION', 'node-1   Ready    <none>   24h   v1.32.4', ''].join('\n'),
    );
  });

  it('adds a column per -L key and LABELS last for --show-labels', () => {
    const items = [pod('web-1', 'default', { app: 'web', 'app.kubernetes.io/tier': 'frontend' }), pod('db', 'default')];
    expect(text([pods(...items)], { labelColumns: ['app.kubernetes.io/tier', 'app'], showLabels: true })).toBe(
      [
        'NAME    READY   STATUS    RESTARTS   AGE   TIER       APP   LABELS',
        'web-1   1/1     Running   0          5m    frontend   web   app=web,app.kubernetes.io/tier=frontend',
        'db      1/1     Running   0          5m                     <none>',
        '',
      ].join('\n'),
    );
  });

  it('prints the responses for several names of one kind as one aligned table', () => {
    expect(text([pods(pod('a', 'default')), pods(pod('a-much-longer-name', 'default'))])).toBe(
      [
        'NAME                 READY   STATUS    RESTARTS   AGE',
        'a                    1/1     Running   0          5m',
        'a-much-longer-name   1/1     Running   0          5m',
        '',
      ].join('\n'),
    );
  });
});

describe('printTables for several kinds (kubectl get all)', () => {
  const svc: KubeObject = {
    metadata: meta('kubernetes', 3 * DAY),
    spec: { type: 'ClusterIP', clusterIPs: ['10.96.0.1'], ports: [{ port: 443, protocol: 'TCP' }] },
  };
  const deploy: KubeObject = { metadata: meta('web', 2 * HOUR), spec: { replicas: 2 }, status: { readyReplicas: 2, updatedReplicas: 2, availableReplicas: 2 } };
  const all = [
    pods(pod('web-1', 'default')),
    listed('Service', '', 'services', [svc]),
    listed('DaemonSet', 'apps', 'daemonsets', []),
    listed('Deployment', 'apps', 'deployments', [deploy]),
  ];

  it('prefixes names with the kind, separates kinds by a blank line and skips empty ones', () => {
    expect(text(all)).toBe(
      [
        'NAME        READY   STATUS    RESTARTS   AGE',
        'pod/web-1   1/1     Running   0          5m',
        '',
        'NAME                 TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)   AGE',
        'service/kubernetes   ClusterIP   10.96.0.1    <none>        443/TCP   3d',
        '',
        'NAME                  READY   UP-TO-DATE   AVAILABLE   AGE',
        'deployment.apps/web   2/2     2            2           120m',
        '',
      ].join('\n'),
    );
  });

  it('runs the kinds together without headers or blank lines for --no-headers', () => {
    expect(text(all, { noHeaders: true })).toBe(
      [
        'pod/web-1   1/1   Running   0     5m',
        'service/kubernetes   ClusterIP   10.96.0.1   <none>   443/TCP   3d',
        'deployment.apps/web   2/2   2     2     120m',
        '',
      ].join('\n'),
    );
  });
});

describe('printTables with unusual tables', () => {
  const col = (name: string, priority = 0, format = ''): TableColumnDefinition => ({ name, type: 'string', format, description: '', priority });
  const custom = (rows: Array<{ cells: Cell[]; object?: KubeObject | null }>, columns = [col('Name', 0, 'name'), col('Value')]): PrintedTable => ({
    table: { kind: 'Table', apiVersion: 'meta.k8s.io/v1', metadata: {}, columnDefinitions: columns, rows } satisfies Table,
    apiVersion: 'example.com/v1',
    kind: 'Widget',
    resource: 'widgets',
    namespaced: true,
  });

  it('cuts cells at line breaks and escapes terminal control characters', () => {
    expect(text([custom([{ cells: ['w', 'line one\nline two'] }, { cells: ['x', '\x1b[1mbold'] }])])).toBe(
      ['NAME   VALUE', 'w      line one...', 'x      ^[[1mbold', ''].join('\n'),
    );
  });

  it('prints non-string cells as Go would and ignores cells beyond the columns', () => {
    expect(text([custom([{ cells: ['w', 2.5, 'extra'] }, { cells: ['x', false] }, { cells: ['y', null] }])])).toBe(
      ['NAME   VALUE', 'w      2.5', 'x      false', 'y      ', ''].join('\n'),
    );
  });

  it('leaves namespace and labels blank, and short-fills the row, when rows carry no object', () => {
    const rows = [{ cells: ['w', 'v'], object: null }];
    expect(text([custom(rows)], { allNamespaces: true, labelColumns: ['a', 'b', 'c'] })).toBe(
      // Five of six cells: the A column is padded, B is the row's (empty) last cell, C is missing.
      ['NAMESPACE   NAME   VALUE   A     B     C', '            w      v             ', ''].join('\n'),
    );
  });
});
