/**
 * The records cluster DNS serves: CoreDNS's kubernetes plugin as kubeadm configures it
 * (`kubernetes cluster.local in-addr.arpa ip6.arpa { pods insecure … }`), over the Services
 * and EndpointSlices kube-proxy's informers already hold.
 *
 *   web.default.svc.cluster.local            A  the ClusterIP
 *   db.default.svc.cluster.local (headless)  A  every ready endpoint (all with publishNotReadyAddresses)
 *   db-0.db.default.svc.cluster.local        A  the endpoint whose hostname is db-0 (StatefulSets)
 *   10-244-1-5.db.default.svc.cluster.local  A  that endpoint of the headless Service
 *   10-244-1-5.default.pod.cluster.local     A  10.244.1.5 ("pods insecure": not checked)
 *   ext.default.svc.cluster.local            CNAME the externalName (an ExternalName Service)
 *   default.svc.cluster.local                no records, but the name exists (NODATA)
 *
 * Anything else under cluster.local is NXDOMAIN. Names outside the cluster domain CoreDNS
 * forwards to the node's resolver; a kubelab cluster has no Internet behind it, so they are
 * NXDOMAIN too.
 */
import type { KubeObject } from '@kubelab/core';

export interface DnsSource {
  service(namespace: string, name: string): KubeObject | undefined;
  slicesOf(namespace: string, service: string): readonly KubeObject[];
  namespaceExists?(namespace: string): boolean;
}

/** An answer: addresses (possibly none: NODATA), and the canonical name when a CNAME led there. */
export interface DnsRecords {
  addresses: string[];
  cname?: string;
}

interface SliceEndpoint {
  addresses?: string[];
  hostname?: string;
  conditions?: { ready?: boolean | null };
}

export class ClusterDns {
  constructor(
    private readonly source: DnsSource,
    readonly clusterDomain = 'cluster.local',
  ) {}

  /** The records of a fully qualified name; undefined for NXDOMAIN. */
  lookup(fqdn: string, depth = 0): DnsRecords | undefined {
    const name = fqdn.replace(/\.$/, '').toLowerCase();
    const zone = `.${this.clusterDomain}`;
    if (!name.endsWith(zone)) return undefined;
    const labels = name.slice(0, -zone.length).split('.');
    const kind = labels[labels.length - 1];
    if (kind === 'svc') {
      if (labels.length === 2) return this.namespaceExists(labels[0]!) ? { addresses: [] } : undefined;
      if (labels.length === 3) return this.serviceRecords(labels[1]!, labels[0]!, depth);
      if (labels.length === 4) return this.endpointRecords(labels[2]!, labels[1]!, labels[0]!);
      return undefined;
    }
    if (kind === 'pod' && labels.length === 3) {
      const ip = dashedIP(labels[0]!);
      return ip ? { addresses: [ip] } : undefined;
    }
    return undefined;
  }

  private serviceRecords(namespace: string, name: string, depth: number): DnsRecords | undefined {
    const svc = this.source.service(namespace, name);
    if (!svc) return undefined;
    const spec = (svc['spec'] ?? {}) as { type?: string; clusterIP?: string; externalName?: string; publishNotReadyAddresses?: boolean };
    if (spec.type === 'ExternalName') {
      const target = (spec.externalName ?? '').replace(/\.$/, '');
      const inner = depth < 8 ? this.lookup(target, depth + 1) : undefined;
      return { addresses: inner?.addresses ?? [], cname: target };
    }
    if (spec.clusterIP && spec.clusterIP !== 'None') return { addresses: [spec.clusterIP] };
    const addresses = new Set<string>();
    for (const e of this.endpoints(namespace, name)) {
      if (e.conditions?.ready === false && !spec.publishNotReadyAddresses) continue;
      if (e.addresses?.[0]) addresses.add(e.addresses[0]);
    }
    return { addresses: [...addresses] };
  }

  /** hostname.service.namespace.svc: an endpoint of a headless Service, by hostname or dashed IP. */
  private endpointRecords(namespace: string, service: string, label: string): DnsRecords | undefined {
    const svc = this.source.service(namespace, service);
    const clusterIP = (svc?.['spec'] as { clusterIP?: string } | undefined)?.clusterIP;
    if (!svc || (clusterIP && clusterIP !== 'None')) return undefined;
    const byIP = dashedIP(label);
    for (const e of this.endpoints(namespace, service)) {
      const ip = e.addresses?.[0];
      if (ip && (e.hostname === label || ip === byIP)) return { addresses: [ip] };
    }
    return undefined;
  }

  private endpoints(namespace: string, service: string): SliceEndpoint[] {
    return this.source.slicesOf(namespace, service).flatMap((s) => (s['endpoints'] ?? []) as SliceEndpoint[]);
  }

  private namespaceExists(namespace: string): boolean {
    return this.source.namespaceExists?.(namespace) ?? true;
  }
}

/** "10-244-1-5" → "10.244.1.5". */
function dashedIP(label: string): string | undefined {
  const parts = label.split('-');
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255)) return undefined;
  return parts.join('.');
}

/**
 * The names a stub resolver tries for `name` (resolv.conf(5)): a name ending in "." as is;
 * one with at least ndots dots as is first, then with each search domain; any other with
 * each search domain first, then as is.
 */
export function queryNames(name: string, searches: string[], options: string[]): string[] {
  if (name.endsWith('.')) return [name.slice(0, -1)];
  const ndots = Number(options.find((o) => o.startsWith('ndots:'))?.slice(6) ?? 1);
  const dots = name.split('.').length - 1;
  const searched = searches.map((s) => `${name}.${s}`);
  return dots >= ndots ? [name, ...searched] : [...searched, name];
}
