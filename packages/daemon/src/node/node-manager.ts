/**
 * The simulated nodes of a daemon: for each, a container runtime (its shim, image store,
 * CNI with host-local IPAM on the node's podCIDR) and a kubelet, all API clients of the
 * daemon's API server over the in-process transport. Shared by every node, so a thousand
 * idle ones stay cheap: one pod informer indexed by spec.nodeName (each kubelet is handed
 * its own pods), one ConfigMap, Secret and Node informer, one batched timer, one pod
 * network.
 *
 * Nodes are named worker-1 … worker-N, with podCIDR 10.244.N.0/24 and InternalIP
 * 172.18.0.(N+2) — and in kubeadm's shape, first `control-plane` with index 0 — kept across
 * restarts (an existing Node keeps its podCIDR; pod IPs are
 * recovered from the pods bound to it). The drills' API: addNode, stopNode (the kubelet
 * stops, heartbeats end, the containers keep running), startNode, removeNode.
 */
import { join } from 'node:path';
import { type Clock, type KubeObject, resourceFor } from '@kubelab/core';
import { podNodeNameIndexFunc } from '@kubelab/core/cache/lister';
import { deletedObject } from '@kubelab/core/cache/keys';
import { SharedInformerFactory } from '@kubelab/core/cache/shared-informer-factory';
import type { SharedInformer } from '@kubelab/core/cache/informer';
import { KubeClient } from '@kubelab/core/client/client';
import { type InProcessHandler, InProcessTransport } from '@kubelab/core/client/in-process';
import { EventRecorder } from '../controllers/events.js';
import type { Logger } from '../controllers/controller.js';
import { BatchedClock } from './batched-clock.js';
import { HostLocalIpam, ipToNumber, numberToIp, podCIDRForIndex } from './cni.js';
import { type AttachRequest, type ExecRequest, type KubeletConnection, KubeletError, type LogRequest, type LogResponse, unreachable } from './kubelet-connection.js';
import { DEFAULT_KUBELET_CONFIGURATION, type KubeletConfiguration, type NodeSpec } from './kubelet/config.js';
import { Kubelet } from './kubelet/kubelet.js';
import { attachToContainer, closeContainerStdin, containerLogs, execInContainer } from './kubelet/kubelet-server.js';
import { ApiObjectSource } from './kubelet/object-source.js';
import type { Pod } from './kubelet/pod-types.js';
import type { ClusterNetwork } from './network/network.js';
import { PodNetwork } from './network/pod-network.js';
import type { AttachTarget, ExecSyncResponse } from './runtime/cri.js';
import { SimulatedRuntime } from './runtime/engine.js';
import { ImageCatalogue } from './runtime/image-catalogue.js';
import { type RuntimeName, shimFor } from './runtime/shims.js';
import { HostPaths } from './runtime/volumes.js';

const PODS = resourceFor('', 'v1', 'pods')!;
const NODES = resourceFor('', 'v1', 'nodes')!;
const CONFIG_MAPS = resourceFor('', 'v1', 'configmaps')!;
const SECRETS = resourceFor('', 'v1', 'secrets')!;

export const KUBELET_USER_AGENT = 'kubelet/v1.32.0 (linux/amd64) kubernetes/kubelab';
export const NODE_NAME_INDEX = 'nodeName';
/** The name of kubeadm's control-plane node in a kubelab cluster. */
export const CONTROL_PLANE_NODE = 'control-plane';

export interface NodeDefaults {
  cpu: string;
  memory: string;
  pods: number;
  ephemeralStorage: string;
  runtime: RuntimeName;
}

export const DEFAULT_NODE: NodeDefaults = { cpu: '4', memory: '8Gi', pods: 110, ephemeralStorage: '100Gi', runtime: 'containerd' };

export interface AddNodeOptions extends Partial<NodeDefaults> {
  name?: string;
  /** The node's index: podCIDR 10.244.<index>.0/24, InternalIP 172.18.0.<index + 2> (default: the lowest free from 1). */
  index?: number;
  labels?: Record<string, string>;
  taints?: NodeSpec['taints'];
  controlPlane?: boolean;
}

/** What else runs on a node and starts and stops with it (kube-proxy, the static pod source). */
export interface NodeLifecycleListener {
  /** The node was added (its runtime exists; its kubelet starts next). */
  nodeAdded?(node: SimulatedNode): void;
  /** Its kubelet started (after addNode, and after startNode). */
  kubeletStarted?(node: SimulatedNode): void | Promise<void>;
  /** Its kubelet stopped (stopNode, removeNode, the daemon stopping). */
  kubeletStopped?(node: SimulatedNode): void | Promise<void>;
  /** The node is gone. */
  nodeRemoved?(node: SimulatedNode): void;
}

