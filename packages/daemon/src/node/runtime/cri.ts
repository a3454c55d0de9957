/**
 * The container runtime interface, in the shape of the CRI (k8s.io/cri-api, runtime/v1
 * api.proto): the kubelet speaks only this to its runtime, so which runtime a node runs —
 * containerd, CRI-O, cri-dockerd (shims.ts) — changes names and version strings, never the
 * kubelet. Field names follow the protobuf's JSON names; times are milliseconds (the CRI's
 * are nanoseconds).
 *
 * Two calls are not RPCs of the CRI itself but what the kubelet does next to it:
 * containerLogs reads the CRI log file a container writes (kuberuntime_logs.go ReadLogs),
 * and getContainerEvents is the CRI's streaming GetContainerEvents (the evented PLEG).
 */

export interface VersionResponse {
  version: string;
  /** "containerd", "cri-o", "docker" — the scheme of container IDs in pod status. */
  runtimeName: string;
  runtimeVersion: string;
  runtimeApiVersion: string;
}

export interface PodSandboxMetadata {
  name: string;
  uid: string;
  namespace: string;
  attempt: number;
}

export interface PortMapping {
  protocol: 'TCP' | 'UDP' | 'SCTP';
  containerPort: number;
  hostPort?: number;
}

export interface PodSandboxConfig {
  metadata: PodSandboxMetadata;
  hostname: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  portMappings?: PortMapping[];
  /** linux.security_context.namespace_options.network = NODE */
  hostNetwork?: boolean;
  dnsConfig?: { servers: string[]; searches: string[]; options: string[] };
}

export type PodSandboxState = 'SANDBOX_READY' | 'SANDBOX_NOTREADY';

export interface PodSandbox {
  id: string;
  metadata: PodSandboxMetadata;
  state: PodSandboxState;
  createdAt: number;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  runtimeHandler: string;
}

export interface PodSandboxStatus extends PodSandbox {
  network: { ip: string; additionalIps: string[] };
}

export interface PodSandboxFilter {
  id?: string;
  state?: PodSandboxState;
  labelSelector?: Record<string, string>;
}

export interface ContainerMetadata {
  name: string;
  /** Restart attempt: 0 for the first instance of a container in a pod. */
  attempt: number;
}

export interface ImageSpec {
  image: string;
}

/** A bind mount: the kubelet prepared hostPath (a volume's directory on the node). */
export interface Mount {
  containerPath: string;
  hostPath: string;
  readonly: boolean;
  /** A single file of the volume (subPath), not the directory. */
  subPath?: string;
}

export interface KeyValue {
  key: string;
  value: string;
}

export interface LinuxContainerResources {
  cpuShares?: number;
  cpuQuota?: number;
  cpuPeriod?: number;
  memoryLimitInBytes?: number;
}

export interface ContainerConfig {
  metadata: ContainerMetadata;
  image: ImageSpec;
  /** The entrypoint; empty: the image's ENTRYPOINT. */
  command: string[];
  /** Arguments; empty with an empty command: the image's CMD. */
  args: string[];
  workingDir?: string;
  envs: KeyValue[];
  mounts: Mount[];
  labels: Record<string, string>;
  annotations: Record<string, string>;
  logPath: string;
  linux?: { resources?: LinuxContainerResources };
  /** PID 1's standard input stays open for attach sessions (`kubectl run -i`). */
  stdin?: boolean;
  /** The input closes when the first attach session ends. */
  stdinOnce?: boolean;
  tty?: boolean;
}

/** What an attach session needs to know of a running container (CRI Attach's target). */
export interface AttachTarget {
  /** PID 1's command line. */
  command: string[];
  /** PID 1 is a shell reading an open standard input: it waits for what an attach sends. */
  interactive: boolean;
  stdinOnce: boolean;
  tty: boolean;
}

export type ContainerState = 'CONTAINER_CREATED' | 'CONTAINER_RUNNING' | 'CONTAINER_EXITED' | 'CONTAINER_UNKNOWN';

