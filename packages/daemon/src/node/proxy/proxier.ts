/**
 * syncProxyRules: the iptables rules kube-proxy's iptables mode keeps on one node
 * (pkg/proxy/iptables/proxier.go), computed from the Service ports and their endpoints.
 *
 * Fixed plumbing: PREROUTING and OUTPUT jump to KUBE-SERVICES; KUBE-MARK-MASQ sets bit 0x4000
 * and KUBE-POSTROUTING masquerades what carries it; the filter table's KUBE-FORWARD accepts
 * marked traffic. Per Service port:
 *
 *   KUBE-SERVICES  -d <clusterIP> --dport <port>        → KUBE-SVC (or REJECT in filter: no endpoints)
 *                  -d <LB IP | external IP> --dport …   → KUBE-EXT (KUBE-FW with source ranges)
 *   KUBE-NODEPORTS --dport <nodePort>                   → KUBE-EXT
 *   KUBE-EXT       Cluster policy: mark for masquerade  → KUBE-SVC
 *                  Local policy: pods and the node itself → KUBE-SVC, the rest → KUBE-SVL
 *   KUBE-SVC/SVL   ! -s <cluster CIDR> -d <clusterIP> → mark; then one rule per endpoint,
 *                  `-m statistic --probability 1/n, 1/(n-1), …, (last: always)` — an even
 *                  spread; with ClientIP affinity first `-m recent --rcheck` per endpoint
 *   KUBE-SEP       -s <itself> → mark (hairpin); DNAT to ip:port (`-m recent --set` with affinity)
 *   KUBE-SERVICES  last: --dst-type LOCAL → KUBE-NODEPORTS
 *
 * Service ports are written in name order and endpoints in "ip:port" order, so a node's
 * rules are a pure function of the API objects and the node — stable across syncs.
 */
import {
  KUBE_EXTERNAL_SERVICES,
  KUBE_FIREWALL,
  KUBE_FORWARD,
  KUBE_KUBELET_CANARY,
  KUBE_MARK_MASQ,
  KUBE_NODEPORTS,
  KUBE_POSTROUTING,
  KUBE_PROXY_CANARY,
  KUBE_PROXY_FIREWALL,
  KUBE_SERVICES,
  MASQUERADE_MARK,
  endpointChain,
  externalChain,
  firewallChain,
  serviceChain,
  serviceLocalChain,
} from './chains.js';
import { type Match, type Ruleset, type Table, append, jump, m, newTable } from './rules.js';
import { type ProxyEndpoint, type ServicePortInfo, categorizeEndpoints } from './service-map.js';

export interface ProxierConfig {
  nodeName: string;
  /** kube-proxy's --cluster-cidr: traffic from outside it to a ClusterIP is masqueraded. */
  clusterCIDR: string;
  /** --iptables-localhost-nodeports (true): NodePorts answer on 127.0.0.1 too. */
  localhostNodePorts?: boolean;
}

export interface ServicePortState {
  port: ServicePortInfo;
  endpoints: ProxyEndpoint[];
}

const REJECT = { kind: 'REJECT', with: 'icmp-port-unreachable' } as const;
const DROP = { kind: 'DROP' } as const;
const MARK_MASQ = jump(KUBE_MARK_MASQ);

export function syncProxyRules(services: ServicePortState[], config: ProxierConfig): Ruleset {
  const nat = newTable('nat');
  const filter = newTable('filter');
  writeFixedRules(nat, filter);
  const sorted = [...services].sort((a, b) => compare(a.port.svcPortName, b.port.svcPortName) || compare(a.port.protocol, b.port.protocol));
  for (const s of sorted) writeServicePort(nat, filter, s, config);
  append(nat, KUBE_SERVICES, [m.comment('kubernetes service nodeports; NOTE: this must be the last rule in this chain'), m.dstLocal()], jump(KUBE_NODEPORTS));
  return { nat, filter };
}

