/**
 * The cluster's data path: what happens between a client and a server in a kubelab cluster,
 * the way a packet travels in a real one (kind with a flat CNI and kube-proxy in iptables
 * mode). A connection from a pod or a node:
 *
 *   1. enters its node's netfilter: nat PREROUTING for a pod's traffic (it arrives from the
 *      pod's veth), nat OUTPUT for the node's own (host-network pods, the kubelet's probes);
 *      kube-proxy's rules may DNAT a Service address to one endpoint, chosen by the rules'
 *      `statistic` matches with this data path's random source (seeded with kubelabd --seed);
 *   2. goes through the filter table (no endpoints: REJECT → connection refused; Local
 *      policy without a local endpoint: DROP → timeout);
 *   3. is masqueraded in POSTROUTING when marked (its source becomes the node's address, or
 *      the bridge's when the endpoint is on the same node);
 *   4. is routed: a pod IP reaches that pod wherever it runs, without NAT; another node's IP
 *      enters that node (its NodePorts); an address nothing owns is lost (timeout), an unused
 *      pod address has no route (unreachable).
 *
 * From outside (`kubelab curl`), traffic comes from the host on the nodes' network and enters
 * the node it is addressed to, or for a LoadBalancer IP the node announcing it. ClusterIPs and
 * pod IPs are not routed from outside, as on kind.
 *
 * DNS (resolve): the source's resolver configuration (its resolv.conf: nameserver 10.96.0.10,
 * the namespace's search path, ndots:5) decides the names tried; the query goes to the
 * nameserver over this same path — UDP 53 to the kube-dns Service, DNATed to a CoreDNS pod —
 * and a CoreDNS pod that answers serves the cluster's records (cluster-dns.ts). No ready
 * CoreDNS pod: the query times out, as it does when CoreDNS is scaled to zero.
 *
 * Every result carries its hops: the lines `kubelab curl --trace` prints.
 */
import type { Clock, KubeObject } from '@kubelab/core';
import { type Packet, type WalkResult, inCidr, walk } from '../proxy/evaluate.js';
import { type KubeProxy, type NodeAddresses, type ServiceProxy, nodeAddresses } from '../proxy/kube-proxy.js';
import type { Rule } from '../proxy/rules.js';
import { ruleText } from '../proxy/save.js';
import { ClusterDns, queryNames } from './cluster-dns.js';
import type { ClusterNetwork, ConnectRequest, ConnectResult, DnsAnswer, NetworkSource } from './network.js';
import type { NetworkEndpoint, PodNetwork } from './pod-network.js';

export interface DataPathOptions {
  pods: PodNetwork;
  proxy: ServiceProxy;
  clock: Clock;
  /** The statistic matches' dice (seeded by kubelabd --seed; Math.random otherwise). */
  random?: () => number;
  clusterDomain?: string;
  /** Where traffic from outside the cluster comes from: the host on the nodes' network. */
  externalSource?: string;
}

/** A connection's result and, when it reached one, the sandbox that answered. */
type Delivered = ConnectResult & { endpoint?: NetworkEndpoint };

interface Flight {
  src: string;
  dst: string;
  port: number;
  protocol: ConnectRequest['protocol'];
  http?: ConnectRequest['http'];
  source: NetworkSource;
  hops: string[];
}

/** kube-system/kube-dns's ClusterIP in kubeadm clusters: the tenth address of the Service range. */
export const CLUSTER_DNS_IP = '10.96.0.10';
const SERVICE_CIDR = '10.96.0.0/12';
const EXCLUDE_FROM_LB = 'node.kubernetes.io/exclude-from-external-load-balancers';

export function hop(kind: string, text: string): string {
  return `${kind.padEnd(8)} ${text}`;
}

export class DataPath implements ClusterNetwork {
  readonly dns: ClusterDns;
  readonly externalSource: string;
  private readonly random: () => number;
  private nodeIndex: { version: number; byName: Map<string, NodeAddresses>; byIP: Map<string, NodeAddresses> } | undefined;
  private nodesVersion = 0;

  constructor(private readonly options: DataPathOptions) {
    this.random = options.random ?? Math.random;
    this.externalSource = options.externalSource ?? '172.18.0.1';
    this.dns = new ClusterDns(options.proxy, options.clusterDomain);
    const bump = () => this.nodesVersion++;
    options.proxy.nodes.addEventHandler({ onAdd: bump, onUpdate: bump, onDelete: bump });
  }

  // ---- DNS ------------------------------------------------------------------------------

