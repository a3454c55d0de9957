/**
 * The simulated container runtime behind the CRI (cri.ts): pod sandboxes with a network
 * namespace and an IP from the CNI plugin, containers created from catalogue images with
 * the kubelet's mounts and environment, PID 1 interpreted (program.ts, the shell) on the
 * clock, logs, exec, and container events for the kubelet's PLEG. One engine, every shim:
 * the shim (shims.ts) only names things.
 */
import { randomBytes } from 'node:crypto';
import { type Clock, parseQuantity } from '@kubelab/core';
import type { CniPlugin } from '../cni.js';
import { type ClusterNetwork, type ConnectRequest, type ConnectResult, bindNetwork } from '../network/network.js';
import type { NetworkEndpoint, PodNetwork } from '../network/pod-network.js';
import { toolFor } from '../shell/builtins/index.js';
import type { ConnectionHandler, Executable } from '../shell/process.js';
import { ContainerFs } from './container-fs.js';
import { ContainerLog } from './container-log.js';
import { ContainerProcess } from './container-process.js';
import { containerEnv, cpusOf, effectiveArgv, imageFiles } from './container-setup.js';
import { isInteractiveShell } from '../shell/interactive.js';
import {
  type AttachTarget,
  type Container,
  type ContainerConfig,
  type ContainerEvent,
  type ContainerEventType,
  type ContainerFilter,
  type ContainerState,
  type ContainerStatus,
  type ContainerStats,
  CriError,
  type ExecSyncResponse,
  type Image,
  type ImageService,
  type ImageSpec,
  LABEL_POD_UID,
  type LogOptions,
  type LogStream,
  type PodSandbox,
  type PodSandboxConfig,
  type PodSandboxFilter,
  type PodSandboxState,
  type PodSandboxStatus,
  type RuntimeService,
  type VersionResponse,
} from './cri.js';
import type { CatalogueImage, ImageCatalogue } from './image-catalogue.js';
import { parseImageReference } from './image-reference.js';
import { ImageStore } from './image-store.js';
import { programExecutable } from './program.js';
import type { RuntimeShim } from './shims.js';
import type { HostPaths } from './volumes.js';

export interface EngineOptions {
  nodeName: string;
  nodeIP: string;
  clock: Clock;
  catalogue: ImageCatalogue;
  shim: RuntimeShim;
  /** What containers connect through (the data path wraps the pod network). */
  network: ClusterNetwork;
  /** Where sandboxes register their IPs. */
  podNetwork: PodNetwork;
  cni: CniPlugin;
  hostPaths: HostPaths;
  cpus: number;
  pullBandwidth?: number;
  registryLatencyMs?: number;
  /** Time RunPodSandbox takes (pause container, network setup); default 100 ms. */
  sandboxStartMs?: number;
}

interface SimSandbox {
  id: string;
  config: PodSandboxConfig;
  state: PodSandboxState;
  createdAt: number;
  ip: string;
  endpoint: NetworkEndpoint | undefined;
}

interface SimContainer {
  id: string;
  sandbox: SimSandbox;
  config: ContainerConfig;
  image: CatalogueImage;
  imageName: string;
  imageRef: string;
  state: ContainerState;
  createdAt: number;
  startedAt: number;
  finishedAt: number;
  exitCode: number;
  reason: string;
  message: string;
  log: ContainerLog;
  fs: ContainerFs;
  env: Map<string, string>;
  process: ContainerProcess | undefined;
  listeners: Map<string, ConnectionHandler>;
}

export class SimulatedRuntime implements RuntimeService, ImageService {
  readonly images: ImageStore;
  private readonly sandboxes = new Map<string, SimSandbox>();
  private readonly containers = new Map<string, SimContainer>();
  private readonly listeners = new Set<(e: ContainerEvent) => void>();

  constructor(readonly options: EngineOptions) {
    this.images = new ImageStore(options);
  }

