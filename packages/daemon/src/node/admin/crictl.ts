/**
 * What crictl reads from a node's container runtime, through the CRI (runtime/cri.ts) only —
 * `kubelab node crictl NODE ps|pods|images|logs|inspect` shows what `crictl` shows on that
 * node: every pod's sandbox (the pause container) in `pods`, the pause image in `images`,
 * container IDs that `inspect` and `logs` take by a unique prefix, as containerd and CRI-O
 * resolve truncated IDs.
 *
 * The answers are the CRI's own data in JSON (times in ms); the CLI prints crictl's tables.
 * `inspect` is crictl's JSON already: the ContainerStatus as protojson writes it (int64
 * nanoseconds as strings, every field present) and the runtime's info (cri-tools
 * cmd/crictl/container.go, util.go outputStatusData).
 */
import { type Container, type ContainerStatus, CriError, type Image, LABEL_POD_NAME, LABEL_POD_NAMESPACE, type LogEntry, type LogStream, type PodSandbox } from '../runtime/cri.js';
import type { SimulatedRuntime } from '../runtime/engine.js';
import type { RuntimeName } from '../runtime/shims.js';

export interface CrictlContainer {
  id: string;
  /** What crictl's IMAGE column shows: the image ID the container runs (sha256:…), or its name. */
  image: string;
  imageRef: string;
  createdAt: number;
  state: Container['state'];
  name: string;
  attempt: number;
  podSandboxId: string;
  podName: string;
  podNamespace: string;
}

export interface CrictlSandbox {
  id: string;
  createdAt: number;
  state: PodSandbox['state'];
  name: string;
  namespace: string;
  uid: string;
  attempt: number;
  runtimeHandler: string;
}

/** ps: running containers (all with `all`), newest first as crictl sorts them. */
export async function listContainers(runtime: SimulatedRuntime, options: { all?: boolean } = {}): Promise<CrictlContainer[]> {
  const containers = await runtime.listContainers(options.all ? {} : { state: 'CONTAINER_RUNNING' });
  const ids = imageIds(await runtime.listImages());
  return containers
    .map((c) => ({
      id: c.id,
      image: ids.get(c.image.image) ?? c.image.image,
      imageRef: c.imageRef,
      createdAt: c.createdAt,
      state: c.state,
      name: c.metadata.name,
      attempt: c.metadata.attempt,
      podSandboxId: c.podSandboxId,
      podName: c.labels[LABEL_POD_NAME] ?? '',
      podNamespace: c.labels[LABEL_POD_NAMESPACE] ?? '',
    }))
    .sort((a, b) => b.createdAt - a.createdAt);
}

/** pods: every sandbox (Ready and NotReady), newest first. */
export async function listSandboxes(runtime: SimulatedRuntime): Promise<CrictlSandbox[]> {
  return (await runtime.listPodSandbox())
    .map((s) => ({
      id: s.id,
      createdAt: s.createdAt,
      state: s.state,
      name: s.metadata.name,
      namespace: s.metadata.namespace,
      uid: s.metadata.uid,
      attempt: s.metadata.attempt,
      runtimeHandler: s.runtimeHandler,
    }))
    .sort((a, b) => b.createdAt - a.createdAt);
}

/** images: the node's image store, pause included, by name. */
export async function listImages(runtime: SimulatedRuntime): Promise<Image[]> {
  return (await runtime.listImages()).sort((a, b) => ((a.repoTags[0] ?? a.id) < (b.repoTags[0] ?? b.id) ? -1 : 1));
}

/** A container's log lines (its current instance), the last `tail` of them when given. */
export async function containerLogs(runtime: SimulatedRuntime, idOrPrefix: string, options: { tail?: number } = {}): Promise<LogEntry[]> {
  const id = await resolveContainerId(runtime, idOrPrefix);
  const stream = await runtime.containerLogs(id, { tailLines: options.tail });
  stream.close();
  return stream.entries;
}

/** `crictl logs -f`: the lines so far, then each new one until the container exits (or close()). */
export async function followContainerLogs(runtime: SimulatedRuntime, idOrPrefix: string, options: { tail?: number } = {}): Promise<LogStream> {
  const id = await resolveContainerId(runtime, idOrPrefix);
  return runtime.containerLogs(id, { tailLines: options.tail, follow: true });
}

/** crictl inspect's JSON for one container. */
export async function inspectContainer(runtime: SimulatedRuntime, idOrPrefix: string): Promise<Record<string, unknown>> {
  const id = await resolveContainerId(runtime, idOrPrefix);
  const status = await runtime.containerStatus(id);
  return { info: runtimeInfo(runtime.shim.name, status), status: statusJson(status) };
}

