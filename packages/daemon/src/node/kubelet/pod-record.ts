/**
 * What the kubelet keeps per pod between syncs, and what a sync needs around it.
 */
import type { Clock } from '@kubelab/core';
import type { KubeClient } from '@kubelab/core/client/client';
import type { ObjectReference } from '../../controllers/events.js';
import type { ClusterNetwork } from '../network/network.js';
import type { SimulatedRuntime } from '../runtime/engine.js';
import type { HostPaths } from '../runtime/volumes.js';
import type { Backoff } from './backoff.js';
import type { KubeletConfiguration } from './config.js';
import type { ImageManager, Recorder } from './image-manager.js';
import type { ObjectSource } from './object-source.js';
import type { ContainerInstance } from './pod-status.js';
import type { ContainerSpec, Pod } from './pod-types.js';
import type { ProberManager } from './prober-manager.js';
import type { StatusManager } from './status-manager.js';
import type { VolumeManager } from './volume-manager.js';

export interface PodRecord {
  uid: string;
  /** The latest object from the API server. */
  pod: Pod;
  sandboxId: string | undefined;
  sandboxAttempt: number;
  sandboxReady: boolean;
  podIP: string | undefined;
  startTime: number | undefined;
  volumesReady: boolean;
  /** Why containers wait (the kubelet's reason cache). */
  reasons: Map<string, { reason: string; message: string }>;
  /** Restart counts to continue from after the runtime lost its containers (reboot). */
  restartBase: Map<string, number>;
  /** Gone from the API server. */
  removed: boolean;
  /** Its containers are stopped for good and its sandbox is down (finished, or deleted). */
  terminated: boolean;
  /** The final DELETE was sent. */
  deleting: boolean;
}

export function newRecord(pod: Pod): PodRecord {
  const restartBase = new Map<string, number>();
  for (const s of [...(pod.status?.containerStatuses ?? []), ...(pod.status?.initContainerStatuses ?? [])]) {
    if (s.containerID) restartBase.set(s.name, s.restartCount + 1);
  }
  return {
    uid: pod.metadata!.uid!,
    pod,
    sandboxId: undefined,
    sandboxAttempt: 0,
    sandboxReady: false,
    podIP: undefined,
    startTime: pod.status?.startTime ? Date.parse(pod.status.startTime) : undefined,
    volumesReady: false,
    reasons: new Map(),
    restartBase,
    removed: false,
    terminated: false,
    deleting: false,
  };
}

export interface SyncDeps {
  client: KubeClient;
  clock: Clock;
  runtime: SimulatedRuntime;
  /** The scheme of container IDs ("containerd"). */
  runtimeName: string;
  images: ImageManager;
  volumes: VolumeManager;
  prober: ProberManager;
  status: StatusManager;
  objects: ObjectSource;
  hostPaths: HostPaths;
  network: ClusterNetwork;
  config: KubeletConfiguration;
  nodeName: string;
  nodeIP: string;
  allocatable: { cpu: number; memory: number };
  containerBackoff: Backoff;
  record: Recorder;
  resyncAfter(uid: string, ms: number): void;
  log(message: string): void;
}

/** The reference an event about a container carries (fieldPath spec.containers{name}). */
export function containerRef(pod: Pod, c: ContainerSpec): ObjectReference {
  const init = (pod.spec.initContainers ?? []).some((x) => x.name === c.name);
  return { ...podRef(pod), fieldPath: `spec.${init ? 'initContainers' : 'containers'}{${c.name}}` };
}

export function podRef(pod: Pod): ObjectReference {
  const m = pod.metadata!;
  return { kind: 'Pod', namespace: m.namespace, name: m.name, uid: m.uid, apiVersion: 'v1' };
}

/** Every container of the pod the runtime knows, by name, newest first. */
export async function podInstances(deps: SyncDeps, uid: string): Promise<Map<string, ContainerInstance[]>> {
  const out = new Map<string, ContainerInstance[]>();
  const containers = await deps.runtime.listContainers({ labelSelector: { 'io.kubernetes.pod.uid': uid } });
  for (const c of containers) {
    const s = await deps.runtime.containerStatus(c.id);
    const list = out.get(s.metadata.name) ?? [];
    list.push({
      id: s.id,
      attempt: s.metadata.attempt,
      state: s.state,
      createdAt: s.createdAt,
      startedAt: s.startedAt,
      finishedAt: s.finishedAt,
      exitCode: s.exitCode,
      reason: s.reason,
      message: s.message,
      image: s.image.image,
      imageRef: s.imageRef,
    });
    out.set(s.metadata.name, list);
  }
  for (const list of out.values()) list.sort((a, b) => b.attempt - a.attempt || b.createdAt - a.createdAt);
  return out;
}