function writeFixedRules(nat: Table, filter: Table): void {
  for (const t of [nat, filter]) {
    t.chains.add(KUBE_PROXY_CANARY);
    t.chains.add(KUBE_KUBELET_CANARY);
  }
  for (const c of [KUBE_SERVICES, KUBE_EXTERNAL_SERVICES, KUBE_NODEPORTS, KUBE_PROXY_FIREWALL]) filter.chains.add(c);
  nat.chains.add(KUBE_NODEPORTS);
  const newConn = m.ctstate(['NEW']);
  append(filter, 'INPUT', [newConn, m.comment('kubernetes load balancer firewall')], jump(KUBE_PROXY_FIREWALL));
  append(filter, 'INPUT', [m.comment('kubernetes health check service ports')], jump(KUBE_NODEPORTS));
  append(filter, 'INPUT', [newConn, m.comment('kubernetes externally-visible service portals')], jump(KUBE_EXTERNAL_SERVICES));
  append(filter, 'INPUT', [], jump(KUBE_FIREWALL));
  append(filter, 'FORWARD', [newConn, m.comment('kubernetes load balancer firewall')], jump(KUBE_PROXY_FIREWALL));
  append(filter, 'FORWARD', [m.comment('kubernetes forwarding rules')], jump(KUBE_FORWARD));
  append(filter, 'FORWARD', [newConn, m.comment('kubernetes service portals')], jump(KUBE_SERVICES));
  append(filter, 'FORWARD', [newConn, m.comment('kubernetes externally-visible service portals')], jump(KUBE_EXTERNAL_SERVICES));
  append(filter, 'OUTPUT', [newConn, m.comment('kubernetes load balancer firewall')], jump(KUBE_PROXY_FIREWALL));
  append(filter, 'OUTPUT', [newConn, m.comment('kubernetes service portals')], jump(KUBE_SERVICES));
  append(filter, 'OUTPUT', [], jump(KUBE_FIREWALL));
  append(
    filter,
    KUBE_FIREWALL,
    [m.src('127.0.0.0/8', true), m.dst('127.0.0.0/8'), m.comment('block incoming localnet connections'), m.ctstate(['RELATED', 'ESTABLISHED', 'DNAT'], true)],
    DROP,
  );
  append(filter, KUBE_FORWARD, [m.ctstate(['INVALID'])], DROP);
  append(filter, KUBE_FORWARD, [m.comment('kubernetes forwarding rules'), { kind: 'mark', value: MASQUERADE_MARK, mask: MASQUERADE_MARK }], { kind: 'ACCEPT' });
  append(filter, KUBE_FORWARD, [m.comment('kubernetes forwarding conntrack rule'), m.ctstate(['RELATED', 'ESTABLISHED'])], { kind: 'ACCEPT' });

  append(nat, 'PREROUTING', [m.comment('kubernetes service portals')], jump(KUBE_SERVICES));
  append(nat, 'OUTPUT', [m.comment('kubernetes service portals')], jump(KUBE_SERVICES));
  append(nat, 'POSTROUTING', [m.comment('kubernetes postrouting rules')], jump(KUBE_POSTROUTING));
  append(nat, KUBE_MARK_MASQ, [], { kind: 'MARK', value: MASQUERADE_MARK, mask: MASQUERADE_MARK });
  append(nat, KUBE_POSTROUTING, [{ kind: 'mark', value: MASQUERADE_MARK, mask: MASQUERADE_MARK, negate: true }], { kind: 'RETURN' });
  append(nat, KUBE_POSTROUTING, [], { kind: 'MARK', value: MASQUERADE_MARK, mask: 0 });
  append(nat, KUBE_POSTROUTING, [m.comment('kubernetes service traffic requiring SNAT')], { kind: 'MASQUERADE', randomFully: true });
}