  async resolve(name: string, source: NetworkSource): Promise<DnsAnswer> {
    const dns = source.dns;
    if (!dns) return this.hostResolve(name);
    const hops: string[] = [];
    const names = queryNames(name, dns.searches, dns.options);
    for (const server of dns.servers) {
      const reached = await this.route({ src: source.ip, dst: server, port: 53, protocol: 'UDP', source, hops: [] }, source.nodeName, this.entryChain(source));
      if (reached.outcome !== 'connected') {
        hops.push(hop('dns', `${server}:53/UDP: no answer (${reached.outcome === 'refused' ? 'no ready DNS endpoint' : reached.outcome})`));
        continue;
      }
      const by = reached.endpoint?.pod ? `${reached.endpoint.pod.namespace}/${reached.endpoint.pod.name}` : 'the DNS server';
      for (const q of names) {
        const records = this.dns.lookup(q);
        if (!records || records.addresses.length === 0) continue;
        const what = records.cname ? `CNAME ${records.cname}, A ${records.addresses.join(', ')}` : `A ${records.addresses.join(', ')}`;
        hops.push(hop('dns', `${name} → ${q}: ${what} (${by} behind ${server})`));
        return { addresses: records.addresses, name: q, server, hops };
      }
      hops.push(hop('dns', `${name}: NXDOMAIN (tried ${names.join(', ')}; ${by} behind ${server})`));
      return { error: 'NXDOMAIN', server, hops };
    }
    return { error: 'timeout', hops };
  }

  /**
   * A node's own resolver (and a client outside the cluster): the nodes' network names its
   * members — kind's Docker network resolves node names — and knows nothing of the cluster.
   */
  private hostResolve(name: string): DnsAnswer {
    const node = this.nodes().byName.get(name.replace(/\.$/, ''));
    if (node?.internalIP) return { addresses: [node.internalIP], name: node.name, hops: [hop('dns', `${name} → ${node.internalIP} (a node on the nodes' network)`)] };
    return { error: 'NXDOMAIN', hops: [hop('dns', `${name}: NXDOMAIN (outside the cluster, cluster names do not resolve)`)] };
  }

  // ---- connections ----------------------------------------------------------------------

  async connect(request: ConnectRequest): Promise<ConnectResult> {
    const { source } = request;
    if (request.ip === 'localhost' || request.ip.startsWith('127.')) return this.options.pods.connect(request);
    const flight: Flight = { src: source.ip, dst: request.ip, port: request.port, protocol: request.protocol, http: request.http, source, hops: [] };
    return strip(await this.route(flight, source.nodeName, this.entryChain(source)));
  }

  /** A pod's traffic enters its node from the pod's veth (PREROUTING); the node's own leaves through OUTPUT. */
  private entryChain(source: NetworkSource): 'PREROUTING' | 'OUTPUT' {
    const node = this.nodes().byName.get(source.nodeName);
    return !source.pod || source.ip === node?.internalIP ? 'OUTPUT' : 'PREROUTING';
  }

  /** A connection from outside the cluster (`kubelab curl`): to a node's address or a LoadBalancer IP. */
  async connectFromOutside(request: Omit<ConnectRequest, 'source'>): Promise<ConnectResult> {
    const source: NetworkSource = { nodeName: '', ip: this.externalSource };
    const flight: Flight = { src: source.ip, dst: request.ip, port: request.port, protocol: request.protocol, http: request.http, source, hops: [] };
    const node = this.nodes().byIP.get(request.ip);
    if (node) {
      flight.hops.push(hop('route', `${request.ip} is node ${node.name}`));
      return strip(await this.route(flight, node.name, 'PREROUTING'));
    }
    const lb = this.loadBalancerOf(request.ip);
    if (lb) {
      const announcer = this.announcer(lb);
      if (!announcer) return { outcome: 'timeout', hops: [hop('lb', `${request.ip} (${lb.metadata?.namespace}/${lb.metadata?.name}): no Ready node announces it`)] };
      flight.hops.push(hop('lb', `${request.ip} is the load balancer of ${lb.metadata?.namespace}/${lb.metadata?.name}; node ${announcer.name} (${announcer.internalIP}) answers for it`));
      return strip(await this.route(flight, announcer.name, 'PREROUTING'));
    }
    const why = inCidr(request.ip, SERVICE_CIDR) || this.podCIDROwner(request.ip)
      ? 'ClusterIPs and pod IPs are routed only inside the cluster (use a NodePort or a LoadBalancer IP, or --from a node or pod)'
      : 'no node, pod or load balancer has this address';
    return { outcome: 'timeout', hops: [hop('route', `${request.ip}: ${why}`)] };
  }

