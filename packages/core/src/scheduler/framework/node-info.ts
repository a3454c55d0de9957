/**
 * NodeInfo: a node and what the scheduler knows is placed on it (framework.NodeInfo) —
 * its pods (bound, and assumed while their binding is in flight), the sum of their requests
 * (actual and non-zero), the host ports they hold, the subsets of pods with inter-pod
 * affinity that InterPodAffinity walks, and the images the node reports. Filters read it
 * without recomputing anything from the pod list.
 *
 * A NodeInfo without a node stands for a node that was deleted while pods were still on
 * it; it stays until they are gone and is never offered to plugins.
 */
import type { ContainerPort, Node, Pod, Taint } from '../api/types.js';
import { HostPortInfo } from './host-ports.js';
import { PodInfo } from './pod-info.js';
import { Resource } from './resource.js';

const EMPTY_LABELS: Record<string, string> = Object.freeze({}) as Record<string, string>;
const NO_TAINTS: readonly Taint[] = Object.freeze([]);

/** An image and how many nodes have it (framework.ImageStateSummary). */
export interface ImageStateSummary {
  size: number;
  /** Names of the nodes that have the image; shared by every NodeInfo that has it. */
  nodes: Set<string>;
}

export class NodeInfo {
  node: Node | undefined;
  pods: PodInfo[] = [];
  podsWithAffinity: PodInfo[] = [];
  podsWithRequiredAntiAffinity: PodInfo[] = [];
  usedPorts = new HostPortInfo();
  requested = new Resource();
  nonZeroCPU = 0;
  nonZeroMemory = 0;
  allocatable = new Resource();
  imageStates = new Map<string, ImageStateSummary>();
  /** Bumped on every change; the snapshot uses it to see what moved. */
  generation = 0;

  constructor(node?: Node) {
    if (node) this.setNode(node);
  }

  get name(): string {
    return this.node?.metadata?.name ?? '';
  }

  get labels(): Record<string, string> {
    return this.node?.metadata?.labels ?? EMPTY_LABELS;
  }

  /** spec.taints (kept as a field: Filter and Score read it for every node). */
  taints: readonly Taint[] = NO_TAINTS;
  /** spec.unschedulable: the node is cordoned. */
  unschedulable = false;
  /** How many labels the node has (InterPodAffinity's scoring passes over nodes with none). */
  labelCount = 0;

  setNode(node: Node): void {
    this.node = node;
    this.allocatable = Resource.from(node.status?.allocatable);
    this.taints = node.spec?.taints ?? NO_TAINTS;
    this.unschedulable = node.spec?.unschedulable === true;
    this.labelCount = Object.keys(node.metadata?.labels ?? {}).length;
    this.generation++;
  }

  addPod(pod: Pod): PodInfo {
    const pi = new PodInfo(pod);
    this.addPodInfo(pi);
    return pi;
  }

  addPodInfo(pi: PodInfo): void {
    this.pods.push(pi);
    if (pi.hasAffinity) this.podsWithAffinity.push(pi);
    if (pi.hasRequiredAntiAffinity) this.podsWithRequiredAntiAffinity.push(pi);
    this.update(pi, 1);
  }

  /** Removes the pod with pod's uid (or key); false when it is not here. */
  removePod(pod: Pod | PodInfo): boolean {
    const uid = pod instanceof PodInfo ? pod.uid : (pod.metadata?.uid ?? `${pod.metadata?.namespace}/${pod.metadata?.name}`);
    const i = this.pods.findIndex((p) => p.uid === uid);
    if (i < 0) return false;
    const pi = this.pods[i]!;
    this.pods.splice(i, 1);
    removeFrom(this.podsWithAffinity, pi);
    removeFrom(this.podsWithRequiredAntiAffinity, pi);
    this.update(pi, -1);
    return true;
  }

  /** A copy whose pod lists and sums can change without touching this one (preemption dry runs). */
  clone(): NodeInfo {
    const c = new NodeInfo();
    c.node = this.node;
    c.taints = this.taints;
    c.unschedulable = this.unschedulable;
    c.labelCount = this.labelCount;
    c.pods = [...this.pods];
    c.podsWithAffinity = [...this.podsWithAffinity];
    c.podsWithRequiredAntiAffinity = [...this.podsWithRequiredAntiAffinity];
    c.usedPorts = this.usedPorts.clone();
    c.requested = this.requested.clone();
    c.nonZeroCPU = this.nonZeroCPU;
    c.nonZeroMemory = this.nonZeroMemory;
    c.allocatable = this.allocatable;
    c.imageStates = this.imageStates;
    c.generation = this.generation;
    return c;
  }

  private update(pi: PodInfo, sign: 1 | -1): void {
    this.requested.add(pi.requests, sign);
    this.nonZeroCPU += sign * pi.nonZeroCPU;
    this.nonZeroMemory += sign * pi.nonZeroMemory;
    for (const p of podHostPorts(pi.pod)) {
      if (sign > 0) this.usedPorts.add(p.hostIP, p.protocol, p.hostPort);
      else this.usedPorts.remove(p.hostIP, p.protocol, p.hostPort);
    }
    this.generation++;
  }
}


function removeFrom(list: PodInfo[], pi: PodInfo): void {
  const i = list.indexOf(pi);
  if (i >= 0) list.splice(i, 1);
}

/** The container ports that claim a host port: containers and sidecar init containers. */
export function podHostPorts(pod: Pod): ContainerPort[] {
  const out: ContainerPort[] = [];
  const spec = pod.spec;
  if (!spec) return out;
  for (const c of spec.containers ?? []) for (const p of c.ports ?? []) if (p.hostPort && p.hostPort > 0) out.push(p);
  for (const c of spec.initContainers ?? []) {
    if (c.restartPolicy !== 'Always') continue;
    for (const p of c.ports ?? []) if (p.hostPort && p.hostPort > 0) out.push(p);
  }
  return out;
}