function writeServicePort(nat: Table, filter: Table, { port: svc, endpoints }: ServicePortState, config: ProxierConfig): void {
  const name = svc.svcPortName;
  const proto = svc.protocol;
  const { cluster, local } = categorizeEndpoints(endpoints, config.nodeName);
  const svcChain = serviceChain(name, proto);
  const svlChain = serviceLocalChain(name, proto);
  const extChain = externalChain(name, proto);
  const fwChain = firewallChain(name, proto);

  const internalChain = svc.internalPolicyLocal ? svlChain : svcChain;
  const internalEndpoints = svc.internalPolicyLocal ? local : cluster;
  const externalEndpoints = svc.externalPolicyLocal ? local : cluster;
  const usesExternalChain = cluster.length > 0 && svc.externallyAccessible;
  const usesServiceChain = cluster.length > 0 && (!svc.internalPolicyLocal || usesExternalChain);
  const usesLocalChain = local.length > 0 && (svc.internalPolicyLocal || (svc.externalPolicyLocal && usesExternalChain));
  const usesFirewall = usesExternalChain && svc.loadBalancerSourceRanges.length > 0 && svc.loadBalancerIPs.length > 0;
  // Why nothing answers from outside: no endpoints at all (REJECT), or none on this node
  // under the Local policy (DROP: the client should try a node that has one).
  const noExternal = (): [string, { kind: 'REJECT'; with: 'icmp-port-unreachable' } | { kind: 'DROP' }] =>
    cluster.length > 0 ? [`${name} has no local endpoints`, DROP] : [`${name} has no endpoints`, REJECT];
  const portMatch = (ip: string, comment: string): Match[] => [m.dst(ip), m.proto(proto), m.comment(comment), m.dport(proto, svc.port)];

  if (internalEndpoints.length > 0) append(nat, KUBE_SERVICES, portMatch(svc.clusterIP, `${name} cluster IP`), jump(internalChain));
  else append(filter, KUBE_SERVICES, portMatch(svc.clusterIP, `${name} has no endpoints`), REJECT);

  for (const ip of svc.externalIPs) {
    if (externalEndpoints.length > 0) append(nat, KUBE_SERVICES, portMatch(ip, `${name} external IP`), jump(extChain));
    else {
      const [comment, target] = noExternal();
      append(filter, KUBE_EXTERNAL_SERVICES, portMatch(ip, comment), target);
    }
  }
  for (const ip of svc.loadBalancerIPs) {
    if (externalEndpoints.length > 0) append(nat, KUBE_SERVICES, portMatch(ip, `${name} loadbalancer IP`), jump(usesFirewall ? fwChain : extChain));
    else {
      const [comment, target] = noExternal();
      append(filter, KUBE_EXTERNAL_SERVICES, portMatch(ip, comment), target);
    }
    if (usesFirewall) append(filter, KUBE_PROXY_FIREWALL, portMatch(ip, `${name} traffic not accepted by ${fwChain}`), DROP);
  }
  if (svc.nodePort !== undefined) {
    if (externalEndpoints.length > 0) {
      if (config.localhostNodePorts ?? true) {
        append(nat, KUBE_NODEPORTS, [m.dst('127.0.0.0/8'), m.proto(proto), m.comment(name), m.dport(proto, svc.nodePort), { kind: 'nfacct', name: 'localhost_nps_accepted_pkts' }], jump(extChain));
      }
      append(nat, KUBE_NODEPORTS, [m.proto(proto), m.comment(name), m.dport(proto, svc.nodePort)], jump(extChain));
    } else {
      const [comment, target] = noExternal();
      append(filter, KUBE_EXTERNAL_SERVICES, [m.proto(proto), m.comment(comment), m.dstLocal(), m.dport(proto, svc.nodePort)], target);
    }
  }
  if (svc.healthCheckNodePort !== undefined) {
    append(filter, KUBE_NODEPORTS, [m.proto('tcp'), m.comment(`${name} health check node port`), m.dport('tcp', svc.healthCheckNodePort)], { kind: 'ACCEPT' });
  }

  if (usesServiceChain) {
    nat.chains.add(svcChain);
    append(nat, svcChain, [m.src(config.clusterCIDR, true), ...portMatch(svc.clusterIP, `${name} cluster IP`)], MARK_MASQ);
    writeBalancingRules(nat, svcChain, svc, cluster);
  }
  if (usesLocalChain) {
    nat.chains.add(svlChain);
    writeBalancingRules(nat, svlChain, svc, local);
  }
  if (usesExternalChain) {
    nat.chains.add(extChain);
    if (!svc.externalPolicyLocal) {
      append(nat, extChain, [m.comment(`masquerade traffic for ${name} external destinations`)], MARK_MASQ);
      append(nat, extChain, [], jump(svcChain));
    } else {
      // Pods and the node itself reach the Service as from inside; the rest keeps its
      // source IP and goes to this node's endpoints only.
      append(nat, extChain, [m.src(config.clusterCIDR), m.comment(`pod traffic for ${name} external destinations`)], jump(svcChain));
      append(nat, extChain, [m.comment(`masquerade LOCAL traffic for ${name} external destinations`), m.srcLocal()], MARK_MASQ);
      append(nat, extChain, [m.comment(`route LOCAL traffic for ${name} external destinations`), m.srcLocal()], jump(svcChain));
      if (local.length > 0) append(nat, extChain, [], jump(svlChain));
    }
  }
  if (usesFirewall) {
    nat.chains.add(fwChain);
    for (const range of svc.loadBalancerSourceRanges) append(nat, fwChain, [m.src(range), m.comment(`${name} loadbalancer IP`)], jump(extChain));
    append(nat, fwChain, [m.comment(`other traffic to ${name} will be dropped by KUBE-PROXY-FIREWALL`)]);
  }

  const written = new Set<string>();
  for (const ep of [...(usesServiceChain ? cluster : []), ...(usesLocalChain ? local : [])]) {
    if (written.has(ep.endpoint)) continue;
    written.add(ep.endpoint);
    const sep = endpointChain(name, proto, ep.endpoint);
    append(nat, sep, [m.src(ep.ip), m.comment(name)], MARK_MASQ);
    const affinity: Match[] = svc.affinitySeconds !== undefined ? [{ kind: 'recent', name: sep, mode: 'set' }] : [];
    append(nat, sep, [m.proto(proto), m.comment(name), ...affinity, m.dport(proto)], { kind: 'DNAT', to: ep.endpoint });
  }
}

/** An even random spread over endpoints, after the affinity checks when ClientIP affinity is on. */
function writeBalancingRules(nat: Table, chain: string, svc: ServicePortInfo, endpoints: ProxyEndpoint[]): void {
  const name = svc.svcPortName;
  if (svc.affinitySeconds !== undefined) {
    for (const ep of endpoints) {
      const sep = endpointChain(name, svc.protocol, ep.endpoint);
      append(nat, chain, [m.comment(`${name} -> ${ep.endpoint}`), { kind: 'recent', name: sep, mode: 'rcheck', seconds: svc.affinitySeconds }], jump(sep));
    }
  }
  endpoints.forEach((ep, i) => {
    const left = endpoints.length - i;
    const matches: Match[] = [m.comment(`${name} -> ${ep.endpoint}`)];
    if (left > 1) matches.push(m.probability(1 / left));
    append(nat, chain, matches, jump(endpointChain(name, svc.protocol, ep.endpoint)));
  });
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