  /** Netfilter on one node, then the route: the steps of the header comment. */
  private async route(f: Flight, nodeName: string, chain: 'PREROUTING' | 'OUTPUT', depth = 0): Promise<Delivered> {
    const node = this.nodes().byName.get(nodeName);
    const proxy = this.options.proxy.proxyFor(nodeName);
    const packet: Packet = { src: f.src, dst: f.dst, dport: f.port, protocol: lower(f.protocol), mark: 0, ctstates: ['NEW'] };
    let translated = false;
    if (proxy && node) {
      const rules = proxy.rules();
      const ctx = this.walkContext(node, proxy);
      f.hops.push(hop('node', `${node.name} (${node.internalIP}): nat ${chain}`));
      const nat = walk(rules.nat, chain, packet, ctx);
      f.hops.push(...ruleHops(nat));
      if (nat.dnat) {
        translated = true;
        f.hops.push(hop('dnat', `${f.dst}:${f.port} → ${packet.dst}:${packet.dport}`));
      }
      const local = ctx.isLocal(packet.dst);
      const filter = walk(rules.filter, local ? 'INPUT' : chain === 'OUTPUT' ? 'OUTPUT' : 'FORWARD', packet, ctx);
      if (filter.verdict !== 'ACCEPT') {
        f.hops.push(...ruleHops(filter));
        if (filter.verdict === 'REJECT') return { outcome: 'refused', hops: [...f.hops, hop('answer', 'connection refused (ICMP port unreachable from the REJECT rule)')] };
        return { outcome: 'timeout', hops: [...f.hops, hop('answer', 'no answer: the packet was dropped')] };
      }
      if (!local && walk(rules.nat, 'POSTROUTING', packet, ctx).masquerade) {
        const bridge = node.podCIDR && inCidr(packet.dst, node.podCIDR) ? gatewayOf(node.podCIDR) : undefined;
        packet.src = bridge ?? node.internalIP ?? packet.src;
        f.hops.push(hop('snat', `masquerade: source ${f.src} → ${packet.src}`));
      }
    }
    const next: Flight = { ...f, src: packet.src, dst: packet.dst, port: packet.dport };
    return this.deliver(next, node, translated, depth);
  }

  private async deliver(f: Flight, node: NodeAddresses | undefined, translated: boolean, depth: number): Promise<Delivered> {
    const { pods } = this.options;
    const request: ConnectRequest = { source: { ...f.source, ip: f.src }, ip: f.dst, port: f.port, protocol: f.protocol, http: f.http };
    const endpoint = pods.endpoint(f.dst);
    if (endpoint) {
      if (endpoint.nodeName !== node?.name) {
        const there = this.nodes().byName.get(endpoint.nodeName);
        f.hops.push(hop('route', `${f.dst} is on node ${endpoint.nodeName} (podCIDR ${there?.podCIDR ?? '?'}, via ${there?.internalIP ?? '?'})`));
      }
      const who = endpoint.pod ? `pod ${endpoint.pod.namespace}/${endpoint.pod.name}` : 'pod';
      f.hops.push(hop('pod', `${who} ${f.dst}:${f.port}/${f.protocol}`));
      const result = await endpoint.connect(request);
      return { ...result, endpoint, hops: [...f.hops, answerHop(result, f)] };
    }
    const owner = this.nodes().byIP.get(f.dst);
    if (owner) {
      if (owner.name !== node?.name && !translated && depth === 0) {
        f.hops.push(hop('route', `${f.dst} is node ${owner.name}`));
        return this.route(f, owner.name, 'PREROUTING', depth + 1);
      }
      const host = await this.hostConnect(f.dst, request);
      const hopText = host.endpoint?.pod ? `host-network pod ${host.endpoint.pod.namespace}/${host.endpoint.pod.name} on ${owner.name}` : `node ${owner.name}'s own port`;
      f.hops.push(hop('host', `${hopText} ${f.dst}:${f.port}/${f.protocol}`));
      return { ...host, hops: [...f.hops, answerHop(host, f)] };
    }
    if (this.podCIDROwner(f.dst)) {
      return { outcome: 'unreachable', hops: [...f.hops, hop('route', `${f.dst}: no pod has this address (no route to host)`)] };
    }
    const why = inCidr(f.dst, SERVICE_CIDR) ? `no rule on ${node?.name ?? 'this node'} matched ${f.dst}:${f.port}/${f.protocol}; the packet leaves the node and is lost` : `nothing answers at ${f.dst}`;
    return { outcome: 'timeout', hops: [...f.hops, hop('route', why)] };
  }

  private async hostConnect(nodeIP: string, request: ConnectRequest): Promise<Delivered> {
    for (const endpoint of this.options.pods.hostEndpoints(nodeIP)) {
      const result = await endpoint.connect(request);
      if (result.outcome !== 'refused') return { ...result, endpoint };
    }
    return { outcome: 'refused' };
  }

