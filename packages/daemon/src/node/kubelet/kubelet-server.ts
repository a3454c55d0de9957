/**
 * The kubelet's server side (pkg/kubelet/server/server.go): /containerLogs and /exec, which
 * the API server reaches for pods/log and pods/exec through its kubelet connection. Which
 * container instance a request reads follows the pod's status, as validateContainerLogStatus
 * does: its current container, or with `previous` the one in lastState — and a container
 * still waiting to start has no logs yet ("is waiting to start: ContainerCreating").
 */
import { type AttachRequest, type ExecRequest, KubeletError, type LogRequest, type LogResponse } from '../kubelet-connection.js';
import { rfc3339Nano } from '../runtime/container-log.js';
import type { AttachTarget, ExecSyncResponse, LogEntry } from '../runtime/cri.js';
import type { Kubelet } from './kubelet.js';
import type { ContainerSpec, ContainerStatus } from './pod-types.js';

export async function containerLogs(kubelet: Kubelet, req: LogRequest): Promise<LogResponse> {
  const { rec, container } = target(kubelet, req.namespace, req.pod, req.container);
  const status = statusOf(kubelet, rec.uid, container.name);
  const id = logContainerId(status, container.name, req.pod, !!req.previous);
  const stream = await kubelet.runtime.containerLogs(id, { follow: req.follow, tailLines: req.tailLines, since: req.since, limitBytes: req.limitBytes });
  const format = (e: LogEntry) => (req.timestamps ? `${rfc3339Nano(e.time)} ${e.text}\n` : `${e.text}\n`);
  const text = stream.entries.map(format).join('');
  const follow = stream.follow;
  if (!follow) return { text, close: () => stream.close() };
  return {
    text,
    follow: (async function* () {
      for await (const e of follow) yield format(e);
    })(),
    close: () => stream.close(),
  };
}

export async function execInContainer(kubelet: Kubelet, req: ExecRequest): Promise<ExecSyncResponse> {
  return kubelet.runtime.execSync(runningContainerId(kubelet, req), req.command, 0, req.stdin ?? '', { trace: req.trace });
}

export async function attachToContainer(kubelet: Kubelet, req: AttachRequest): Promise<AttachTarget> {
  return kubelet.runtime.attach(runningContainerId(kubelet, req));
}

export async function closeContainerStdin(kubelet: Kubelet, req: AttachRequest, exitCode: number): Promise<void> {
  return kubelet.runtime.closeStdin(runningContainerId(kubelet, req), exitCode);
}

/** The running container exec and attach reach; the kubelet's words when there is none. */
function runningContainerId(kubelet: Kubelet, req: AttachRequest): string {
  const { rec, container } = target(kubelet, req.namespace, req.pod, req.container);
  const status = statusOf(kubelet, rec.uid, container.name);
  if (!status?.state.running || !status.containerID) throw new KubeletError(400, `unable to upgrade connection: container not found ("${container.name}")`);
  return stripScheme(status.containerID);
}

function target(kubelet: Kubelet, namespace: string, name: string, containerName: string | undefined) {
  const rec = kubelet.recordFor(namespace, name);
  if (!rec) throw new KubeletError(404, `pod "${name}" not found`);
  const spec = rec.pod.spec;
  const all: ContainerSpec[] = [...spec.containers, ...(spec.initContainers ?? [])];
  if (!containerName) {
    if (spec.containers.length === 1 && !spec.initContainers?.length) return { rec, container: spec.containers[0]! };
    const names = spec.containers.map((c) => c.name).join(' ');
    const inits = (spec.initContainers ?? []).map((c) => c.name).join(' ');
    if (spec.containers.length === 1) return { rec, container: spec.containers[0]! };
    throw new KubeletError(400, `a container name must be specified for pod ${name}, choose one of: [${names}]${inits ? ` or one of the init containers: [${inits}]` : ''}`);
  }
  const container = all.find((c) => c.name === containerName);
  if (!container) throw new KubeletError(400, `container ${containerName} is not valid for pod ${name}`);
  return { rec, container };
}

function statusOf(kubelet: Kubelet, uid: string, name: string): ContainerStatus | undefined {
  const s = kubelet.podStatus(uid);
  return [...(s?.containerStatuses ?? []), ...(s?.initContainerStatuses ?? [])].find((c) => c.name === name);
}

function logContainerId(status: ContainerStatus | undefined, container: string, pod: string, previous: boolean): string {
  if (previous) {
    const id = status?.lastState.terminated?.containerID;
    if (!id) throw new KubeletError(400, `previous terminated container "${container}" in pod "${pod}" not found`);
    return stripScheme(id);
  }
  if (status?.state.running || status?.state.terminated) {
    if (status.containerID) return stripScheme(status.containerID);
  }
  const last = status?.lastState.terminated?.containerID;
  if (last) return stripScheme(last);
  const reason = status?.state.waiting?.reason ?? 'ContainerCreating';
  const why =
    reason === 'ErrImagePull' || reason === 'ImagePullBackOff'
      ? 'trying and failing to pull image'
      : reason === 'InvalidImageName' || reason === 'ErrImageNeverPull'
        ? "image can't be pulled"
        : reason;
  throw new KubeletError(400, `container "${container}" in pod "${pod}" is waiting to start: ${why}`);
}

function stripScheme(id: string): string {
  return id.slice(id.indexOf('://') + 3);
}
