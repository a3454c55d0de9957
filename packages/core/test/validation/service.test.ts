import { describe, expect, it } from 'vitest';
import { createError, object, updateError } from '../write-path.js';
import { DNS1035_LABEL, LABEL_VALUE, PORT_RANGE } from './messages.js';

const S = 'Service "web" is invalid: ';
const svc = (spec: Record<string, unknown>, meta: Record<string, unknown> = {}) => object('Service', { spec }, meta);
const http = { name: 'http', port: 80 };

describe('creating a service', () => {
  it.each([
    ['a ClusterIP service with one port', { selector: { app: 'web' }, ports: [{ port: 80 }] }],
    ['a headless service without ports', { clusterIP: 'None', selector: { app: 'web' } }],
    ['an ExternalName service', { type: 'ExternalName', externalName: 'db.example.com.' }],
    ['a NodePort service', { type: 'NodePort', ports: [{ port: 80, nodePort: 30080 }] }],
    ['a named target port', { ports: [{ port: 80, targetPort: 'http' }] }],
  ])('accepts %s', (_name, spec) => {
    expect(createError(svc(spec))).toBeUndefined();
  });

  it.each([
    ['requires ports', { selector: { app: 'web' } }, 'spec.ports: Required value'],
    ['requires names when there are several ports', { ports: [{ port: 80 }, { port: 443 }] }, '[spec.ports[0].name: Required value, spec.ports[1].name: Required value]'],
    ['requires unique port names', { ports: [http, { ...http, port: 8080 }] }, 'spec.ports[1].name: Duplicate value: "http"'],
    [
      'requires port numbers (the target port defaults to the port)',
      { ports: [{ port: 0 }] },
      `[spec.ports[0].port: Invalid value: 0: ${PORT_RANGE}, spec.ports[0].targetPort: Invalid value: 0: ${PORT_RANGE}]`,
    ],
    [
      'requires named target ports to be IANA service names',
      { ports: [{ port: 80, targetPort: 'http_port' }] },
      'spec.ports[0].targetPort: Invalid value: "http_port": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
    ],
    [
      'refuses the same port and protocol twice',
      { ports: [http, { name: 'web', port: 80 }] },
      'spec.ports[1]: Duplicate value: {"port":80,"protocol":"TCP"}',
    ],
    [
      'refuses unknown types',
      { type: 'Internal', ports: [http] },
      'spec.type: Unsupported value: "Internal": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"',
    ],
    ['refuses node ports on ClusterIP services', { ports: [{ port: 80, nodePort: 30080 }] }, "spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'"],
    ['requires an external name', { type: 'ExternalName' }, 'spec.externalName: Required value'],
    ['requires selector values to be label values', { selector: { app: 'a b' }, ports: [http] }, `spec.selector: Invalid value: "a b": ${LABEL_VALUE}`],
    ['refuses unknown session affinities', { sessionAffinity: 'Sticky', ports: [http] }, 'spec.sessionAffinity: Unsupported value: "Sticky": supported values: "ClientIP", "None"'],
    [
      'requires valid cluster IPs',
      { clusterIP: '10.0.0.300', ports: [http] },
      'spec.clusterIPs[0]: Invalid value: "10.0.0.300": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)',
    ],
    [
      'refuses loopback external IPs',
      { externalIPs: ['127.0.0.1'], ports: [http] },
      'spec.externalIPs[0]: Invalid value: "127.0.0.1": may not be in the loopback range (127.0.0.0/8, ::1/128)',
    ],
    [
      'refuses headless NodePort services',
      { type: 'NodePort', clusterIP: 'None', ports: [http] },
      "spec.clusterIPs[0]: Invalid value: \"None\": may not be set to 'None' for NodePort services",
    ],
    [
      'keeps source ranges to LoadBalancers (with upstream\'s capital L)',
      { loadBalancerSourceRanges: ['10.0.0.0/8'], ports: [http] },
      "spec.LoadBalancerSourceRanges: Forbidden: may only be used when `type` is 'LoadBalancer'",
    ],
    [
      'keeps externalTrafficPolicy to externally reachable services',
      { externalTrafficPolicy: 'Local', ports: [http] },
      'spec.externalTrafficPolicy: Invalid value: "Local": may only be set for externally-accessible services',
    ],
    [
      'requires a health check port for Local LoadBalancers (allocated before validation)',
      { type: 'LoadBalancer', externalTrafficPolicy: 'Local', ports: [http] },
      'spec.healthCheckNodePort: Required value',
    ],
  ])('%s', (_name, spec, message) => {
    expect(createError(svc(spec))).toBe(S + message);
  });

  it('requires DNS-1035 names', () => {
    expect(createError(svc({ ports: [http] }, { name: '1web' }))).toBe(`Service "1web" is invalid: metadata.name: Invalid value: "1web": ${DNS1035_LABEL}`);
  });
});

describe('updating a service', () => {
  const ip = (clusterIP: string, more: Record<string, unknown> = {}) => svc({ clusterIP, ports: [http], ...more });

  it('keeps the cluster IP', () => {
    expect(updateError(ip('10.96.0.20'), ip('10.96.0.10'))).toBe(`${S}spec.clusterIPs[0]: Invalid value: ["10.96.0.20"]: may not change once set`);
  });

  it('allows changing ports and type', () => {
    expect(updateError(ip('10.96.0.10', { type: 'NodePort', ports: [{ ...http, port: 8080 }] }), ip('10.96.0.10'))).toBeUndefined();
  });
});
