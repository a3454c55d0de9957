import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../src/api/meta.js';
import { DAY, meta, row } from '../builders.js';

function service(spec: Record<string, unknown>, status: Record<string, unknown> = {}): KubeObject {
  return { apiVersion: 'v1', kind: 'Service', metadata: meta('web', 3 * DAY), spec, status };
}

const tcp80 = { port: 80, protocol: 'TCP', targetPort: 8080 };

describe('service columns', () => {
  it.each<[string, Record<string, unknown>, Record<string, unknown>, Record<string, unknown>]>([
    [
      'a ClusterIP service shows its IP, ports and selector',
      { type: 'ClusterIP', clusterIP: '10.96.0.10', clusterIPs: ['10.96.0.10'], ports: [tcp80, { port: 53, protocol: 'UDP' }], selector: { app: 'web' } },
      {},
      { Type: 'ClusterIP', 'Cluster-IP': '10.96.0.10', 'External-IP': '<none>', 'Port(s)': '80/TCP,53/UDP', Selector: 'app=web' },
    ],
    [
      'a headless service shows None as its cluster IP',
      { type: 'ClusterIP', clusterIP: 'None', clusterIPs: ['None'], ports: [tcp80] },
      {},
      { 'Cluster-IP': 'None', Selector: '<none>' },
    ],
    [
      'a NodePort service pairs each port with its node port',
      { type: 'NodePort', clusterIPs: ['10.96.1.1'], ports: [{ ...tcp80, nodePort: 30080 }], externalIPs: ['192.0.2.4', '192.0.2.5'] },
      {},
      { 'External-IP': '192.0.2.4,192.0.2.5', 'Port(s)': '80:30080/TCP' },
    ],
    [
      'a LoadBalancer without an address yet is <pending>',
      { type: 'LoadBalancer', clusterIPs: ['10.96.1.2'], ports: [{ ...tcp80, nodePort: 31000 }] },
      {},
      { 'External-IP': '<pending>' },
    ],
    [
      'a LoadBalancer lists its ingress IPs or hostnames sorted and unclipped, then external IPs',
      { type: 'LoadBalancer', clusterIPs: ['10.96.1.2'], externalIPs: ['192.0.2.9'], ports: [tcp80] },
      { loadBalancer: { ingress: [{ ip: '203.0.113.20' }, { hostname: 'lb.example.com' }, { ip: '203.0.113.10' }, { ip: '203.0.113.10' }] } },
      { 'External-IP': '203.0.113.10,203.0.113.20,lb.example.com,192.0.2.9' },
    ],
    [
      'an ExternalName service shows the name and no cluster IP',
      { type: 'ExternalName', externalName: 'db.example.com' },
      {},
      { 'Cluster-IP': '<none>', 'External-IP': 'db.example.com', 'Port(s)': '<none>' },
    ],
    [
      'a service without a type or protocols reads as the defaults fill them in',
      { clusterIP: '10.96.0.1', ports: [{ port: 443 }] },
      {},
      { Type: 'ClusterIP', 'Cluster-IP': '10.96.0.1', 'Port(s)': '443/TCP' },
    ],
  ])('%s', (_name, spec, status, want) => {
    expect(row('', 'Service', service(spec, status))).toMatchObject(want);
  });
});

describe('endpoints columns', () => {
  const endpoints = (subsets: unknown[] | undefined): KubeObject => ({
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: meta('web'),
    ...(subsets ? { subsets } : {}),
  });

  it.each<[string, unknown[] | undefined, string]>([
    ['is <none> without subsets', undefined, '<none>'],
    ['pairs every address with every port', [{ addresses: [{ ip: '10.0.0.1' }, { ip: '10.0.0.2' }], ports: [{ port: 8080 }] }], '10.0.0.1:8080,10.0.0.2:8080'],
    ['brackets IPv6 addresses', [{ addresses: [{ ip: 'fd00::1' }], ports: [{ port: 80 }] }], '[fd00::1]:80'],
    ['lists bare IPs for a subset without ports', [{ addresses: [{ ip: '10.0.0.1' }] }], '10.0.0.1'],
    [
      'shows three and counts the rest',
      [{ addresses: [{ ip: '10.0.0.1' }, { ip: '10.0.0.2' }], ports: [{ port: 80 }, { port: 443 }] }, { addresses: [{ ip: '10.0.0.3' }] }],
      '10.0.0.1:80,10.0.0.2:80,10.0.0.1:443 + 2 more...',
    ],
    ['is empty for subsets with only unready addresses', [{ notReadyAddresses: [{ ip: '10.0.0.1' }], ports: [{ port: 80 }] }], ''],
  ])('%s', (_name, subsets, want) => {
    expect(row('', 'Endpoints', endpoints(subsets))['Endpoints']).toBe(want);
  });
});

describe('endpoint slice columns', () => {
  const slice = (ports: unknown[] | undefined, addresses: string[][]): Record<string, unknown> =>
    row('discovery.k8s.io', 'EndpointSlice', {
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: meta('web-abcde'),
      addressType: 'IPv4',
      ...(ports ? { ports } : {}),
      endpoints: addresses.map((a) => ({ addresses: a })),
    });

  it('lists ports and addresses', () => {
    expect(slice([{ port: 8080, name: 'http' }, { name: 'metrics' }, {}], [['10.0.0.1'], ['10.0.0.2']])).toMatchObject({
      AddressType: 'IPv4',
      Ports: '8080,metrics,*',
      Endpoints: '10.0.0.1,10.0.0.2',
    });
  });

  it('shows <unset> for empty lists and counts what does not fit', () => {
    expect(slice(undefined, [['10.0.0.1', '10.0.0.2'], ['10.0.0.3'], ['10.0.0.4', '10.0.0.5']])).toMatchObject({
      Ports: '<unset>',
      Endpoints: '10.0.0.1,10.0.0.2,10.0.0.3 + 2 more...',
    });
  });
});
