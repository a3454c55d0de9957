/**
 * Our text rendering against the real kubectl (/usr/bin/kubectl, 1.32): the same Tables are
 * served to kubectl by a fake API server and rendered by printTables, and the outputs must
 * match byte for byte. Skipped where kubectl is not installed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../src/api/meta.js';
import { resourceFor, resourcesInCategory, type ResourceType } from '../../src/api/registry.js';
import { tableForList, tableForObject } from '../../src/print/table.js';
import { noResourcesFound, printTables, type PrintedTable, type TextOptions } from '../../src/print/table-text.js';
import type { Table } from '../../src/print/table-types.js';
import { DAY, HOUR, MINUTE, NOW, SECOND, ago, meta } from './builders.js';
import { kubectlAvailable, startFakeApiServer, type FakeApiServer } from './kubectl-server.js';

const rt = (group: string, plural: string): ResourceType => resourceFor(group, 'v1', plural)!;

function listPath(r: ResourceType, namespace?: string): string {
  const base = r.group ? `/apis/${r.group}/${r.version}` : `/api/${r.version}`;
  return r.namespaced && namespace ? `${base}/namespaces/${namespace}/${r.plural}` : `${base}/${r.plural}`;
}

function list(r: ResourceType, items: KubeObject[]): Table {
  return tableForList({ apiVersion: 'v1', kind: `${r.kind}List`, metadata: { resourceVersion: '10' }, items }, { ...r, now: NOW });
}

function printed(r: ResourceType, table: Table): PrintedTable {
  return { table, apiVersion: r.group ? `${r.group}/${r.version}` : r.version, kind: r.kind, resource: r.plural, namespaced: r.namespaced };
}

const containerRunning = (restarts = 0) => ({ name: 'app', ready: true, restartCount: restarts, state: { running: { startedAt: ago(HOUR) } } });
const pods: KubeObject[] = [
  {
    metadata: meta('web-7d9f8c6b5-x2k4p', 2 * HOUR, { labels: { app: 'web', tier: 'frontend' } }),
    spec: { containers: [{ name: 'app', image: 'nginx' }], nodeName: 'kubelab-worker' },
    status: { phase: 'Running', podIPs: [{ ip: '10.244.1.12' }], containerStatuses: [containerRunning()] },
  },
  {
    metadata: { ...meta('crashy', 30 * MINUTE, { labels: { app: 'crashy' } }), namespace: 'kube-system' },
    spec: { containers: [{ name: 'app', image: 'busybox' }], nodeName: 'kubelab-worker2' },
    status: {
      phase: 'Running',
      podIPs: [{ ip: '10.244.2.7' }],
      containerStatuses: [
        { name: 'app', ready: false, restartCount: 12, state: { waiting: { reason: 'CrashLoopBackOff' } }, lastState: { terminated: { exitCode: 1, finishedAt: ago(45 * SECOND) } } },
      ],
    },
  },
  {
    metadata: meta('pending', 10 * SECOND),
    spec: { containers: [{ name: 'a', image: 'x' }, { name: 'b', image: 'y' }] },
    status: { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable' }] },
  },
];

const services: KubeObject[] = [
  { metadata: meta('kubernetes', 40 * DAY), spec: { type: 'ClusterIP', clusterIPs: ['10.96.0.1'], ports: [{ port: 443, protocol: 'TCP' }] } },
  {
    metadata: meta('web-lb', DAY),
    spec: { type: 'LoadBalancer', clusterIPs: ['10.96.44.2'], ports: [{ port: 80, nodePort: 31234, protocol: 'TCP' }], selector: { app: 'web' } },
  },
];
const deployments: KubeObject[] = [
  { metadata: meta('web', 3 * DAY), spec: { replicas: 3, selector: { matchLabels: { app: 'web' } }, template: { spec: { containers: [{ name: 'app', image: 'nginx' }] } } }, status: { readyReplicas: 3, updatedReplicas: 3, availableReplicas: 3 } },
];
const replicaSets: KubeObject[] = [{ metadata: meta('web-7d9f8c6b5', 3 * DAY), spec: { replicas: 3 }, status: { replicas: 3, readyReplicas: 3 } }];
const jobs: KubeObject[] = [
  { metadata: meta('backup-28911', 5 * MINUTE), spec: { completions: 1 }, status: { succeeded: 1, startTime: ago(5 * MINUTE), completionTime: ago(4 * MINUTE), conditions: [{ type: 'Complete', status: 'True' }] } },
];
const nodes: KubeObject[] = [
  {
    metadata: { name: 'kubelab-control-plane', creationTimestamp: ago(40 * DAY), labels: { 'node-role.kubernetes.io/control-plane': '' } },
    spec: { unschedulable: true },
    status: {
      conditions: [{ type: 'Ready', status: 'True' }],
      addresses: [{ type: 'InternalIP', address: '172.18.0.2' }],
      nodeInfo: { kubeletVersion: 'v1.32.4', osImage: 'Debian GNU/Linux 12 (bookworm)', kernelVersion: '6.8.0', containerRuntimeVersion: 'containerd://1.7.24' },
    },
  },
  { metadata: { name: 'kubelab-worker', creationTimestamp: ago(40 * DAY) }, status: { conditions: [{ type: 'Ready', status: 'Unknown' }] } },
];
const events: KubeObject[] = [
  {
    metadata: meta('crashy.17f3a', HOUR),
    involvedObject: { kind: 'Pod', name: 'crashy', fieldPath: 'spec.containers{app}' },
    reason: 'BackOff',
    message: 'Back-off restarting failed container app in pod crashy',
    type: 'Warning',
    firstTimestamp: ago(HOUR),
    lastTimestamp: ago(45 * SECOND),
    count: 12,
    source: { component: 'kubelet', host: 'kubelab-worker2' },
  },
  { metadata: meta('default.scheduled', MINUTE), involvedObject: { kind: 'Node' }, reason: 'Scheduled', message: 'ok', type: 'Normal', eventTime: '2025-06-01T11:59:00.500000Z', reportingComponent: 'default-scheduler' },
];

/** A table with awkward cells, served in place of config maps. */
const oddTable: Table = {
  kind: 'Table',
  apiVersion: 'meta.k8s.io/v1',
  metadata: { resourceVersion: '1' },
  columnDefinitions: [
    { name: 'Name', type: 'string', format: 'name', description: '', priority: 0 },
    { name: 'Value', type: 'string', format: '', description: '', priority: 0 },
    { name: 'Hidden', type: 'string', format: '', description: '', priority: 1 },
    { name: 'Number', type: 'number', format: '', description: '', priority: 0 },
  ],
  rows: [
    { cells: ['tabbed', 'a\tb', 'h', 1.5], object: { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: { name: 'tabbed', namespace: 'ns-a', labels: { a: '1' } } } },
    { cells: ['multi-line', 'first\nsecond', null, 0.00001], object: null },
    { cells: ['ünïcødé', '\x1b[31mred', '', 12, 'extra'], object: { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: { name: 'u' } } },
    { cells: ['short'], object: { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: { name: 'short', labels: { c: '3' } } } },
  ],
};

