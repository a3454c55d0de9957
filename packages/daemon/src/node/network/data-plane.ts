/**
 * The cluster's data path as seen from the host: what `kubelab curl URL [--trace]` and
 * `kubelab node iptables NODE` call on the daemon (Daemon.dataPath). A request from outside
 * comes from the host's address on the nodes' network (172.18.0.1, as kind's Docker bridge
 * gateway) and enters the node it is addressed to — NODE_IP:NODE_PORT — or, for a
 * LoadBalancer ingress IP the simulated cloud assigned, the node announcing it (data-path.ts).
 *
 * Host names resolve as the host's resolver would: node names on the nodes' network, nothing
 * of the cluster's DNS. Timeouts are reported at once (the simulation does not wait).
 */
import type { TableName } from '../proxy/rules.js';
import type { ServiceProxy } from '../proxy/kube-proxy.js';
import type { DataPath } from './data-path.js';
import { type HttpAnswer, isIPv4 } from './network.js';

export interface CurlOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface CurlResult {
  /** 'unresolved': the host name did not resolve. */
  outcome: 'connected' | 'refused' | 'timeout' | 'unreachable' | 'unresolved';
  url: string;
  /** The address connected to (after name resolution). */
  ip?: string;
  port: number;
  /** The answer, when connected to a server that speaks HTTP. */
  http?: HttpAnswer;
  /** One line per hop: name resolution, routes, rules matched, DNAT, SNAT, the answer. */
  hops: string[];
}

export interface DataPlane {
  curl(url: string, options?: CurlOptions): Promise<CurlResult>;
  /** iptables-save of the node's kube-proxy rules; undefined when no such simulated node has them. */
  iptablesSave(nodeName: string, tables?: TableName[]): string | undefined;
}

export class CurlUrlError extends Error {}

export function dataPlane(path: DataPath, proxy: ServiceProxy): DataPlane {
  return {
    async curl(raw, options = {}) {
      const url = parseHttpUrl(raw);
      const hops: string[] = [];
      let ip = url.host;
      if (!isIPv4(ip)) {
        const answer = await path.resolve(url.host, { nodeName: '', ip: path.externalSource });
        hops.push(...(answer.hops ?? []));
        if (!('addresses' in answer) || !answer.addresses[0]) return { outcome: 'unresolved', url: raw, port: url.port, hops };
        ip = answer.addresses[0];
      }
      const result = await path.connectFromOutside({
        ip,
        port: url.port,
        protocol: 'TCP',
        http: { method: options.method ?? 'GET', path: url.path, host: url.hostHeader, headers: { 'User-Agent': 'curl/8.5.0', Accept: '*/*', ...options.headers }, body: options.body },
      });
      hops.push(...(result.hops ?? []));
      const http = result.outcome === 'connected' ? result.http : undefined;
      return { outcome: result.outcome, url: raw, ip, port: url.port, ...(http ? { http } : {}), hops };
    },
    iptablesSave(nodeName, tables) {
      return proxy.proxyFor(nodeName)?.save(tables);
    },
  };
}

function parseHttpUrl(raw: string): { host: string; port: number; path: string; hostHeader: string } {
  let u: URL;
  try {
    u = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `http://${raw}`);
  } catch {
    throw new CurlUrlError(`URL rejected: Malformed input to a URL function`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new CurlUrlError(`Protocol "${u.protocol.replace(':', '')}" not supported`);
  if (!u.hostname) throw new CurlUrlError('URL rejected: No host part in the URL');
  const port = u.port ? Number(u.port) : u.protocol === 'https:' ? 443 : 80;
  return { host: u.hostname, port, path: `${u.pathname || '/'}${u.search}`, hostHeader: u.port ? `${u.hostname}:${u.port}` : u.hostname };
}
