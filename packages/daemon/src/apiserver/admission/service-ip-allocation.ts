/**
 * ClusterIPs and NodePorts for Services, as kube-apiserver's service REST allocates them:
 * a ClusterIP from the service range 10.96.0.0/12 (the API's own `kubernetes` Service holds
 * the first, 10.96.0.1) and, for NodePort and LoadBalancer Services, a node port from
 * 30000–32767 per port; both random among the free ones, or exactly what the user asked
 * for when that is free.
 *
 * Each claim is a key in the store — `/registry/ipaddresses/<ip>` (the IPAddress objects of
 * the 1.31+ allocator) and `/registry/servicenodeports/<port>` — written in the same
 * transaction as the Service and guarded by "the key does not exist", so two API servers
 * sharing one store can never hand out the same address.
 */
import { randomInt } from 'node:crypto';
import { type FieldError, type KubeObject, invalid } from '@kubelab/core';
import type { Compare, RequestOp } from '../../store/backend.js';
import type { TxnExtras } from '../storage/object-store.js';
import type { AdmissionPlugin } from './admission.js';
import type { RequestContext } from '../rest/resource.js';

export const SERVICE_CIDR = { base: ipToInt('10.96.0.0'), size: 2 ** 20, text: '10.96.0.0/12' };
export const NODE_PORT_RANGE = { min: 30000, max: 32767, text: '30000-32767' };
const IP_PREFIX = '/registry/ipaddresses/';
const PORT_PREFIX = '/registry/servicenodeports/';

interface ServicePort {
  port?: number;
  protocol?: string;
  nodePort?: number;
}

interface ServiceSpec {
  type?: string;
  clusterIP?: string;
  clusterIPs?: string[];
  ports?: ServicePort[];
  ipFamilies?: string[];
  ipFamilyPolicy?: string;
}

function specOf(o: KubeObject | undefined): ServiceSpec {
  return ((o?.['spec'] as ServiceSpec | undefined) ?? {}) as ServiceSpec;
}

function needsNodePorts(spec: ServiceSpec): boolean {
  return spec.type === 'NodePort' || spec.type === 'LoadBalancer';
}

