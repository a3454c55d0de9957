/** kubectl describe node (describeNode, describeNodeResource, describeNodeLease in k8s.io/kubectl/pkg/describe). */
import { formatBytes, formatCpu, parseQuantity } from '@kubelab/core/quantity';
import { type Obj, describeEvents, printAnnotationsMultiline, printLabelsMultiline, printTaintsMultiline, rfc1123z, since } from './common.js';
import { LEVEL_0, LEVEL_1, type PrefixWriter, tabbed } from './writer.js';

const ROLE_PREFIX = 'node-role.kubernetes.io/';

export function describeNode(node: Obj, pods: Obj[], lease: Obj | undefined, events: Obj[] | undefined, now = Date.now()): string {
  return tabbed((w) => {
    const meta = node['metadata'] ?? {};
    const spec = node['spec'] ?? {};
    const status = node['status'] ?? {};
    w.write(LEVEL_0, `Name:\t${meta['name']}\n`);
    const roles = new Set<string>();
    for (const [k, v] of Object.entries((meta['labels'] ?? {}) as Record<string, string>)) {
      if (k.startsWith(ROLE_PREFIX) && k.length > ROLE_PREFIX.length) roles.add(k.slice(ROLE_PREFIX.length));
      else if (k === 'kubernetes.io/role' && v) roles.add(v);
    }
    w.write(LEVEL_0, `Roles:\t${roles.size ? [...roles].sort().join(',') : '<none>'}\n`);
    printLabelsMultiline(w, 'Labels', meta['labels']);
    printAnnotationsMultiline(w, 'Annotations', meta['annotations']);
    w.write(LEVEL_0, `CreationTimestamp:\t${rfc1123z(meta['creationTimestamp'])}\n`);
    printTaintsMultiline(w, 'Taints', spec['taints']);
    w.write(LEVEL_0, `Unschedulable:\t${spec['unschedulable'] === true}\n`);
    w.write(LEVEL_0, 'Lease:\n');
    const ls = lease?.['spec'] ?? {};
    w.write(LEVEL_1, `HolderIdentity:\t${ls['holderIdentity'] ?? '<unset>'}\n`);
    w.write(LEVEL_1, `AcquireTime:\t${ls['acquireTime'] ? rfc1123z(ls['acquireTime']) : '<unset>'}\n`);
    w.write(LEVEL_1, `RenewTime:\t${ls['renewTime'] ? rfc1123z(ls['renewTime']) : '<unset>'}\n`);
    if (status['conditions']?.length) {
      w.write(LEVEL_0, 'Conditions:\n  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage\n');
      w.write(LEVEL_1, '----\t------\t-----------------\t------------------\t------\t-------\n');
      for (const c of status['conditions'] as Obj[]) {
        w.write(LEVEL_1, `${c['type']} \t${c['status']} \t${rfc1123z(c['lastHeartbeatTime'])} \t${rfc1123z(c['lastTransitionTime'])} \t${c['reason'] ?? ''} \t${c['message'] ?? ''}\n`);
      }
    }
    w.write(LEVEL_0, 'Addresses:\n');
    for (const a of (status['addresses'] ?? []) as Obj[]) w.write(LEVEL_1, `${a['type']}:\t${a['address']}\n`);
    for (const [title, key] of [['Capacity', 'capacity'], ['Allocatable', 'allocatable']] as const) {
      const list = (status[key] ?? {}) as Record<string, string>;
      if (Object.keys(list).length === 0) continue;
      w.write(LEVEL_0, `${title}:\n`);
      for (const r of Object.keys(list).sort()) w.write(LEVEL_0, `  ${r}:\t${list[r]}\n`);
    }
    const info = status['nodeInfo'] ?? {};
    w.write(LEVEL_0, 'System Info:\n');
    for (const [label, key] of [
      ['Machine ID', 'machineID'],
      ['System UUID', 'systemUUID'],
      ['Boot ID', 'bootID'],
      ['Kernel Version', 'kernelVersion'],
      ['OS Image', 'osImage'],
      ['Operating System', 'operatingSystem'],
      ['Architecture', 'architecture'],
      ['Container Runtime Version', 'containerRuntimeVersion'],
      ['Kubelet Version', 'kubeletVersion'],
      ['Kube-Proxy Version', 'kubeProxyVersion'],
    ]) {
      w.write(LEVEL_0, `  ${label}:\t${info[key!] ?? ''}\n`);
    }
    if (spec['podCIDR']) w.write(LEVEL_0, `PodCIDR:\t${spec['podCIDR']}\n`);
    if (spec['podCIDRs']?.length) w.write(LEVEL_0, `PodCIDRs:\t${spec['podCIDRs'].join(',')}\n`);
    if (spec['providerID']) w.write(LEVEL_0, `ProviderID:\t${spec['providerID']}\n`);
    describeNodeResource(pods, node, w, now);
    describeEvents(events, w, now);
  });
}

