/**
 * A node's index in the cluster: podCIDR 10.244.<index>.0/24 and InternalIP
 * 172.18.0.<index + 2> (node-manager.ts). Every kubelet allocates its own (there is no
 * node IPAM controller), so one started by a drill or a node agent in another process must
 * pick an index no Node of the cluster uses yet — read from the Nodes' podCIDRs and
 * InternalIPs, as a kubeadm join never reuses a live node's addresses.
 */
import type { KubeObject } from '@kubelab/core';
import { ipToNumber } from '../cni.js';

const POD_CIDR_BASE = ipToNumber('10.244.0.0');
const NODE_IP_BASE = ipToNumber('172.18.0.2');

/** The indexes the Nodes hold, by their podCIDR or InternalIP. */
export function usedNodeIndexes(nodes: readonly KubeObject[]): Set<number> {
  const used = new Set<number>();
  for (const node of nodes) {
    const cidr = /^(\d+\.\d+\.\d+\.0)\/24$/.exec(String((node['spec'] as { podCIDR?: string } | undefined)?.podCIDR ?? ''));
    const fromCidr = cidr ? (ipToNumber(cidr[1]!) - POD_CIDR_BASE) / 256 : -1;
    if (Number.isInteger(fromCidr) && fromCidr >= 0) used.add(fromCidr);
    const addresses = (node['status'] as { addresses?: Array<{ type: string; address: string }> } | undefined)?.addresses ?? [];
    const ip = addresses.find((a) => a.type === 'InternalIP')?.address;
    const fromIp = ip && /^\d+\.\d+\.\d+\.\d+$/.test(ip) ? ipToNumber(ip) - NODE_IP_BASE : -1;
    if (fromIp >= 0 && fromIp < 65_536) used.add(fromIp);
  }
  return used;
}

/**
 * The index for a new node: the one it had (a Node of that name already exists: it comes
 * back with its addresses), N for worker-N when free, else the lowest free from 1.
 */
export function nodeIndexFor(name: string, nodes: readonly KubeObject[], local: Iterable<number> = []): number {
  const own = nodes.find((n) => n.metadata?.name === name);
  const others = nodes.filter((n) => n !== own);
  const used = usedNodeIndexes(others);
  for (const i of local) used.add(i);
  const previous = own ? [...usedNodeIndexes([own])][0] : undefined;
  if (previous !== undefined && !used.has(previous)) return previous;
  const m = /^worker-(\d+)$/.exec(name);
  if (m && !used.has(Number(m[1]))) return Number(m[1]);
  let i = 1;
  while (used.has(i)) i++;
  return i;
}