/** crictl inspectp's JSON for one pod sandbox: its state, its network namespace's IP, its labels. */
export async function inspectSandbox(runtime: SimulatedRuntime, idOrPrefix: string): Promise<Record<string, unknown>> {
  const matches = (await runtime.listPodSandbox()).filter((p) => idOrPrefix && p.id.startsWith(idOrPrefix));
  if (matches.length !== 1) {
    const why = matches.length ? `ambiguous ID "${idOrPrefix}"` : 'not found';
    throw new CriError(matches.length ? 'InvalidArgument' : 'NotFound', `rpc error: code = ${matches.length ? 'Unknown' : 'NotFound'} desc = an error occurred when try to find sandbox "${idOrPrefix}": ${why}`);
  }
  const s = await runtime.podSandboxStatus(matches[0]!.id);
  const status = {
    annotations: s.annotations,
    containersStatuses: [],
    createdAt: ns(s.createdAt),
    id: s.id,
    labels: s.labels,
    linux: { namespaces: { options: { ipc: 'POD', network: s.network.ip === '' ? 'NODE' : 'POD', pid: 'CONTAINER', targetId: '', userNs: null } } },
    metadata: { attempt: s.metadata.attempt, name: s.metadata.name, namespace: s.metadata.namespace, uid: s.metadata.uid },
    network: { additionalIps: s.network.additionalIps.map((ip) => ({ ip })), ip: s.network.ip },
    runtimeHandler: s.runtimeHandler,
    state: s.state,
  };
  return { info: { image: runtime.shim.sandboxImage, runtimeType: RUNTIME_TYPE[runtime.shim.name] }, status };
}

/**
 * A full container ID, or the one container whose ID starts with the prefix (containerd's
 * truncindex): NotFound for none, and an error naming the ambiguity for several.
 */
export async function resolveContainerId(runtime: SimulatedRuntime, prefix: string): Promise<string> {
  const matches = (await runtime.listContainers()).filter((c) => c.id.startsWith(prefix));
  if (prefix && matches.length === 1) return matches[0]!.id;
  if (prefix && matches.length > 1) throw new CriError('InvalidArgument', `rpc error: code = Unknown desc = an error occurred when try to find container "${prefix}": ambiguous ID "${prefix}"`);
  throw new CriError('NotFound', `rpc error: code = NotFound desc = an error occurred when try to find container "${prefix}": not found`);
}

/** Image name → image ID, for every tag and digest reference of the node's images. */
function imageIds(images: Image[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const image of images) for (const ref of [...image.repoTags, ...image.repoDigests]) out.set(ref, image.id);
  return out;
}

const ns = (ms: number) => String(BigInt(Math.round(ms)) * 1_000_000n);

/** The ContainerStatus as protojson prints it with EmitDefaultValues. */
function statusJson(s: ContainerStatus): Record<string, unknown> {
  return {
    annotations: s.annotations,
    createdAt: ns(s.createdAt),
    exitCode: s.exitCode,
    finishedAt: ns(s.finishedAt),
    id: s.id,
    image: { annotations: {}, image: s.image.image, runtimeHandler: '', userSpecifiedImage: '' },
    imageId: '',
    imageRef: s.imageRef,
    labels: s.labels,
    logPath: s.logPath,
    message: s.message,
    metadata: { attempt: s.metadata.attempt, name: s.metadata.name },
    mounts: s.mounts.map((m) => ({
      containerPath: m.containerPath,
      gidMappings: [],
      hostPath: m.hostPath,
      image: null,
      propagation: 'PROPAGATION_PRIVATE',
      readonly: m.readonly,
      recursiveReadOnly: false,
      selinuxRelabel: false,
      uidMappings: [],
    })),
    reason: s.reason,
    resources: s.resources?.linux ? { linux: { cpuPeriod: String(s.resources.linux.cpuPeriod ?? 0), cpuQuota: String(s.resources.linux.cpuQuota ?? 0), cpuShares: String(s.resources.linux.cpuShares ?? 0), memoryLimitInBytes: String(s.resources.linux.memoryLimitInBytes ?? 0) } } : null,
    startedAt: ns(s.startedAt),
    state: s.state,
    stopSignal: 'SIGTERM',
    user: { linux: { gid: '0', supplementalGroups: ['0'], uid: '0' } },
  };
}

/** The runtime's verbose info: which OCI runtime runs the container, and its sandbox. */
function runtimeInfo(runtime: RuntimeName, s: ContainerStatus): Record<string, unknown> {
  return { runtimeType: RUNTIME_TYPE[runtime], sandboxID: s.podSandboxId };
}

/** The OCI runtime each shim runs containers with. */
const RUNTIME_TYPE: Record<RuntimeName, string> = { containerd: 'io.containerd.runc.v2', 'cri-o': 'runc', 'cri-dockerd': 'io.containerd.runc.v2' };