/** Rows of one cell make kubectl's tabwriter flush mid-table; later rows keep the widths seen so far. */
const raggedTable: Table = {
  ...oddTable,
  columnDefinitions: oddTable.columnDefinitions!.slice(0, 2),
  rows: [{ cells: ['a-rather-long-name', 'v'] }, { cells: ['x'] }, { cells: ['y', 'w'] }].map((r) => ({ ...r, object: null })),
};

interface Scenario {
  name: string;
  args: string[];
  serve: (s: FakeApiServer) => void;
  expected: PrintedTable[];
  options?: TextOptions;
}

const podsRT = rt('', 'pods');
const scenarios: Scenario[] = [
  {
    name: 'get pods',
    args: ['get', 'pods'],
    serve: (s) => s.serve(listPath(podsRT, 'default'), list(podsRT, pods)),
    expected: [printed(podsRT, list(podsRT, pods))],
  },
  {
    name: 'get pods -o wide --show-labels -L app,tier',
    args: ['get', 'pods', '-o', 'wide', '--show-labels', '-L', 'app,tier'],
    serve: (s) => s.serve(listPath(podsRT, 'default'), list(podsRT, pods)),
    expected: [printed(podsRT, list(podsRT, pods))],
    options: { wide: true, showLabels: true, labelColumns: ['app', 'tier'] },
  },
  {
    name: 'get pods -A --no-headers',
    args: ['get', 'pods', '-A', '--no-headers'],
    serve: (s) => s.serve(listPath(podsRT), list(podsRT, pods)),
    expected: [printed(podsRT, list(podsRT, pods))],
    options: { allNamespaces: true, noHeaders: true },
  },
  {
    name: 'get pods in pages of one',
    args: ['get', 'pods', '--chunk-size=1', '-A'],
    serve: (s) => s.servePages(listPath(podsRT), pods.map((p) => list(podsRT, [p]))),
    expected: pods.map((p) => printed(podsRT, list(podsRT, [p]))),
    options: { allNamespaces: true },
  },
  {
    name: 'get two pods by name',
    args: ['get', 'pod', 'pending', 'web-7d9f8c6b5-x2k4p'],
    serve: (s) => {
      s.serve(`${listPath(podsRT, 'default')}/pending`, tableForObject(pods[2]!, { ...podsRT, now: NOW }));
      s.serve(`${listPath(podsRT, 'default')}/web-7d9f8c6b5-x2k4p`, tableForObject(pods[0]!, { ...podsRT, now: NOW }));
    },
    expected: [pods[2]!, pods[0]!].map((p) => printed(podsRT, tableForObject(p, { ...podsRT, now: NOW }))),
  },
  {
    name: 'get nodes -A -o wide',
    args: ['get', 'nodes', '-A', '-o', 'wide'],
    serve: (s) => s.serve(listPath(rt('', 'nodes')), list(rt('', 'nodes'), nodes)),
    expected: [printed(rt('', 'nodes'), list(rt('', 'nodes'), nodes))],
    options: { allNamespaces: true, wide: true },
  },
  {
    name: 'get events -o wide',
    args: ['get', 'events', '-o', 'wide'],
    serve: (s) => s.serve(listPath(rt('', 'events'), 'default'), list(rt('', 'events'), events)),
    expected: [printed(rt('', 'events'), list(rt('', 'events'), events))],
    options: { wide: true },
  },
  {
    name: 'get roles (the default table)',
    args: ['get', 'roles'],
    serve: (s) => s.serve(listPath(rt('rbac.authorization.k8s.io', 'roles'), 'default'), list(rt('rbac.authorization.k8s.io', 'roles'), [{ metadata: meta('reader', DAY) }])),
    expected: [printed(rt('rbac.authorization.k8s.io', 'roles'), list(rt('rbac.authorization.k8s.io', 'roles'), [{ metadata: meta('reader', DAY) }]))],
  },
  {
    name: 'get configmaps serving odd cells, -A -L a,b,c',
    args: ['get', 'configmaps', '-A', '-L', 'a,b,c'],
    serve: (s) => s.serve(listPath(rt('', 'configmaps')), oddTable),
    expected: [printed(rt('', 'configmaps'), oddTable)],
    options: { allNamespaces: true, labelColumns: ['a', 'b', 'c'] },
  },
  {
    name: 'get leases serving rows of one cell',
    args: ['get', 'leases'],
    serve: (s) => s.serve(listPath(rt('coordination.k8s.io', 'leases'), 'default'), raggedTable),
    expected: [printed(rt('coordination.k8s.io', 'leases'), raggedTable)],
  },
];