export interface NodeManagerOptions {
  /** The API server's entry point (ApiServer.handle). */
  handler?: InProcessHandler;
  /** A client of an API server elsewhere (the node agent's, over HTTPS) instead of handler. */
  client?: KubeClient;
  /** Components that live and die with each node. */
  lifecycle?: NodeLifecycleListener[];
  clock: Clock;
  defaults?: Partial<NodeDefaults>;
  kubelet?: Partial<KubeletConfiguration>;
  catalogueDir?: string;
  /** Wraps the pod network (the data path: DNS and Service rules in front of pod IPs). */
  network?: (pods: PodNetwork) => ClusterNetwork;
  log?: Logger;
  /** The data directory: each node's static pod manifests are in <dataDir>/nodes/<node>/manifests/. */
  dataDir?: string;
  minWatchTimeoutSeconds?: number;
  random?: () => number;
}

export interface SimulatedNode {
  spec: NodeSpec;
  index: number;
  runtime: SimulatedRuntime;
  ipam: HostLocalIpam;
  hostPaths: HostPaths;
  recorder: EventRecorder;
  kubelet: Kubelet | undefined;
}

export class NodeManager implements KubeletConnection {
  readonly client: KubeClient;
  readonly clock: BatchedClock;
  readonly podNetwork = new PodNetwork();
  readonly network: ClusterNetwork;
  readonly catalogue: ImageCatalogue;
  private readonly nodes = new Map<string, SimulatedNode>();
  private readonly factory: SharedInformerFactory;
  private readonly pods: SharedInformer<Pod>;
  private readonly nodeInformer: SharedInformer;
  private readonly objects: ApiObjectSource;
  private readonly defaults: NodeDefaults;
  private readonly log: Logger;
  private started = false;
  private informersSynced: Promise<void> | undefined;

  constructor(private readonly options: NodeManagerOptions) {
    this.clock = new BatchedClock(options.clock);
    if (!options.client && !options.handler) throw new Error('node manager: a handler or a client is required');
    this.client = options.client ?? new KubeClient(new InProcessTransport(options.handler!, { userAgent: KUBELET_USER_AGENT }));
    this.network = options.network ? options.network(this.podNetwork) : this.podNetwork;
    this.catalogue = ImageCatalogue.load(options.catalogueDir);
    this.defaults = { ...DEFAULT_NODE, ...options.defaults };
    this.log = options.log ?? { info: () => undefined, error: (m) => console.error(`kubelet: ${m}`) };
    this.factory = new SharedInformerFactory({
      client: this.client,
      clock: options.clock,
      minWatchTimeoutSeconds: options.minWatchTimeoutSeconds,
      random: options.random,
      onError: (err, context) => this.log.info(`${context}: ${String((err as Error)?.message ?? err)}`),
    });
    this.pods = this.factory.informerFor<Pod>(PODS);
    this.pods.addIndexers({ [NODE_NAME_INDEX]: podNodeNameIndexFunc });
    this.nodeInformer = this.factory.informerFor(NODES);
    const configMaps = this.factory.informerFor(CONFIG_MAPS);
    const secrets = this.factory.informerFor(SECRETS);
    this.objects = new ApiObjectSource(this.client, { configMaps: configMaps.lister, secrets: secrets.lister }, () => options.clock.now());
    this.pods.addEventHandler({
      onAdd: (pod) => this.kubeletOf(pod)?.podUpdated(pod),
      onUpdate: (_old, pod) => this.kubeletOf(pod)?.podUpdated(pod),
      onDelete: (obj) => {
        const pod = deletedObject(obj);
        this.kubeletOf(pod)?.podDeleted(pod);
        // An IP recovered for a pod that is gone before it got its sandbox back.
        if (pod.spec?.nodeName) this.nodes.get(pod.spec.nodeName)?.ipam.releasePod(pod.metadata!.uid!);
      },
    });
  }

  /**
   * Starts the shared informers and `count` nodes named worker-1 … worker-count; with
   * controlPlane, first kubeadm's control-plane node (index 0: 10.244.0.0/24, 172.18.0.2,
   * labelled and tainted node-role.kubernetes.io/control-plane).
   */
  async start(count = 0, options: { controlPlane?: boolean } = {}): Promise<void> {
    this.started = true;
    if (options.controlPlane && !this.nodes.has(CONTROL_PLANE_NODE)) await this.addNode({ name: CONTROL_PLANE_NODE, index: 0, controlPlane: true });
    const add: Array<Promise<SimulatedNode>> = [];
    for (let i = 1; i <= count; i++) if (!this.nodes.has(`worker-${i}`)) add.push(this.addNode({ name: `worker-${i}` }));
    await Promise.all(add);
  }

