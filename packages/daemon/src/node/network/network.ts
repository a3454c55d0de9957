/**
 * The simulated network, as a container's tools (wget, curl, nc, nslookup) and the kubelet's
 * probes use it: one pluggable function pair — resolve a name, connect to an address. The
 * pod network (pod-network.ts) is the flat CNI network: pod IPs answer directly from the
 * container listening there. The data path (data-path.ts) wraps it with what a cluster adds:
 * each node's kube-proxy rules (ClusterIP, NodePort, LoadBalancer) and cluster DNS served by
 * the CoreDNS pods behind the kube-dns Service.
 */

/** Where a connection comes from: a pod's network namespace, or a node's (probes, hostNetwork). */
export interface NetworkSource {
  nodeName: string;
  /** The pod's IP; the node's InternalIP for the kubelet and host-network pods. */
  ip: string;
  /** The pod making the connection, when one does. */
  pod?: { namespace: string; name: string; hostname: string };
  /** The resolver configuration of the source (its /etc/resolv.conf), when it has one. */
  dns?: { servers: string[]; searches: string[]; options: string[] };
}

export interface HttpRequest {
  method: string;
  path: string;
  /** The Host header. */
  host: string;
  headers: Record<string, string>;
  body?: string;
}

export interface HttpAnswer {
  status: number;
  /** "OK", "Not Found" — what the status line carries. */
  statusText: string;
  headers: Record<string, string>;
  body: string;
}

export interface ConnectRequest {
  source: NetworkSource;
  ip: string;
  port: number;
  protocol: 'TCP' | 'UDP' | 'SCTP';
  /** Send one HTTP request over the connection and read the answer. */
  http?: HttpRequest;
}

/**
 * How a connection attempt ends. `hops` lists what the packet went through, one line each
 * (the data path's `--trace`: the iptables rules that matched, DNAT, routes between nodes,
 * the answer).
 */
export type ConnectResult =
  | { outcome: 'connected'; http?: HttpAnswer; banner?: string; hops?: string[] }
  | { outcome: 'refused'; hops?: string[] }
  | { outcome: 'timeout'; hops?: string[] }
  | { outcome: 'unreachable'; hops?: string[] };

/**
 * A DNS answer: addresses, or why there are none — NXDOMAIN (the server does not know the
 * name) or timeout (no DNS server answered: the state of a cluster without cluster DNS).
 */
export type DnsAnswer =
  | { addresses: string[]; name?: string; server?: string; hops?: string[] }
  | { error: 'NXDOMAIN' | 'timeout'; server?: string; hops?: string[] };

/** The cluster's network: what the node manager gives every container and prober. */
export interface ClusterNetwork {
  /**
   * DNS: a name as the source's resolver would look it up (the pod's search domains and
   * ndots applied by the implementation). /etc/hosts is read by the caller first.
   */
  resolve(name: string, source: NetworkSource): Promise<DnsAnswer>;
  connect(request: ConnectRequest): Promise<ConnectResult>;
}

/** The network bound to one container: its source filled in. */
export interface ContainerNetwork {
  readonly source: NetworkSource;
  resolve(name: string): Promise<DnsAnswer>;
  connect(request: Omit<ConnectRequest, 'source'>): Promise<ConnectResult>;
}

export function bindNetwork(network: ClusterNetwork, source: NetworkSource): ContainerNetwork {
  return {
    source,
    resolve: (name) => network.resolve(name, source),
    connect: (request) => network.connect({ ...request, source }),
  };
}

/** A dotted-quad IPv4 address. */
export function isIPv4(s: string): boolean {
  const parts = s.split('.');
  return parts.length === 4 && parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255);
}

/** Reason phrases of the status codes the catalogue uses. */
export function statusText(status: number): string {
  const TEXT: Record<number, string> = {
    200: 'OK', 201: 'Created', 204: 'No Content', 301: 'Moved Permanently', 302: 'Found', 304: 'Not Modified',
    400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed',
    500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable', 504: 'Gateway Timeout',
  };
  return TEXT[status] ?? '';
}