  get shim(): RuntimeShim {
    return this.options.shim;
  }

  async version(): Promise<VersionResponse> {
    const { shim } = this.options;
    return { version: '0.1.0', runtimeName: shim.runtimeName, runtimeVersion: shim.runtimeVersion, runtimeApiVersion: 'v1' };
  }

  // ImageService
  pullImage(image: ImageSpec): Promise<string> {
    return this.images.pullImage(image);
  }
  listImages(): Promise<Image[]> {
    return this.images.listImages();
  }
  imageStatus(image: ImageSpec): Promise<Image | undefined> {
    return this.images.imageStatus(image);
  }
  removeImage(image: ImageSpec): Promise<void> {
    return this.images.removeImage(image);
  }

  async runPodSandbox(config: PodSandboxConfig): Promise<string> {
    const id = newId();
    const { clock, sandboxStartMs = 100 } = this.options;
    if (sandboxStartMs > 0) await new Promise<void>((r) => clock.setTimeout(() => r(), sandboxStartMs).unref());
    let ip = this.options.nodeIP;
    if (!config.hostNetwork) {
      try {
        ip = this.options.cni.add(id, { namespace: config.metadata.namespace, name: config.metadata.name, uid: config.metadata.uid });
      } catch (err) {
        throw new CriError('Unknown', `failed to setup network for sandbox "${id}": plugin type="bridge" failed (add): ${(err as Error).message}`);
      }
    }
    const sandbox: SimSandbox = { id, config, state: 'SANDBOX_READY', createdAt: clock.now(), ip, endpoint: undefined };
    sandbox.endpoint = { nodeName: this.options.nodeName, pod: { namespace: config.metadata.namespace, name: config.metadata.name }, connect: (req) => this.connect(sandbox, req) };
    // A host-network sandbox shares the node's address: it answers on the node's ports.
    if (config.hostNetwork) this.options.podNetwork.registerHost(ip, sandbox.endpoint);
    else this.options.podNetwork.register(ip, sandbox.endpoint);
    this.sandboxes.set(id, sandbox);
    return id;
  }

  async stopPodSandbox(id: string): Promise<void> {
    const sandbox = this.sandboxes.get(id);
    if (!sandbox) return;
    for (const c of this.containers.values()) if (c.sandbox === sandbox) await this.stopContainer(c.id, 0);
    if (sandbox.state === 'SANDBOX_READY') {
      sandbox.state = 'SANDBOX_NOTREADY';
      if (sandbox.endpoint && sandbox.config.hostNetwork) this.options.podNetwork.unregisterHost(sandbox.ip, sandbox.endpoint);
      else if (sandbox.endpoint) this.options.podNetwork.unregister(sandbox.ip, sandbox.endpoint);
      if (!sandbox.config.hostNetwork) this.options.cni.del(id);
    }
  }

  async removePodSandbox(id: string): Promise<void> {
    const sandbox = this.sandboxes.get(id);
    if (!sandbox) return;
    await this.stopPodSandbox(id);
    for (const c of [...this.containers.values()]) if (c.sandbox === sandbox) await this.removeContainer(c.id);
    this.sandboxes.delete(id);
  }

  async podSandboxStatus(id: string): Promise<PodSandboxStatus> {
    const s = this.sandbox(id);
    return { ...sandboxView(s), network: { ip: s.ip, additionalIps: [] } };
  }

  async listPodSandbox(filter: PodSandboxFilter = {}): Promise<PodSandbox[]> {
    const out: PodSandbox[] = [];
    for (const s of this.sandboxes.values()) {
      if (filter.id && s.id !== filter.id) continue;
      if (filter.state && s.state !== filter.state) continue;
      if (filter.labelSelector && !matches(s.config.labels, filter.labelSelector)) continue;
      out.push(sandboxView(s));
    }
    return out;
  }

