/**
 * The pod's API status, computed from what the runtime reports (pkg/kubelet/kubelet_pods.go
 * generateAPIPodStatus and getPhase, pkg/kubelet/status/generate.go): container statuses
 * with state, lastState, restartCount, image, imageID, containerID, started and ready; the
 * phase; and the kubelet's conditions in upstream's order — PodReadyToStartContainers,
 * Initialized, Ready, ContainersReady — then PodScheduled and anyone else's conditions.
 * Pure: the same inputs give the same status. Transition times are the status manager's.
 */
import { timestamp } from '@kubelab/core';
import type { ContainerState as CriState } from '../runtime/cri.js';
import { type ContainerSpec, type ContainerState, type ContainerStatus, type Pod, type PodCondition, type PodStatus, isSidecar } from './pod-types.js';

/** One instance of a container as the runtime reports it. */
export interface ContainerInstance {
  id: string;
  attempt: number;
  state: CriState;
  createdAt: number;
  startedAt: number;
  finishedAt: number;
  exitCode: number;
  reason: string;
  message: string;
  image: string;
  imageRef: string;
}

export interface PodStatusInput {
  pod: Pod;
  nodeIP: string;
  /** The runtime's name: the scheme of container IDs. */
  runtimeName: string;
  podIP: string | undefined;
  sandboxReady: boolean;
  startTime: number | undefined;
  /** Instances per container name, newest first. */
  instances: ReadonlyMap<string, ContainerInstance[]>;
  /** Why a container is waiting (the kubelet's reason cache): ErrImagePull, CrashLoopBackOff … */
  reasons: ReadonlyMap<string, { reason: string; message: string }>;
  /** Probe results of a running container. */
  probes(containerId: string): { ready: boolean; started: boolean };
  /** The pod is being torn down (deleted, or finished): no container will run again. */
  terminal: boolean;
  /** Restart counts to continue from when the runtime has no instances (after a reboot). */
  restartBase?: ReadonlyMap<string, number>;
}

const KUBELET_CONDITIONS = new Set(['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled']);

export function generatePodStatus(input: PodStatusInput): PodStatus {
  const { pod } = input;
  const spec = pod.spec;
  const initDone = initContainersDone(input);
  const initStatuses = (spec.initContainers ?? []).map((c) => containerStatus(input, c, 'PodInitializing'));
  const statuses = spec.containers.map((c) => containerStatus(input, c, initDone ? 'ContainerCreating' : 'PodInitializing'));
  const phase = getPhase(pod, initStatuses, statuses, input.terminal);
  const old = pod.status ?? {};
  const conditions: PodCondition[] = [
    condition('PodReadyToStartContainers', input.sandboxReady && !!input.podIP),
    initializedCondition(spec.initContainers ?? [], initStatuses, phase),
    ...readyConditions(statuses, phase, pod),
  ];
  const scheduled = old.conditions?.find((c) => c.type === 'PodScheduled');
  conditions.push(scheduled ?? condition('PodScheduled', true));
  for (const c of old.conditions ?? []) if (!KUBELET_CONDITIONS.has(c.type)) conditions.push(c);
  const status: PodStatus = {
    phase,
    conditions,
    hostIP: input.nodeIP,
    hostIPs: [{ ip: input.nodeIP }],
  };
  const podIP = input.podIP ?? old.podIP;
  if (podIP) {
    status.podIP = podIP;
    status.podIPs = [{ ip: podIP }];
  }
  if (input.startTime !== undefined) status.startTime = timestamp(input.startTime);
  if (initStatuses.length) status.initContainerStatuses = initStatuses;
  status.containerStatuses = statuses;
  if (old.qosClass) status.qosClass = old.qosClass;
  return status;
}

function condition(type: string, ok: boolean, reason?: string, message?: string): PodCondition {
  const c: PodCondition = { type, status: ok ? 'True' : 'False', lastProbeTime: null, lastTransitionTime: null };
  if (reason) c.reason = reason;
  if (message) c.message = message;
  return c;
}

function initContainersDone(input: PodStatusInput): boolean {
  for (const c of input.pod.spec.initContainers ?? []) {
    const latest = input.instances.get(c.name)?.[0];
    if (!latest) return false;
    if (isSidecar(c)) {
      if (latest.state !== 'CONTAINER_RUNNING' || !input.probes(latest.id).started) return false;
    } else if (latest.state !== 'CONTAINER_EXITED' || latest.exitCode !== 0) {
      // A completed init container stays done even after a later instance of it fails.
      if (!(input.instances.get(c.name) ?? []).some((i) => i.state === 'CONTAINER_EXITED' && i.exitCode === 0)) return false;
    }
  }
  return true;
}

