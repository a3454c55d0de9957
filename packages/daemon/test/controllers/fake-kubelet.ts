/**
 * The test playing the kubelet, until simulated nodes exist: register Nodes with their
 * conditions, renew their Leases in kube-node-lease, and report pod status (phase, IP,
 * Ready) through the status subresource — the same writes a kubelet makes.
 */
import { type KubeObject, microTimestamp, resourceFor, timestamp } from '@kubelab/core';
import type { KubeClient } from '@kubelab/core/client/client';
import type { FakeClock } from '@kubelab/core';
import { NAMESPACES, PODS, find } from './cluster.js';

export const NODES = resourceFor('', 'v1', 'nodes')!;
export const LEASES = resourceFor('coordination.k8s.io', 'v1', 'leases')!;

export class FakeKubelet {
  constructor(
    private readonly client: KubeClient,
    private readonly clock: FakeClock,
  ) {}

  /** Registers a node reporting Ready (or not), with a fresh Lease. */
  async registerNode(name: string, options: { ready?: boolean; labels?: Record<string, string>; internalIP?: string } = {}): Promise<KubeObject> {
    if (!(await find(this.client, NAMESPACES, 'kube-node-lease'))) await this.client.create(NAMESPACES, { metadata: { name: 'kube-node-lease' } });
    const node = await this.client.create(NODES, {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name, labels: { 'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux', ...(options.labels ?? {}) } },
      spec: {},
      status: {
        conditions: this.conditions(options.ready ?? true),
        addresses: options.internalIP ? [{ type: 'InternalIP', address: options.internalIP }] : [],
        capacity: { cpu: '4', memory: '8Gi', pods: '110' },
      },
    });
    await this.client.create(LEASES, {
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: { name, namespace: 'kube-node-lease' },
      spec: { holderIdentity: name, leaseDurationSeconds: 40, renewTime: microTimestamp(this.clock.now()) },
    });
    return node;
  }

  /** The kubelet's heartbeat: renewTime moves to now. */
  async renewLease(name: string): Promise<void> {
    const lease = await this.client.get(LEASES, name, { namespace: 'kube-node-lease' });
    await this.client.update(LEASES, { ...lease, spec: { ...(lease['spec'] as object), renewTime: microTimestamp(this.clock.now()) } });
  }

  /** Posts node status with a fresh heartbeat: Ready True or False. */
  async postNodeStatus(name: string, ready: boolean): Promise<void> {
    const node = await this.client.get(NODES, name);
    await this.client.updateStatus(NODES, { ...node, status: { ...(node['status'] as object), conditions: this.conditions(ready) } });
  }

  conditions(ready: boolean) {
    const now = timestamp(this.clock.now());
    const c = (type: string, status: string, reason: string, message: string) => ({ type, status, reason, message, lastHeartbeatTime: now, lastTransitionTime: now });
    return [
      c('MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'),
      c('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
      c('PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'),
      ready ? c('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status') : c('Ready', 'False', 'KubeletNotReady', 'container runtime is down'),
    ];
  }

  /** Reports a pod Running with an IP, Ready or not. */
  async runPod(namespace: string, name: string, options: { ip: string; ready?: boolean }): Promise<KubeObject> {
    const pod = await this.client.get(PODS, name, { namespace });
    const now = timestamp(this.clock.now());
    const ready = options.ready ?? true;
    return this.client.updateStatus(PODS, {
      ...pod,
      status: {
        ...(pod['status'] as object),
        phase: 'Running',
        podIP: options.ip,
        podIPs: [{ ip: options.ip }],
        hostIP: '172.18.0.2',
        startTime: now,
        conditions: [
          { type: 'Initialized', status: 'True', lastProbeTime: null, lastTransitionTime: now },
          { type: 'Ready', status: ready ? 'True' : 'False', lastProbeTime: null, lastTransitionTime: now },
          { type: 'ContainersReady', status: ready ? 'True' : 'False', lastProbeTime: null, lastTransitionTime: now },
          { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: now },
        ],
      },
    });
  }

  /** Reports a pod finished (Succeeded or Failed). */
  async finishPod(namespace: string, name: string, phase: 'Succeeded' | 'Failed'): Promise<KubeObject> {
    const pod = await this.client.get(PODS, name, { namespace });
    return this.client.updateStatus(PODS, { ...pod, status: { ...(pod['status'] as object), phase } });
  }
}

/** A pod spec'd the way the tests need: labels, a node, container ports, tolerations, resources. */
export function podSpec(
  namespace: string,
  name: string,
  options: {
    labels?: Record<string, string>;
    nodeName?: string;
    ports?: Array<{ name?: string; containerPort: number; protocol?: string }>;
    tolerations?: unknown[];
    resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
    ownerReferences?: unknown[];
    hostname?: string;
    subdomain?: string;
  } = {},
): KubeObject {
  const container: Record<string, unknown> = { name: 'app', image: 'nginx:1.27' };
  if (options.ports) container['ports'] = options.ports;
  if (options.resources) container['resources'] = options.resources;
  const spec: Record<string, unknown> = { containers: [container] };
  if (options.nodeName) spec['nodeName'] = options.nodeName;
  if (options.tolerations) spec['tolerations'] = options.tolerations;
  if (options.hostname) spec['hostname'] = options.hostname;
  if (options.subdomain) spec['subdomain'] = options.subdomain;
  const metadata: Record<string, unknown> = { name, namespace, labels: options.labels ?? {} };
  if (options.ownerReferences) metadata['ownerReferences'] = options.ownerReferences;
  return { apiVersion: 'v1', kind: 'Pod', metadata, spec };
}