/** `kubectl get all` and `get pods,services`, in the order kubectl asks for the kinds. */
const fixtures: Record<string, KubeObject[]> = { pods, services, deployments, replicasets: replicaSets, jobs };
for (const noHeaders of [false, true]) {
  const kinds = resourcesInCategory('all');
  scenarios.push({
    name: `get all${noHeaders ? ' --no-headers' : ''}`,
    args: ['get', 'all', ...(noHeaders ? ['--no-headers'] : [])],
    serve: (s) => kinds.forEach((k) => s.serve(listPath(k, 'default'), list(k, fixtures[k.plural] ?? []))),
    expected: kinds.map((k) => printed(k, list(k, fixtures[k.plural] ?? []))),
    options: { noHeaders },
  });
}
scenarios.push({
  name: 'get pods,services',
  args: ['get', 'pods,services'],
  serve: (s) => [podsRT, rt('', 'services')].forEach((k) => s.serve(listPath(k, 'default'), list(k, fixtures[k.plural]!))),
  expected: [podsRT, rt('', 'services')].map((k) => printed(k, list(k, fixtures[k.plural]!))),
});

describe.skipIf(!kubectlAvailable)('printTables matches kubectl 1.32 byte for byte', () => {
  let server: FakeApiServer;
  beforeAll(async () => {
    server = await startFakeApiServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  it.each(scenarios.map((s) => [s.name, s] as const))('%s', async (_name, scenario) => {
    server.reset();
    scenario.serve(server);
    const { stdout, stderr } = await server.kubectl(...scenario.args);
    // SHOW_KUBECTL=1 prints what kubectl printed, to eyeball the scenarios.
    if (process.env['SHOW_KUBECTL']) console.log(`$ kubectl ${scenario.args.join(' ')}\n${stdout}${stderr}`);
    expect(stderr).toBe('');
    expect(printTables(scenario.expected, scenario.options)).toBe(stdout);
  });

  it('says no resources were found, as kubectl does, for an empty list', async () => {
    server.reset();
    server.serve(listPath(podsRT, 'default'), list(podsRT, []));
    const { stdout, stderr } = await server.kubectl('get', 'pods');
    const expected = [printed(podsRT, list(podsRT, []))];
    expect(printTables(expected)).toBe(stdout);
    expect(noResourcesFound(expected, 'default')).toBe(stderr);
  });
});