  async createContainer(podSandboxId: string, config: ContainerConfig, _sandboxConfig: PodSandboxConfig): Promise<string> {
    const sandbox = this.sandbox(podSandboxId);
    if (sandbox.state !== 'SANDBOX_READY') throw new CriError('FailedPrecondition', `sandbox container "${podSandboxId}" is not running`);
    const stored = this.images.find(config.image.image);
    if (!stored) throw new CriError('NotFound', `failed to get image "${config.image.image}": image "${config.image.image}": not found`);
    const ref = parseImageReference(config.image.image);
    const image = stored.image;
    const id = newId();
    const workingDir = config.workingDir || image.spec.workingDir || '/';
    const mounts = config.mounts.map((m) => {
      const source = this.options.hostPaths.get(m.hostPath);
      if (!source) throw new CriError('Unknown', `failed to create containerd container: mount source path "${m.hostPath}": no such file or directory`);
      return { containerPath: m.containerPath, source, readOnly: m.readonly, subPath: m.subPath };
    });
    const env = containerEnv(image, sandbox.config, config);
    const c: SimContainer = {
      id,
      sandbox,
      config,
      image,
      imageName: this.options.shim.imageName(ref),
      imageRef: this.options.shim.imageRef(ref, image.digest),
      state: 'CONTAINER_CREATED',
      createdAt: this.options.clock.now(),
      startedAt: 0,
      finishedAt: 0,
      exitCode: 0,
      reason: '',
      message: '',
      log: new ContainerLog(() => this.options.clock.now()),
      fs: new ContainerFs(imageFiles(image, sandbox.config), mounts, workingDir),
      env,
      process: undefined,
      listeners: new Map(),
    };
    this.containers.set(id, c);
    this.emit(c, 'CONTAINER_CREATED_EVENT');
    return id;
  }

  async startContainer(id: string): Promise<void> {
    const c = this.container(id);
    if (c.state !== 'CONTAINER_CREATED') throw new CriError('FailedPrecondition', `container ${id} is not in created state: ${c.state}`);
    const argv = effectiveArgv(c.config, c.image);
    const lookPath = (name: string) => this.lookPath(c.image, name);
    const exe = argv[0] === undefined ? undefined : lookPath(argv[0]);
    const now = this.options.clock.now();
    if (!exe) {
      const message = argv[0] === undefined ? 'no command specified: unknown' : this.options.shim.startError(argv[0], id);
      Object.assign(c, { state: 'CONTAINER_EXITED', startedAt: now, finishedAt: now, exitCode: 128, reason: 'StartError', message });
      c.log.close();
      this.emit(c, 'CONTAINER_STOPPED_EVENT');
      throw new CriError('Unknown', message);
    }
    const limit = c.config.linux?.resources?.memoryLimitInBytes;
    const profile = c.image.spec.resources?.memory;
    const proc = new ContainerProcess(
      {
        clock: this.options.clock,
        hostname: c.sandbox.config.hostname,
        fs: c.fs,
        network: bindNetwork(this.options.network, {
          nodeName: this.options.nodeName,
          ip: c.sandbox.ip,
          pod: { namespace: c.sandbox.config.metadata.namespace, name: c.sandbox.config.metadata.name, hostname: c.sandbox.config.hostname },
          dns: c.sandbox.config.dnsConfig,
        }),
        cpus: cpusOf(c.config, this.options.cpus),
        lookPath,
        memoryLimit: limit && limit > 0 ? limit : undefined,
        profileMemory: profile === undefined ? 0 : parseQuantity(profile),
        listen: (port, protocol, handler) => c.listeners.set(`${port}/${protocol}`, handler),
      },
      exe,
      argv,
      c.env,
      c.config.workingDir || c.image.spec.workingDir || '/',
      { stdout: { write: (t) => c.log.write('stdout', t) }, stderr: { write: (t) => c.log.write('stderr', t) } },
      !!c.config.stdin && isInteractiveShell(argv),
    );
    Object.assign(c, { state: 'CONTAINER_RUNNING', startedAt: now, process: proc });
    proc.start();
    void proc.done.then((status) => {
      Object.assign(c, { state: 'CONTAINER_EXITED', finishedAt: this.options.clock.now(), exitCode: status.exitCode, reason: status.reason, message: status.message ?? '' });
      c.listeners.clear();
      c.log.close();
      this.emit(c, 'CONTAINER_STOPPED_EVENT');
    });
    this.emit(c, 'CONTAINER_STARTED_EVENT');
  }