function containerStatus(input: PodStatusInput, c: ContainerSpec, waitingReason: string): ContainerStatus {
  const instances = input.instances.get(c.name) ?? [];
  const [latest, previous] = instances;
  const base = input.restartBase?.get(c.name) ?? 0;
  const status: ContainerStatus = {
    name: c.name,
    state: { waiting: { reason: waitingReason } },
    lastState: {},
    ready: false,
    restartCount: latest ? latest.attempt : base,
    image: latest?.image ?? c.image,
    imageID: latest?.imageRef ?? '',
    started: false,
  };
  if (latest) {
    status.containerID = `${input.runtimeName}://${latest.id}`;
    if (latest.state === 'CONTAINER_RUNNING') {
      const probe = input.probes(latest.id);
      status.state = { running: { startedAt: timestamp(latest.startedAt) } };
      status.started = probe.started;
      status.ready = probe.started && probe.ready;
    } else if (latest.state === 'CONTAINER_EXITED') {
      status.state = { terminated: terminated(input, latest) };
    } else {
      status.state = { waiting: { reason: 'ContainerCreating' } };
    }
    if (previous?.state === 'CONTAINER_EXITED') status.lastState = { terminated: terminated(input, previous) };
  }
  const waiting = input.reasons.get(c.name);
  if (waiting && !input.terminal && status.state.running === undefined) {
    if (status.state.terminated) status.lastState = { terminated: status.state.terminated };
    status.state = { waiting: { reason: waiting.reason, ...(waiting.message ? { message: waiting.message } : {}) } };
  }
  const mounts = (c.volumeMounts ?? []).map((m) => (m.readOnly ? { name: m.name, mountPath: m.mountPath, readOnly: true, recursiveReadOnly: 'Disabled' } : { name: m.name, mountPath: m.mountPath }));
  if (mounts.length) status.volumeMounts = mounts;
  return status;
}

function terminated(input: PodStatusInput, i: ContainerInstance): NonNullable<ContainerState['terminated']> {
  const t: NonNullable<ContainerState['terminated']> = {
    exitCode: i.exitCode,
    reason: i.reason || (i.exitCode === 0 ? 'Completed' : 'Error'),
    startedAt: i.startedAt ? timestamp(i.startedAt) : null,
    finishedAt: i.finishedAt ? timestamp(i.finishedAt) : null,
    containerID: `${input.runtimeName}://${i.id}`,
  };
  if (i.message) t.message = i.message;
  return t;
}

/** getPhase of kubelet_pods.go. */
export function getPhase(pod: Pod, init: ContainerStatus[], containers: ContainerStatus[], terminal: boolean): string {
  const spec = pod.spec;
  const restartPolicy = spec.restartPolicy ?? 'Always';
  let pendingInit = 0;
  let failedInit = 0;
  (spec.initContainers ?? []).forEach((c, i) => {
    const s = init[i];
    if (isSidecar(c)) {
      if (!s?.started) pendingInit++;
      return;
    }
    if (!s) return pendingInit++;
    if (s.state.running) pendingInit++;
    else if (s.state.terminated) {
      if (s.state.terminated.exitCode !== 0) failedInit++;
    } else if (s.lastState.terminated) {
      if (s.lastState.terminated.exitCode !== 0) failedInit++;
    } else pendingInit++;
  });
  let running = 0;
  let waiting = 0;
  let stopped = 0;
  let succeeded = 0;
  for (const s of containers) {
    if (s.state.running) running++;
    else if (s.state.terminated) {
      stopped++;
      if (s.state.terminated.exitCode === 0) succeeded++;
    } else if (s.lastState.terminated) stopped++;
    else waiting++;
  }
  if (failedInit > 0 && restartPolicy === 'Never') return 'Failed';
  if (pendingInit > 0 && !terminal) return 'Pending';
  if (waiting > 0 && !terminal) return 'Pending';
  if (running > 0) return 'Running';
  if (stopped === containers.length || terminal) {
    if (terminal && stopped + waiting === containers.length) return stopped > 0 && succeeded === stopped && waiting === 0 ? 'Succeeded' : 'Failed';
    if (restartPolicy === 'Always') return 'Running';
    if (stopped === succeeded) return 'Succeeded';
    if (restartPolicy === 'Never') return 'Failed';
    return 'Running';
  }
  return 'Pending';
}

function initializedCondition(specs: ContainerSpec[], statuses: ContainerStatus[], phase: string): PodCondition {
  if (specs.length === 0) return condition('Initialized', true);
  if (phase === 'Succeeded') return condition('Initialized', true, 'PodCompleted');
  const incomplete = specs.filter((c, i) => {
    const s = statuses[i]!;
    if (isSidecar(c)) return !s.started;
    return !(s.state.terminated?.exitCode === 0);
  });
  if (incomplete.length === 0) return condition('Initialized', true);
  return condition('Initialized', false, 'ContainersNotInitialized', `containers with incomplete status: [${incomplete.map((c) => c.name).join(' ')}]`);
}

function readyConditions(statuses: ContainerStatus[], phase: string, pod: Pod): PodCondition[] {
  if (phase === 'Succeeded') return [condition('Ready', false, 'PodCompleted'), condition('ContainersReady', false, 'PodCompleted')];
  const unready = statuses.filter((s) => !s.ready).map((s) => s.name);
  if (unready.length > 0) {
    const message = `containers with unready status: [${unready.join(' ')}]`;
    return [condition('Ready', false, 'ContainersNotReady', message), condition('ContainersReady', false, 'ContainersNotReady', message)];
  }
  for (const gate of pod.spec.readinessGates ?? []) {
    const c = pod.status?.conditions?.find((x) => x.type === gate.conditionType);
    if (!c) return [condition('Ready', false, 'ReadinessGatesNotReady', `corresponding condition of pod readiness gate "${gate.conditionType}" does not exist.`), condition('ContainersReady', true)];
    if (c.status !== 'True') return [condition('Ready', false, 'ReadinessGatesNotReady', `the status of pod readiness gate "${gate.conditionType}" is not "True", but ${c.status}`), condition('ContainersReady', true)];
  }
  return [condition('Ready', true), condition('ContainersReady', true)];
}