export const serviceIPAllocation: AdmissionPlugin = {
  name: 'ServiceIPAllocation',
  async admit(attrs, ctx) {
    if (attrs.rt.group !== '' || attrs.rt.plural !== 'services' || !attrs.object || attrs.subresource) return;
    if (attrs.operation !== 'CREATE' && attrs.operation !== 'UPDATE') return;
    const svc = attrs.object;
    const spec = ((svc['spec'] ??= {}) as ServiceSpec);
    const old = attrs.operation === 'UPDATE' ? specOf(attrs.oldObject) : undefined;
    const extras: TxnExtras = { compare: [], success: [] };
    const errs: FieldError[] = [];
    const owner = `${svc.metadata?.namespace}/${svc.metadata?.name}`;

    // ClusterIP: kept from the stored object when an update leaves it out.
    if (old?.clusterIP && !spec.clusterIP && spec.type !== 'ExternalName') {
      spec.clusterIP = old.clusterIP;
      spec.clusterIPs = old.clusterIPs ?? [old.clusterIP];
    }
    if (spec.type === 'ExternalName') {
      // No address; an ExternalName service that had one gives it back below.
    } else if (spec.clusterIP === 'None') {
      spec.clusterIPs = ['None'];
    } else if (!old?.clusterIP || old.clusterIP === 'None' || old.clusterIP !== spec.clusterIP) {
      const used = await claimed(ctx, IP_PREFIX);
      let ip = spec.clusterIP;
      if (ip) {
        const why = !inServiceRange(ip)
          ? `the provided IP (${ip}) is not in the valid range. The range of valid IPs is ${SERVICE_CIDR.text}`
          : used.has(ip)
            ? 'provided IP is already allocated'
            : undefined;
        if (why) errs.push({ field: 'spec.clusterIPs', type: 'FieldValueInvalid', value: [ip], detail: `failed to allocate IP ${ip}: ${why}` });
      } else {
        ip = pickFreeIp(used);
      }
      if (ip) {
        spec.clusterIP = ip;
        spec.clusterIPs = [ip];
        claim(extras, IP_PREFIX + ip, owner);
      }
    }
    if (spec.clusterIP && spec.clusterIP !== 'None' && spec.type !== 'ExternalName') {
      spec.ipFamilies ??= ['IPv4'];
      spec.ipFamilyPolicy ??= 'SingleStack';
    }
    if (old?.clusterIP && old.clusterIP !== 'None' && old.clusterIP !== spec.clusterIP) release(extras, IP_PREFIX + old.clusterIP);

    // Node ports.
    const oldPorts = old && needsNodePorts(old) ? (old.ports ?? []) : [];
    const keep = new Set<number>();
    if (needsNodePorts(spec)) {
      const used = await claimed(ctx, PORT_PREFIX);
      for (const p of oldPorts) if (p.nodePort) used.delete(String(p.nodePort));
      const taken = new Set<number>();
      (spec.ports ?? []).forEach((p, i) => {
        if (!p.nodePort) {
          const before = oldPorts.find((o) => o.port === p.port && (o.protocol ?? 'TCP') === (p.protocol ?? 'TCP'));
          if (before?.nodePort) p.nodePort = before.nodePort;
        }
        if (p.nodePort) {
          const wasOurs = oldPorts.some((o) => o.nodePort === p.nodePort);
          if (p.nodePort < NODE_PORT_RANGE.min || p.nodePort > NODE_PORT_RANGE.max) {
            errs.push({
              field: `spec.ports[${i}].nodePort`,
              type: 'FieldValueInvalid',
              value: p.nodePort,
              detail: `provided port is not in the valid range. The range of valid ports is ${NODE_PORT_RANGE.text}`,
            });
          } else if ((used.has(String(p.nodePort)) && !wasOurs) || taken.has(p.nodePort)) {
            errs.push({ field: `spec.ports[${i}].nodePort`, type: 'FieldValueInvalid', value: p.nodePort, detail: 'provided port is already allocated' });
          }
          if (!wasOurs) claim(extras, PORT_PREFIX + p.nodePort, owner);
        } else {
          p.nodePort = pickFreePort(used, taken);
          claim(extras, PORT_PREFIX + p.nodePort, owner);
        }
        taken.add(p.nodePort);
        keep.add(p.nodePort);
      });
    } else {
      for (const p of spec.ports ?? []) delete p.nodePort;
    }
    for (const p of oldPorts) if (p.nodePort && !keep.has(p.nodePort)) release(extras, PORT_PREFIX + p.nodePort);
    if (errs.length) throw invalid(attrs.rt, svc.metadata?.name ?? '', errs);
    return extras;
  },
  release(rt, obj) {
    if (rt.group !== '' || rt.plural !== 'services') return;
    const spec = specOf(obj);
    const extras: TxnExtras = { compare: [], success: [] };
    if (spec.clusterIP && spec.clusterIP !== 'None') release(extras, IP_PREFIX + spec.clusterIP);
    if (needsNodePorts(spec)) for (const p of spec.ports ?? []) if (p.nodePort) release(extras, PORT_PREFIX + p.nodePort);
    return extras;
  },
};

async function claimed(ctx: RequestContext, prefix: string): Promise<Set<string>> {
  const backend = ctx.lookup('', 'services').store.backend;
  const end = prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
  const r = await backend.range(prefix, { rangeEnd: end, keysOnly: true });
  return new Set(r.kvs.map((kv) => kv.key.toString('utf8').slice(prefix.length)));
}

function claim(extras: TxnExtras, key: string, owner: string): void {
  const compare: Compare = { key, target: 'createRevision', result: '=', value: 0 };
  const put: RequestOp = { put: { key, value: JSON.stringify({ owner }) } };
  extras.compare.push(compare);
  extras.success.push(put);
}

function release(extras: TxnExtras, key: string): void {
  extras.success.push({ deleteRange: { key } });
}

function pickFreeIp(used: Set<string>): string {
  // Skip the network address (offset 0) and the broadcast address (the last).
  for (;;) {
    const ip = intToIp(SERVICE_CIDR.base + randomInt(1, SERVICE_CIDR.size - 1));
    if (!used.has(ip)) return ip;
  }
}

function pickFreePort(used: Set<string>, taken: Set<number>): number {
  for (;;) {
    const port = randomInt(NODE_PORT_RANGE.min, NODE_PORT_RANGE.max + 1);
    if (!used.has(String(port)) && !taken.has(port)) return port;
  }
}

export function inServiceRange(ip: string): boolean {
  const n = ipToInt(ip);
  return n !== undefined && n > SERVICE_CIDR.base && n < SERVICE_CIDR.base + SERVICE_CIDR.size - 1;
}

function ipToInt(ip: string): number {
  const parts = ip.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) return NaN;
  return ((parts[0]! * 256 + parts[1]!) * 256 + parts[2]!) * 256 + parts[3]!;
}

function intToIp(n: number): string {
  return [Math.floor(n / 2 ** 24) % 256, Math.floor(n / 2 ** 16) % 256, Math.floor(n / 256) % 256, n % 256].join('.');
}