  async stopContainer(id: string, timeout: number): Promise<void> {
    const c = this.containers.get(id);
    if (!c?.process || c.state !== 'CONTAINER_RUNNING') return;
    const proc = c.process;
    if (timeout <= 0) proc.kill();
    else {
      proc.term();
      const timer = this.options.clock.setTimeout(() => proc.kill(), timeout * 1000).unref();
      void proc.done.then(() => timer.clear());
    }
    await proc.done;
    // Let the exit bookkeeping (state, event) run before answering.
    await Promise.resolve();
  }

  async removeContainer(id: string): Promise<void> {
    const c = this.containers.get(id);
    if (!c) return;
    if (c.state === 'CONTAINER_RUNNING') await this.stopContainer(id, 0);
    this.containers.delete(id);
    this.emit(c, 'CONTAINER_DELETED_EVENT');
  }

  async listContainers(filter: ContainerFilter = {}): Promise<Container[]> {
    const out: Container[] = [];
    for (const c of this.containers.values()) {
      if (filter.id && c.id !== filter.id) continue;
      if (filter.state && c.state !== filter.state) continue;
      if (filter.podSandboxId && c.sandbox.id !== filter.podSandboxId) continue;
      if (filter.labelSelector && !matches(c.config.labels, filter.labelSelector)) continue;
      out.push(containerView(c));
    }
    return out;
  }

  /**
   * Running containers' use: memory is what their programs hold (the image's steady profile
   * plus what they allocated: `stress --vm-bytes`); CPU is the image profile's steady use
   * (1m when it names none), times the busy workers a program runs (`stress --cpu N`).
   */
  async listContainerStats(): Promise<ContainerStats[]> {
    const now = this.options.clock.now();
    const out: ContainerStats[] = [];
    for (const c of this.containers.values()) {
      if (c.state !== 'CONTAINER_RUNNING' || !c.process) continue;
      const profile = c.image.spec.resources?.cpu;
      const steady = profile === undefined ? 0.001 : parseQuantity(profile);
      // The CFS quota of a CPU limit caps what busy workers get (500m: half a core).
      const r = c.config.linux?.resources;
      const quota = r?.cpuQuota && r.cpuPeriod ? r.cpuQuota / r.cpuPeriod : Infinity;
      out.push({
        id: c.id,
        podSandboxId: c.sandbox.id,
        metadata: c.config.metadata,
        pod: c.sandbox.config.metadata,
        cpuNanoCores: Math.round(Math.min(steady + c.process.busyCpus, Math.max(quota, steady)) * 1e9),
        memoryWorkingSetBytes: c.process.memoryUsage,
        timestamp: now,
      });
    }
    return out;
  }

  async containerStatus(id: string): Promise<ContainerStatus> {
    const c = this.container(id);
    return {
      ...containerView(c),
      startedAt: c.startedAt,
      finishedAt: c.finishedAt,
      exitCode: c.exitCode,
      reason: c.reason,
      message: c.message,
      mounts: c.config.mounts,
      logPath: c.config.logPath,
      resources: c.config.linux?.resources ? { linux: c.config.linux.resources } : undefined,
    };
  }

  async execSync(id: string, cmd: string[], timeout: number, stdin = '', options: { trace?: boolean } = {}): Promise<ExecSyncResponse> {
    const c = this.container(id);
    if (c.state !== 'CONTAINER_RUNNING' || !c.process) throw new CriError('NotFound', `container ${id} is not running`);
    return c.process.exec(cmd, stdin, timeout * 1000, options);
  }