  /**
   * The shared informers start with the first node: until a kubelet runs here, nothing needs
   * them, and a daemon without nodes watches no pods on their behalf (a cluster without
   * kubelets has no kubelet watches).
   */
  private startInformers(): Promise<void> {
    this.informersSynced ??= (async () => {
      this.factory.start();
      if (!(await this.factory.waitForCacheSync())) {
        this.informersSynced = undefined;
        throw new Error('node manager: informer caches did not sync');
      }
    })();
    return this.informersSynced;
  }

  /** Adds a node and starts its kubelet. */
  async addNode(options: AddNodeOptions = {}): Promise<SimulatedNode> {
    if (!this.started) await this.start(0);
    await this.startInformers();
    const index = options.index ?? this.indexFor(options.name);
    const name = options.name ?? `worker-${index}`;
    if (this.nodes.has(name)) throw new Error(`node ${name} already exists`);
    const existing = this.nodeInformer.lister.get(name);
    const podCIDR = ((existing?.['spec'] as { podCIDR?: string } | undefined)?.podCIDR) ?? podCIDRForIndex(index);
    const spec: NodeSpec = {
      name,
      cpu: options.cpu ?? this.defaults.cpu,
      memory: options.memory ?? this.defaults.memory,
      pods: options.pods ?? this.defaults.pods,
      ephemeralStorage: options.ephemeralStorage ?? this.defaults.ephemeralStorage,
      runtime: options.runtime ?? this.defaults.runtime,
      podCIDR,
      internalIP: numberToIp(ipToNumber('172.18.0.2') + index),
      labels: options.labels,
      taints: options.taints,
      controlPlane: options.controlPlane,
    };
    const ipam = new HostLocalIpam(podCIDR);
    for (const pod of this.pods.lister.byIndex(NODE_NAME_INDEX, name)) {
      const ip = pod.status?.podIP;
      if (ip) ipam.reserve(ip, pod.metadata!.uid!);
    }
    const hostPaths = new HostPaths();
    const shim = shimFor(spec.runtime);
    const config = { ...DEFAULT_KUBELET_CONFIGURATION, ...this.options.kubelet };
    const runtime = new SimulatedRuntime({
      nodeName: name,
      nodeIP: spec.internalIP,
      clock: this.clock,
      catalogue: this.catalogue,
      shim,
      network: this.network,
      podNetwork: this.podNetwork,
      cni: ipam,
      hostPaths,
      cpus: Math.max(1, Math.floor(Number(spec.cpu) || 1)),
      pullBandwidth: config.imagePullBandwidth,
    });
    const recorder = new EventRecorder({ client: this.client, clock: this.clock, source: { component: 'kubelet', host: name }, log: this.log });
    const node: SimulatedNode = { spec, index, runtime, ipam, hostPaths, recorder, kubelet: undefined };
    this.nodes.set(name, node);
    this.podNetwork.addNode(spec.internalIP);
    for (const l of this.options.lifecycle ?? []) l.nodeAdded?.(node);
    await this.startNode(name);
    return node;
  }

  /** Starts a node's kubelet again (after stopNode): it adopts the running containers. */
  async startNode(name: string): Promise<void> {
    const node = this.mustGet(name);
    if (node.kubelet?.isRunning) return;
    const kubelet = new Kubelet({
      client: this.client,
      clock: this.clock,
      runtime: node.runtime,
      spec: node.spec,
      config: this.options.kubelet,
      objects: this.objects,
      hostPaths: node.hostPaths,
      network: this.network,
      recorder: node.recorder,
      currentNode: () => this.nodeInformer.lister.get(name),
      random: this.options.random,
      staticPodPath: this.staticPodPath(name),
    });
    node.kubelet = kubelet;
    await kubelet.start();
    for (const pod of this.pods.lister.byIndex(NODE_NAME_INDEX, name)) kubelet.podUpdated(pod);
    await kubelet.cleanupOrphans();
    for (const l of this.options.lifecycle ?? []) await l.kubeletStarted?.(node);
  }

  /** Stops a node's kubelet: no more heartbeats or syncs; its containers keep running. */
  async stopNode(name: string): Promise<void> {
    const node = this.mustGet(name);
    await this.stopKubelet(node);
  }