type Resources = Record<string, number>;

/** resourcehelper.PodRequestsAndLimits: the sum over containers, or the largest init container if more. */
export function podRequestsAndLimits(pod: Obj): { req: Resources; limit: Resources } {
  const sum = (key: 'requests' | 'limits') => {
    const total: Resources = {};
    for (const c of (pod['spec']?.['containers'] ?? []) as Obj[]) {
      for (const [r, q] of Object.entries((c['resources']?.[key] ?? {}) as Record<string, string>)) total[r] = (total[r] ?? 0) + parseQuantity(q);
    }
    for (const c of (pod['spec']?.['initContainers'] ?? []) as Obj[]) {
      for (const [r, q] of Object.entries((c['resources']?.[key] ?? {}) as Record<string, string>)) total[r] = Math.max(total[r] ?? 0, parseQuantity(q));
    }
    for (const [r, q] of Object.entries((pod['spec']?.['overhead'] ?? {}) as Record<string, string>)) if (r in total) total[r] = total[r]! + parseQuantity(q);
    return total;
  };
  return { req: sum('requests'), limit: sum('limits') };
}

function show(resource: string, v: number | undefined): string {
  if (!v) return '0';
  return resource === 'cpu' ? formatCpu(v) : formatBytes(v);
}

function pct(v: number | undefined, of: number): number {
  return of ? Math.trunc(((v ?? 0) / of) * 100) : 0;
}

function describeNodeResource(pods: Obj[], node: Obj, w: PrefixWriter, now: number): void {
  const status = node['status'] ?? {};
  const alloc = (Object.keys(status['allocatable'] ?? {}).length ? status['allocatable'] : status['capacity'] ?? {}) as Record<string, string>;
  const cpu = alloc['cpu'] ? parseQuantity(alloc['cpu']) : 0;
  const mem = alloc['memory'] ? parseQuantity(alloc['memory']) : 0;
  const eph = alloc['ephemeral-storage'] ? parseQuantity(alloc['ephemeral-storage']) : 0;
  w.write(LEVEL_0, `Non-terminated Pods:\t(${pods.length} in total)\n`);
  w.write(LEVEL_1, 'Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge\n');
  w.write(LEVEL_1, '---------\t----\t\t------------\t----------\t---------------\t-------------\t---\n');
  const totalReq: Resources = {};
  const totalLimit: Resources = {};
  for (const pod of pods) {
    const { req, limit } = podRequestsAndLimits(pod);
    for (const [r, v] of Object.entries(req)) totalReq[r] = (totalReq[r] ?? 0) + v;
    for (const [r, v] of Object.entries(limit)) totalLimit[r] = (totalLimit[r] ?? 0) + v;
    w.write(
      LEVEL_1,
      `${pod['metadata']['namespace']}\t${pod['metadata']['name']}\t\t${show('cpu', req['cpu'])} (${pct(req['cpu'], cpu)}%)\t${show('cpu', limit['cpu'])} (${pct(limit['cpu'], cpu)}%)\t${show('memory', req['memory'])} (${pct(req['memory'], mem)}%)\t${show('memory', limit['memory'])} (${pct(limit['memory'], mem)}%)\t${since(pod['metadata']['creationTimestamp'], now)}\n`,
    );
  }
  w.write(LEVEL_0, 'Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n');
  w.write(LEVEL_1, 'Resource\tRequests\tLimits\n');
  w.write(LEVEL_1, '--------\t--------\t------\n');
  for (const [r, of] of [['cpu', cpu], ['memory', mem], ['ephemeral-storage', eph]] as const) {
    w.write(LEVEL_1, `${r}\t${show(r, totalReq[r])} (${pct(totalReq[r], of)}%)\t${show(r, totalLimit[r])} (${pct(totalLimit[r], of)}%)\n`);
  }
  const standard = new Set(['cpu', 'memory', 'ephemeral-storage', 'storage', 'pods']);
  for (const r of Object.keys(alloc).sort()) {
    if (r.startsWith('hugepages-')) w.write(LEVEL_1, `${r}\t${show(r, totalReq[r])} (${pct(totalReq[r], parseQuantity(alloc[r]!))}%)\t${show(r, totalLimit[r])} (${pct(totalLimit[r], parseQuantity(alloc[r]!))}%)\n`);
  }
  for (const r of Object.keys(alloc).sort()) {
    if (!standard.has(r) && !r.startsWith('hugepages-') && !r.startsWith('requests.') && !r.startsWith('limits.')) w.write(LEVEL_1, `${r}\t${show('', totalReq[r])}\t${show('', totalLimit[r])}\n`);
  }
}
