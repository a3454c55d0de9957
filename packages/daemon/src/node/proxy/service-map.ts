/**
 * What kube-proxy reads from Services and EndpointSlices (pkg/proxy/servicechangetracker.go,
 * endpointschangetracker.go, endpointslicecache.go): one entry per Service port — ClusterIP,
 * NodePort, external and LoadBalancer IPs, session affinity, traffic policies — and per
 * port its endpoints, merged from every slice of the Service, sorted by "ip:port".
 *
 * Headless Services (clusterIP None) and ExternalName Services have no proxy rules; cluster
 * DNS answers for them instead.
 */
import type { KubeObject } from '@kubelab/core';
import { type Protocol, servicePortName } from './chains.js';

export interface ServicePortInfo {
  namespace: string;
  name: string;
  /** The port's name ("" when unnamed). */
  portName: string;
  /** proxy.ServicePortName's String(): "ns/name:port". */
  svcPortName: string;
  protocol: Protocol;
  clusterIP: string;
  port: number;
  nodePort?: number;
  externalIPs: string[];
  loadBalancerIPs: string[];
  loadBalancerSourceRanges: string[];
  /** sessionAffinity ClientIP: its timeout; undefined for None. */
  affinitySeconds?: number;
  externalPolicyLocal: boolean;
  internalPolicyLocal: boolean;
  healthCheckNodePort?: number;
  /** Has a NodePort, external IPs or LoadBalancer IPs: traffic from outside reaches it. */
  externallyAccessible: boolean;
}

export interface ProxyEndpoint {
  ip: string;
  port: number;
  /** "ip:port" */
  endpoint: string;
  nodeName?: string;
  ready: boolean;
  serving: boolean;
  terminating: boolean;
  /** The pod behind it, for the data path's trace. */
  targetRef?: { namespace?: string; name?: string };
}

interface ServiceSpec {
  type?: string;
  clusterIP?: string;
  ports?: Array<{ name?: string; protocol?: string; port: number; nodePort?: number }>;
  externalIPs?: string[];
  sessionAffinity?: string;
  sessionAffinityConfig?: { clientIP?: { timeoutSeconds?: number } };
  externalTrafficPolicy?: string;
  internalTrafficPolicy?: string;
  loadBalancerSourceRanges?: string[];
  healthCheckNodePort?: number;
}

interface SliceEndpoint {
  addresses?: string[];
  conditions?: { ready?: boolean | null; serving?: boolean | null; terminating?: boolean | null };
  nodeName?: string;
  targetRef?: { namespace?: string; name?: string };
}

/** The Service's ports kube-proxy programs (none for headless and ExternalName Services). */
export function servicePorts(svc: KubeObject): ServicePortInfo[] {
  const spec = (svc['spec'] ?? {}) as ServiceSpec;
  const clusterIP = spec.clusterIP;
  if (!clusterIP || clusterIP === 'None' || spec.type === 'ExternalName') return [];
  const namespace = svc.metadata!.namespace!;
  const name = svc.metadata!.name!;
  const ingress = ((svc['status'] as { loadBalancer?: { ingress?: Array<{ ip?: string; ipMode?: string }> } } | undefined)?.loadBalancer?.ingress ?? []) as Array<{ ip?: string; ipMode?: string }>;
  // ipMode Proxy: the load balancer proxies to the nodes itself; kube-proxy leaves its IP alone.
  const loadBalancerIPs = spec.type === 'LoadBalancer' ? ingress.filter((i) => i.ip && i.ipMode !== 'Proxy').map((i) => i.ip!) : [];
  const externalIPs = spec.externalIPs ?? [];
  const externalPolicyLocal = spec.externalTrafficPolicy === 'Local' && (spec.type === 'NodePort' || spec.type === 'LoadBalancer');
  return (spec.ports ?? []).map((p) => {
    const portName = p.name ?? '';
    const nodePort = (spec.type === 'NodePort' || spec.type === 'LoadBalancer') && p.nodePort ? p.nodePort : undefined;
    return {
      namespace,
      name,
      portName,
      svcPortName: servicePortName(namespace, name, portName),
      protocol: (p.protocol ?? 'TCP').toLowerCase() as Protocol,
      clusterIP,
      port: p.port,
      nodePort,
      externalIPs,
      loadBalancerIPs,
      loadBalancerSourceRanges: spec.type === 'LoadBalancer' ? spec.loadBalancerSourceRanges ?? [] : [],
      affinitySeconds: spec.sessionAffinity === 'ClientIP' ? spec.sessionAffinityConfig?.clientIP?.timeoutSeconds ?? 10800 : undefined,
      externalPolicyLocal,
      internalPolicyLocal: spec.internalTrafficPolicy === 'Local',
      healthCheckNodePort: externalPolicyLocal && spec.type === 'LoadBalancer' ? spec.healthCheckNodePort : undefined,
      externallyAccessible: nodePort !== undefined || externalIPs.length > 0 || loadBalancerIPs.length > 0,
    };
  });
}

/**
 * The endpoints of one Service port from the Service's slices: the slice port with the same
 * name and protocol gives the target port. Duplicates across slices (an endpoint moving
 * between slices) count once.
 */
export function endpointsFor(port: ServicePortInfo, slices: readonly KubeObject[]): ProxyEndpoint[] {
  const byEndpoint = new Map<string, ProxyEndpoint>();
  for (const slice of slices) {
    if ((slice['addressType'] ?? 'IPv4') !== 'IPv4') continue;
    const ports = (slice['ports'] ?? []) as Array<{ name?: string | null; port?: number | null; protocol?: string | null }>;
    const sp = ports.find((p) => (p.name ?? '') === port.portName && (p.protocol ?? 'TCP').toLowerCase() === port.protocol);
    if (!sp?.port) continue;
    for (const e of (slice['endpoints'] ?? []) as SliceEndpoint[]) {
      const ip = e.addresses?.[0];
      if (!ip) continue;
      const ready = e.conditions?.ready ?? true;
      const endpoint = `${ip}:${sp.port}`;
      if (byEndpoint.has(endpoint)) continue;
      byEndpoint.set(endpoint, {
        ip,
        port: sp.port,
        endpoint,
        nodeName: e.nodeName,
        ready: ready !== false,
        serving: (e.conditions?.serving ?? ready) !== false,
        terminating: e.conditions?.terminating === true,
        targetRef: e.targetRef,
      });
    }
  }
  return [...byEndpoint.values()].sort((a, b) => (a.endpoint < b.endpoint ? -1 : a.endpoint > b.endpoint ? 1 : 0));
}

/**
 * CategorizeEndpoints (pkg/proxy/topology.go): the endpoints for traffic that stays in the
 * cluster and for traffic from outside. Ready endpoints are used; when a set has none, its
 * serving-and-terminating endpoints are used instead (graceful termination), so a rolling
 * update never leaves a gap. Which set a Service's traffic uses is the traffic policies'
 * choice (proxier.ts): Local means the local set.
 */
export function categorizeEndpoints(endpoints: ProxyEndpoint[], nodeName: string): { cluster: ProxyEndpoint[]; local: ProxyEndpoint[] } {
  const usable = (set: ProxyEndpoint[]) => {
    const ready = set.filter((e) => e.ready);
    return ready.length ? ready : set.filter((e) => e.serving && e.terminating);
  };
  return { cluster: usable(endpoints), local: usable(endpoints.filter((e) => e.nodeName === nodeName)) };
}