export interface Container {
  id: string;
  podSandboxId: string;
  metadata: ContainerMetadata;
  image: ImageSpec;
  imageRef: string;
  state: ContainerState;
  createdAt: number;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

export interface ContainerStatus extends Container {
  startedAt: number;
  finishedAt: number;
  exitCode: number;
  /** "Completed", "Error", "OOMKilled", "StartError" once exited. */
  reason: string;
  message: string;
  mounts: Mount[];
  logPath: string;
  resources?: { linux?: LinuxContainerResources };
}

export interface ContainerFilter {
  id?: string;
  state?: ContainerState;
  podSandboxId?: string;
  labelSelector?: Record<string, string>;
}

export interface ExecSyncResponse {
  stdout: string;
  stderr: string;
  exitCode: number;
  /** The command did not finish within its timeout (exec probes report this). */
  timedOut?: boolean;
  /** With trace: the data path's hops of each lookup and connection the command made (kubelab's addition). */
  hops?: string[];
}

export interface Image {
  /** "sha256:…" — the image's config digest. */
  id: string;
  repoTags: string[];
  repoDigests: string[];
  size: number;
  pinned: boolean;
}

/** One line of a CRI log file: `2025-01-01T00:00:00.123456789Z stdout F text`. */
export interface LogEntry {
  time: number;
  stream: 'stdout' | 'stderr';
  text: string;
}

export interface LogOptions {
  /** Keep the stream open and send new lines until the container exits. */
  follow?: boolean;
  tailLines?: number;
  /** Only lines at or after this time (ms). */
  since?: number;
  limitBytes?: number;
}

/** What containerLogs answers: the lines so far and, when following, the lines to come. */
export interface LogStream {
  entries: LogEntry[];
  /** Present when following a running container: yields later lines, ends when it exits. */
  follow?: AsyncIterable<LogEntry>;
  close(): void;
}

export type ContainerEventType = 'CONTAINER_CREATED_EVENT' | 'CONTAINER_STARTED_EVENT' | 'CONTAINER_STOPPED_EVENT' | 'CONTAINER_DELETED_EVENT';

export interface ContainerEvent {
  containerId: string;
  containerEventType: ContainerEventType;
  createdAt: number;
  podSandboxId: string;
  /** io.kubernetes.pod.uid of the sandbox. */
  podUid: string;
}

/**
 * A CRI call failed. The message is what the kubelet reports, already in the runtime's
 * words ("rpc error: code = NotFound desc = …" for containerd and CRI-O pulls).
 */
export class CriError extends Error {
  constructor(
    readonly code: 'NotFound' | 'Unknown' | 'FailedPrecondition' | 'InvalidArgument' | 'DeadlineExceeded',
    message: string,
  ) {
    super(message);
    this.name = 'CriError';
  }
}

/**
 * ListContainerStats: a running container's resource use, as cAdvisor measures it for the
 * kubelet's /metrics/resource (what metrics-server serves to `kubectl top`).
 */
export interface ContainerStats {
  id: string;
  podSandboxId: string;
  /** The container's name and its pod's identity. */
  metadata: ContainerMetadata;
  pod: PodSandboxMetadata;
  /** CPU in use, in nanocores. */
  cpuNanoCores: number;
  memoryWorkingSetBytes: number;
  timestamp: number;
}

export interface RuntimeService {
  version(): Promise<VersionResponse>;
  runPodSandbox(config: PodSandboxConfig, runtimeHandler?: string): Promise<string>;
  stopPodSandbox(podSandboxId: string): Promise<void>;
  removePodSandbox(podSandboxId: string): Promise<void>;
  podSandboxStatus(podSandboxId: string): Promise<PodSandboxStatus>;
  listPodSandbox(filter?: PodSandboxFilter): Promise<PodSandbox[]>;
  createContainer(podSandboxId: string, config: ContainerConfig, sandboxConfig: PodSandboxConfig): Promise<string>;
  startContainer(containerId: string): Promise<void>;
  /** SIGTERM, then SIGKILL after timeout seconds; resolves once the container has exited. */
  stopContainer(containerId: string, timeout: number): Promise<void>;
  removeContainer(containerId: string): Promise<void>;
  listContainers(filter?: ContainerFilter): Promise<Container[]>;
  containerStatus(containerId: string): Promise<ContainerStatus>;
  listContainerStats(): Promise<ContainerStats[]>;
  /** Runs cmd in the container's context and waits for it (CRI ExecSync). */
  execSync(containerId: string, cmd: string[], timeout: number, stdin?: string, options?: { trace?: boolean }): Promise<ExecSyncResponse>;
  containerLogs(containerId: string, options: LogOptions): Promise<LogStream>;
  /** The running container an attach session joins (CRI Attach, without its streaming server). */
  attach(containerId: string): Promise<AttachTarget>;
  /**
   * Ends PID 1's standard input: an interactive shell exits with exitCode (its `exit N`, or
   * the last command's status at end of input). No effect on other programs.
   */
  closeStdin(containerId: string, exitCode: number): Promise<void>;
  /** Subscribes to container events; returns the unsubscribe function. */
  getContainerEvents(listener: (event: ContainerEvent) => void): () => void;
}

export interface ImageService {
  /** Resolves with the image reference (repo digest) once pulled; rejects with CriError. */
  pullImage(image: ImageSpec): Promise<string>;
  listImages(): Promise<Image[]>;
  /** undefined when the image is not on the node. */
  imageStatus(image: ImageSpec): Promise<Image | undefined>;
  removeImage(image: ImageSpec): Promise<void>;
}

/** The labels every kubelet puts on sandboxes and containers (kubelet/types/labels.go). */
export const LABEL_POD_NAME = 'io.kubernetes.pod.name';
export const LABEL_POD_NAMESPACE = 'io.kubernetes.pod.namespace';
export const LABEL_POD_UID = 'io.kubernetes.pod.uid';
export const LABEL_CONTAINER_NAME = 'io.kubernetes.container.name';
