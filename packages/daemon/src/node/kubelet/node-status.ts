/**
 * The Node a kubelet registers and the status it keeps (kubelet_node_status.go and the
 * setters of pkg/kubelet/nodestatus): addresses, capacity and allocatable (capacity less the
 * hard-eviction thresholds, memory.available<100Mi and nodefs.available<10%), the
 * MemoryPressure / DiskPressure / PIDPressure / Ready conditions with upstream's reasons and
 * messages, nodeInfo (kubelet version, the runtime's name and version), the images on the
 * node (largest first, at most 50) and the daemon endpoint.
 *
 * Status is computed every nodeStatusUpdateFrequency (10 s) but written only when it
 * changed or nodeStatusReportFrequency (5 min) has passed — the lease carries the heartbeat
 * in between, which is what keeps a thousand idle nodes cheap.
 */
import { createHash } from 'node:crypto';
import { type KubeObject, parseQuantity, timestamp } from '@kubelab/core';
import { canonicalQuantity } from '@kubelab/core/defaults/canonical-quantity';
import type { Image } from '../runtime/cri.js';
import { KUBELET_VERSION, type NodeSpec } from './config.js';

export interface NodeCondition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  lastHeartbeatTime: string;
  lastTransitionTime: string;
  reason: string;
  message: string;
}

const MAX_IMAGES = 50;
const EVICTION_MEMORY = 100 * 1024 * 1024;

export const CONDITIONS: Array<Omit<NodeCondition, 'lastHeartbeatTime' | 'lastTransitionTime'>> = [
  { type: 'MemoryPressure', status: 'False', reason: 'KubeletHasSufficientMemory', message: 'kubelet has sufficient memory available' },
  { type: 'DiskPressure', status: 'False', reason: 'KubeletHasNoDiskPressure', message: 'kubelet has no disk pressure' },
  { type: 'PIDPressure', status: 'False', reason: 'KubeletHasSufficientPID', message: 'kubelet has sufficient PID available' },
  { type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' },
];

/** The Node object a kubelet registers (initialNode). */
export function initialNode(spec: NodeSpec, runtimeEndpoint: string): KubeObject {
  const labels: Record<string, string> = {
    'beta.kubernetes.io/arch': 'amd64',
    'beta.kubernetes.io/os': 'linux',
    'kubernetes.io/arch': 'amd64',
    'kubernetes.io/hostname': spec.name,
    'kubernetes.io/os': 'linux',
    // kubeadm's mark-control-plane phase: the role label, and out of external load balancers.
    ...(spec.controlPlane ? { 'node-role.kubernetes.io/control-plane': '', 'node.kubernetes.io/exclude-from-external-load-balancers': '' } : {}),
    ...(spec.labels ?? {}),
  };
  const taints = [...(spec.controlPlane ? [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] : []), ...(spec.taints ?? [])];
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: spec.name,
      labels,
      annotations: {
        'kubeadm.alpha.kubernetes.io/cri-socket': runtimeEndpoint,
        'node.alpha.kubernetes.io/ttl': '0',
        'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
      },
    },
    spec: {
      podCIDR: spec.podCIDR,
      podCIDRs: [spec.podCIDR],
      providerID: `kubelab://${spec.name}`,
      ...(taints.length ? { taints } : {}),
    },
  };
}

export interface NodeStatusInput {
  spec: NodeSpec;
  runtimeName: string;
  runtimeVersion: string;
  images: Image[];
  /** The conditions the API server has now (transition times carry over). */
  previous: NodeCondition[] | undefined;
  now: number;
  bootID: string;
}

export function nodeStatus(input: NodeStatusInput): Record<string, unknown> {
  const { spec, now } = input;
  const memory = parseQuantity(spec.memory);
  const storage = parseQuantity(spec.ephemeralStorage);
  const capacity = {
    cpu: spec.cpu,
    'ephemeral-storage': `${Math.floor(storage / 1024)}Ki`,
    'hugepages-1Gi': '0',
    'hugepages-2Mi': '0',
    memory: `${Math.floor(memory / 1024)}Ki`,
    pods: String(spec.pods),
  };
  const allocatable = {
    ...capacity,
    'ephemeral-storage': String(Math.floor(storage * 0.9)),
    memory: `${Math.floor((memory - EVICTION_MEMORY) / 1024)}Ki`,
  };
  // As the API server stores them (4194304Ki is kept as 4Gi), so comparisons see no change.
  for (const list of [capacity, allocatable] as Array<Record<string, string>>) {
    for (const k of Object.keys(list)) list[k] = canonicalQuantity(list[k]) ?? list[k]!;
  }
  const conditions: NodeCondition[] = CONDITIONS.map((c) => {
    const old = input.previous?.find((p) => p.type === c.type);
    const same = old && old.status === c.status;
    return { ...c, lastHeartbeatTime: timestamp(now), lastTransitionTime: same ? old.lastTransitionTime : timestamp(now) };
  });
  const images = [...input.images]
    .sort((a, b) => b.size - a.size)
    .slice(0, MAX_IMAGES)
    .map((i) => ({ names: [...i.repoDigests, ...i.repoTags], sizeBytes: i.size }));
  return {
    addresses: [
      { type: 'InternalIP', address: spec.internalIP },
      { type: 'Hostname', address: spec.name },
    ],
    allocatable,
    capacity,
    conditions,
    daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
    features: { supplementalGroupsPolicy: true },
    images,
    nodeInfo: {
      architecture: 'amd64',
      bootID: input.bootID,
      containerRuntimeVersion: `${input.runtimeName}://${input.runtimeVersion}`,
      kernelVersion: '6.8.0-kubelab',
      kubeProxyVersion: '',
      kubeletVersion: KUBELET_VERSION,
      machineID: hashId(`machine:${spec.name}`).replace(/-/g, ''),
      operatingSystem: 'linux',
      osImage: 'Debian GNU/Linux 12 (bookworm)',
      systemUUID: hashId(`system:${spec.name}`),
    },
    runtimeHandlers: [
      { name: '', features: { recursiveReadOnlyMounts: true, userNamespaces: true } },
      { name: 'runc', features: { recursiveReadOnlyMounts: true, userNamespaces: true } },
    ],
  };
}

/** True when status differs from what the API server has, heartbeat times aside. */
export function statusChanged(next: Record<string, unknown>, current: Record<string, unknown> | undefined): boolean {
  if (!current) return true;
  const strip = (s: Record<string, unknown>) =>
    JSON.stringify({ ...s, conditions: ((s['conditions'] as NodeCondition[] | undefined) ?? []).map(({ lastHeartbeatTime: _h, ...c }) => c) });
  return strip(next) !== strip(current);
}

/** A UUID-shaped id derived from s (stable per node). */
export function hashId(s: string): string {
  const h = createHash('sha256').update(s).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}
