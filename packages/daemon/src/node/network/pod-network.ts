/**
 * The pod network as a flat CNI network provides it: every pod IP is reachable from every
 * pod and node without NAT, and a connection to IP:port reaches whichever container of
 * that pod listens there (container runtimes register their sandboxes here). This is the
 * base the data-path task builds on; on its own it knows no names and no Services:
 *
 *   pod IP, port open        → connected (the server's answer)
 *   pod IP, nothing on port  → connection refused
 *   a node's IP              → connection refused (no NodePorts or host ports yet)
 *   Service range 10.96/12   → connection refused (no kube-proxy rules yet)
 *   anything else            → timeout
 *   DNS                      → timeout (no cluster DNS server yet)
 */
import type { ClusterNetwork, ConnectRequest, ConnectResult, DnsAnswer, NetworkSource } from './network.js';

/** What answers on one IP: a pod sandbox (or a node). */
export interface NetworkEndpoint {
  nodeName: string;
  connect(request: ConnectRequest): Promise<ConnectResult>;
}

export class PodNetwork implements ClusterNetwork {
  private readonly endpoints = new Map<string, NetworkEndpoint>();
  private readonly nodeIPs = new Set<string>();
  private nextPort = 40_000;

  register(ip: string, endpoint: NetworkEndpoint): void {
    this.endpoints.set(ip, endpoint);
  }

  unregister(ip: string, endpoint?: NetworkEndpoint): void {
    if (!endpoint || this.endpoints.get(ip) === endpoint) this.endpoints.delete(ip);
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
    if (this.nodeIPs.has(ip) || inServiceRange(ip)) return { outcome: 'refused' };
    return { outcome: 'timeout' };
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