  private async stopKubelet(node: SimulatedNode): Promise<void> {
    if (!node.kubelet?.isRunning) return;
    await node.kubelet.stop();
    for (const l of this.options.lifecycle ?? []) await l.kubeletStopped?.(node);
  }

  /**
   * Removes a node: its kubelet stops, its containers go, and its Node object is deleted —
   * unless deleteNode is false: then the Node stays until someone else deletes it (the cloud
   * node lifecycle controller, once the node's instance is gone and it is not Ready).
   */
  async removeNode(name: string, options: { deleteNode?: boolean } = {}): Promise<void> {
    const node = this.mustGet(name);
    await this.stopKubelet(node);
    node.kubelet = undefined;
    await node.runtime.shutdown();
    this.podNetwork.removeNode(node.spec.internalIP);
    this.nodes.delete(name);
    for (const l of this.options.lifecycle ?? []) l.nodeRemoved?.(node);
    await node.recorder.flush();
    if (options.deleteNode === false) return;
    try {
      await this.client.delete(NODES, name);
    } catch (err) {
      if ((err as { code?: number }).code !== 404) throw err;
    }
  }

  /** Stops every kubelet and the informers (the daemon shutting down). */
  async stop(): Promise<void> {
    await Promise.all([...this.nodes.values()].map((n) => this.stopKubelet(n)));
    await this.factory.shutdown();
    await Promise.all([...this.nodes.values()].map((n) => n.recorder.flush()));
    for (const n of this.nodes.values()) await n.runtime.shutdown();
    this.clock.clear();
  }

  /** A node's static pod directory (its kubelet's staticPodPath), when the manager has a data directory. */
  staticPodPath(name: string): string | undefined {
    return this.options.dataDir ? join(this.options.dataDir, 'nodes', name, 'manifests') : undefined;
  }

  get(name: string): SimulatedNode | undefined {
    return this.nodes.get(name);
  }

  list(): SimulatedNode[] {
    return [...this.nodes.values()];
  }

  // KubeletConnection
  async containerLogs(nodeName: string, request: LogRequest): Promise<LogResponse> {
    const kubelet = this.reachable(nodeName, `/containerLogs/${request.namespace}/${request.pod}/${request.container ?? ''}`);
    return containerLogs(kubelet, request);
  }

  async exec(nodeName: string, request: ExecRequest): Promise<ExecSyncResponse> {
    const kubelet = this.reachable(nodeName, `/exec/${request.namespace}/${request.pod}/${request.container ?? ''}`);
    return execInContainer(kubelet, request);
  }

  async attach(nodeName: string, request: AttachRequest): Promise<AttachTarget> {
    return attachToContainer(this.reachable(nodeName, attachPath(request)), request);
  }

  async closeStdin(nodeName: string, request: AttachRequest, exitCode: number): Promise<void> {
    return closeContainerStdin(this.reachable(nodeName, attachPath(request)), request, exitCode);
  }

  private reachable(nodeName: string, path: string): Kubelet {
    const node = this.nodes.get(nodeName);
    if (!node) {
      const known = this.nodeInformer.lister.get(nodeName) as KubeObject | undefined;
      const ip = ((known?.['status'] as { addresses?: Array<{ type: string; address: string }> } | undefined)?.addresses ?? []).find((a) => a.type === 'InternalIP')?.address;
      if (!ip) throw new KubeletError(404, `nodes "${nodeName}" not found`);
      throw unreachable(ip, path);
    }
    if (!node.kubelet?.isRunning) throw unreachable(node.spec.internalIP, path);
    return node.kubelet;
  }

  private kubeletOf(pod: Pod): Kubelet | undefined {
    const nodeName = pod.spec?.nodeName;
    return nodeName ? this.nodes.get(nodeName)?.kubelet : undefined;
  }

  /** worker-N's index is N when free; any other node takes the lowest free index from 1. */
  private indexFor(name: string | undefined): number {
    const used = new Set([...this.nodes.values()].map((n) => n.index));
    const m = name ? /^worker-(\d+)$/.exec(name) : null;
    if (m && !used.has(Number(m[1]))) return Number(m[1]);
    let i = 1;
    while (used.has(i) || (name === undefined && this.nodes.has(`worker-${i}`))) i++;
    return i;
  }

  private mustGet(name: string): SimulatedNode {
    const node = this.nodes.get(name);
    if (!node) throw new Error(`node ${name} is not a simulated node of this daemon`);
    return node;
  }
}

/** The kubelet path an attach dials, for the unreachable kubelet's error. */
function attachPath(request: AttachRequest): string {
  return `/attach/${request.namespace}/${request.pod}/${request.container ?? ''}`;
}