  private walkContext(node: NodeAddresses, proxy: KubeProxy) {
    const gateway = node.podCIDR ? gatewayOf(node.podCIDR) : undefined;
    return {
      isLocal: (ip: string) => ip === node.internalIP || ip === gateway || ip.startsWith('127.'),
      random: this.random,
      recent: proxy.recent,
      now: this.options.clock.now(),
    };
  }

  // ---- where addresses are ----------------------------------------------------------------

  private nodes(): { byName: Map<string, NodeAddresses>; byIP: Map<string, NodeAddresses> } {
    if (!this.nodeIndex || this.nodeIndex.version !== this.nodesVersion) {
      const byName = new Map<string, NodeAddresses>();
      const byIP = new Map<string, NodeAddresses>();
      for (const n of this.options.proxy.nodes.lister.list()) {
        const a = nodeAddresses(n);
        byName.set(a.name, a);
        if (a.internalIP) byIP.set(a.internalIP, a);
      }
      this.nodeIndex = { version: this.nodesVersion, byName, byIP };
    }
    return this.nodeIndex;
  }

  private podCIDROwner(ip: string): NodeAddresses | undefined {
    for (const n of this.nodes().byName.values()) if (n.podCIDR && inCidr(ip, n.podCIDR)) return n;
    return undefined;
  }

  private loadBalancerOf(ip: string): KubeObject | undefined {
    return this.options.proxy.services.lister
      .list()
      .find((s) => ((s['status'] as { loadBalancer?: { ingress?: Array<{ ip?: string }> } } | undefined)?.loadBalancer?.ingress ?? []).some((i) => i.ip === ip));
  }

  /**
   * The node that answers for a load balancer IP, as MetalLB's L2 mode elects one: a Ready
   * node with a kube-proxy, not excluded from load balancers (kubeadm's control-plane label),
   * first by name — and with externalTrafficPolicy Local, one that has a ready endpoint.
   */
  private announcer(svc: KubeObject): NodeAddresses | undefined {
    const local = (svc['spec'] as { externalTrafficPolicy?: string } | undefined)?.externalTrafficPolicy === 'Local';
    const withEndpoints = new Set<string>();
    if (local) {
      for (const s of this.options.proxy.slicesOf(svc.metadata!.namespace!, svc.metadata!.name!)) {
        for (const e of (s['endpoints'] ?? []) as Array<{ nodeName?: string; conditions?: { ready?: boolean } }>) if (e.nodeName && e.conditions?.ready !== false) withEndpoints.add(e.nodeName);
      }
    }
    return [...this.nodes().byName.values()]
      .filter((n) => n.ready && n.internalIP && this.options.proxy.proxyFor(n.name) && !(EXCLUDE_FROM_LB in n.labels) && (!local || withEndpoints.has(n.name)))
      .sort((a, b) => (a.name < b.name ? -1 : 1))[0];
  }
}

/** The rules that did something, without the fixed hooks (PREROUTING → KUBE-SERVICES, the MARK itself). */
function ruleHops(result: WalkResult): string[] {
  return result.matched.filter((r: Rule) => !['PREROUTING', 'OUTPUT', 'INPUT', 'FORWARD', 'KUBE-MARK-MASQ'].includes(r.chain)).map((r) => hop('rule', ruleText(r)));
}

function answerHop(result: ConnectResult, f: Flight): string {
  switch (result.outcome) {
    case 'connected':
      if (result.http) return hop('answer', `HTTP/1.1 ${result.http.status} ${result.http.statusText} (${Buffer.byteLength(result.http.body)} bytes)`);
      return hop('answer', result.banner ? `connected; the server says ${JSON.stringify(result.banner.trim())}` : 'connected');
    case 'refused':
      return hop('answer', `connection refused: nothing listens on ${f.dst}:${f.port}/${f.protocol}`);
    case 'unreachable':
      return hop('answer', 'no route to host');
    case 'timeout':
      return hop('answer', 'no answer (timed out)');
  }
}

function strip(d: Delivered): ConnectResult {
  const { endpoint: _endpoint, ...result } = d;
  return result;
}

function lower(p: ConnectRequest['protocol']): Packet['protocol'] {
  return p.toLowerCase() as Packet['protocol'];
}

/** The bridge's address on a node: the first of its podCIDR (host-local IPAM's gateway). */
function gatewayOf(podCIDR: string): string {
  const [net] = podCIDR.split('/');
  const parts = net!.split('.').map(Number);
  parts[3] = (parts[3] ?? 0) + 1;
  return parts.join('.');
}
