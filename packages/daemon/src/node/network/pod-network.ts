/**
 * The pod network as a flat CNI network provides it: every pod IP is reachable from every
 * pod and node without NAT, and a connection to IP:port reaches whichever container of
 * that pod listens there (container runtimes register their sandboxes here; host-network
 * sandboxes register on their node's IP, where they share the node's ports). This is the
 * base the data path (data-path.ts) builds on; on its own it knows no names and no Services:
 *
 *   pod IP, port open        → connected (the server's answer)
 *   pod IP, nothing on port  → connection refused
 *   a node's IP              → a host-network pod listening there, else connection refused
 *   Service range 10.96/12   → connection refused (no kube-proxy rules at this layer)
 *   anything else            → timeout
 *   DNS                      → timeout (no cluster DNS server at this layer)
 */
import type { ClusterNetwork, ConnectRequest, ConnectResult, DnsAnswer, NetworkSource } from './network.js';

/** What answers on one IP: a pod sandbox (or a node). */
export interface NetworkEndpoint {
  nodeName: string;
  /** The pod whose sandbox this is. */
  pod?: { namespace: string; name: string };
  connect(request: ConnectRequest): Promise<ConnectResult>;
}

export class PodNetwork implements ClusterNetwork {
  private readonly endpoints = new Map<string, NetworkEndpoint>();
  private readonly nodeIPs = new Set<string>();
  /** Host-network sandboxes by node IP: they listen on the node's own ports. */
  private readonly hosts = new Map<string, Set<NetworkEndpoint>>();
  private nextPort = 40_000;

  register(ip: string, endpoint: NetworkEndpoint): void {
    this.endpoints.set(ip, endpoint);
  }

  unregister(ip: string, endpoint?: NetworkEndpoint): void {
    if (!endpoint || this.endpoints.get(ip) === endpoint) this.endpoints.delete(ip);
  }

  registerHost(nodeIP: string, endpoint: NetworkEndpoint): void {
    let set = this.hosts.get(nodeIP);
    if (!set) this.hosts.set(nodeIP, (set = new Set()));
    set.add(endpoint);
  }

  unregisterHost(nodeIP: string, endpoint: NetworkEndpoint): void {
    this.hosts.get(nodeIP)?.delete(endpoint);
  }

  /** Whether ip is a node's address. */
  isNode(ip: string): boolean {
    return this.nodeIPs.has(ip);
  }

  addNode(ip: string): void {
    this.nodeIPs.add(ip);
  }

  removeNode(ip: string): void {
    this.nodeIPs.delete(ip);
  }

  /** The endpoint at ip (the data path resolves Service backends to these). */
  endpoint(ip: string): NetworkEndpoint | undefined {
    return this.endpoints.get(ip);
  }

  async resolve(_name: string, _source: NetworkSource): Promise<DnsAnswer> {
    return { error: 'timeout' };
  }

  async connect(request: ConnectRequest): Promise<ConnectResult> {
    const ip = request.ip === '127.0.0.1' || request.ip === 'localhost' ? request.source.ip : request.ip;
    const endpoint = this.endpoints.get(ip);
    if (endpoint) return endpoint.connect({ ...request, ip });
    if (this.nodeIPs.has(ip)) return this.connectHost(ip, { ...request, ip });
    if (inServiceRange(ip)) return { outcome: 'refused' };
    return { outcome: 'timeout' };
  }

  /** A node's own port: whichever host-network sandbox listens there. */
  async connectHost(nodeIP: string, request: ConnectRequest): Promise<ConnectResult> {
    for (const endpoint of this.hosts.get(nodeIP) ?? []) {
      const result = await endpoint.connect(request);
      if (result.outcome !== 'refused') return result;
    }
    return { outcome: 'refused' };
  }

  /** The host-network sandbox on nodeIP that listens on port, if any (for traces). */
  hostEndpoints(nodeIP: string): NetworkEndpoint[] {
    return [...(this.hosts.get(nodeIP) ?? [])];
  }

  /** An ephemeral source port for a new connection (what RemoteAddr shows). */
  ephemeralPort(): number {
    this.nextPort = this.nextPort >= 60_999 ? 40_000 : this.nextPort + 1;
    return this.nextPort;
  }
}

/** 10.96.0.0/12: kubeadm's default Service CIDR. */
function inServiceRange(ip: string): boolean {
  const [a, b] = ip.split('.').map(Number);
  return a === 10 && b !== undefined && b >= 96 && b <= 111;
}