  async containerLogs(id: string, options: LogOptions): Promise<LogStream> {
    return this.container(id).log.read(options);
  }

  async attach(id: string): Promise<AttachTarget> {
    const c = this.container(id);
    if (c.state !== 'CONTAINER_RUNNING' || !c.process) throw new CriError('NotFound', `container ${id} is not running`);
    // What startContainer decided PID 1 is; the command line is the one it ran.
    return { command: effectiveArgv(c.config, c.image), interactive: c.process.interactive, stdinOnce: !!c.config.stdinOnce, tty: !!c.config.tty };
  }

  async closeStdin(id: string, exitCode: number): Promise<void> {
    this.container(id).process?.closeStdin(exitCode);
  }

  getContainerEvents(listener: (event: ContainerEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Kills everything at once (the node is removed, the daemon stops). */
  async shutdown(): Promise<void> {
    for (const s of [...this.sandboxes.keys()]) await this.removePodSandbox(s);
  }

  private async connect(sandbox: SimSandbox, req: ConnectRequest): Promise<ConnectResult> {
    const key = `${req.port}/${req.protocol === 'UDP' ? 'UDP' : 'TCP'}`;
    for (const c of this.containers.values()) {
      if (c.sandbox !== sandbox || c.state !== 'CONTAINER_RUNNING') continue;
      const handler = c.listeners.get(key);
      if (!handler) continue;
      const answer = await handler({ client: { ip: req.source.ip, port: this.options.podNetwork.ephemeralPort() }, http: req.http });
      return { outcome: 'connected', ...answer };
    }
    return { outcome: 'refused' };
  }

  private lookPath(image: CatalogueImage, name: string): Executable | undefined {
    const programs = image.spec.programs ?? {};
    const base = name.slice(name.lastIndexOf('/') + 1);
    const program = programs[name] ?? programs[base] ?? Object.entries(programs).find(([k]) => k.slice(k.lastIndexOf('/') + 1) === base)?.[1];
    if (program) return programExecutable(name, program, image);
    return toolFor(name, new Set(image.spec.tools ?? []));
  }

  private emit(c: SimContainer, type: ContainerEventType): void {
    const event: ContainerEvent = {
      containerId: c.id,
      containerEventType: type,
      createdAt: this.options.clock.now(),
      podSandboxId: c.sandbox.id,
      podUid: c.sandbox.config.labels[LABEL_POD_UID] ?? c.sandbox.config.metadata.uid,
    };
    for (const l of this.listeners) l(event);
  }

  private sandbox(id: string): SimSandbox {
    const s = this.sandboxes.get(id);
    if (!s) throw new CriError('NotFound', `an error occurred when try to find sandbox: not found`);
    return s;
  }

  private container(id: string): SimContainer {
    const c = this.containers.get(id);
    if (!c) throw new CriError('NotFound', `an error occurred when try to find container "${id}": not found`);
    return c;
  }
}

function newId(): string {
  return randomBytes(32).toString('hex');
}

function matches(labels: Record<string, string>, selector: Record<string, string>): boolean {
  return Object.entries(selector).every(([k, v]) => labels[k] === v);
}

function sandboxView(s: SimSandbox): PodSandbox {
  return { id: s.id, metadata: s.config.metadata, state: s.state, createdAt: s.createdAt, labels: s.config.labels, annotations: s.config.annotations, runtimeHandler: '' };
}

function containerView(c: SimContainer): Container {
  return {
    id: c.id,
    podSandboxId: c.sandbox.id,
    metadata: c.config.metadata,
    image: { image: c.imageName },
    imageRef: c.imageRef,
    state: c.state,
    createdAt: c.createdAt,
    labels: c.config.labels,
    annotations: c.config.annotations,
  };
}
