/**
 * One node's kubelet, an API client like any other (house rule 1): it registers its Node,
 * heartbeats through its Lease, posts node status when it changes, and runs the pods bound
 * to it — each synced by its own pod worker (pod-sync.ts, pod-termination.ts) when the pod
 * changes, when one of its containers changes state (the runtime's container events: the
 * evented PLEG), when a probe result changes, or when a back-off ends.
 *
 * Pods arrive through podUpdated/podDeleted: in the daemon, the node manager feeds every
 * kubelet from one shared pod informer indexed by spec.nodeName; a kubelet in its own
 * process would feed it from a watch with fieldSelector=spec.nodeName=<node>.
 *
 * stop() is the kubelet process going away: heartbeats and syncs end, the containers keep
 * running in the runtime, and a kubelet started again on the same runtime adopts them.
 */
import { randomUUID } from 'node:crypto';
import { type Clock, type KubeObject, type TimerHandle, parseQuantity, resourceFor } from '@kubelab/core';
import { type KubeClient, isStatus } from '@kubelab/core/client/client';
import type { EventRecorder, ObjectReference } from '../../controllers/events.js';
import type { ClusterNetwork } from '../network/network.js';
import type { ContainerEvent } from '../runtime/cri.js';
import type { SimulatedRuntime } from '../runtime/engine.js';
import type { HostPaths } from '../runtime/volumes.js';
import { Backoff } from './backoff.js';
import { DEFAULT_KUBELET_CONFIGURATION, type KubeletConfiguration, type NodeSpec } from './config.js';
import { Messages, Reasons } from './events.js';
import { ImageManager } from './image-manager.js';
import { NodeLease } from './node-lease.js';
import { MirrorPods, isMirrorPod } from './mirror-pods.js';
import { type NodeCondition, initialNode, nodeStatus, statusChanged } from './node-status.js';
import type { ObjectSource } from './object-source.js';
import { type PodRecord, type SyncDeps, containerRef, newRecord } from './pod-record.js';
import { PodSyncer } from './pod-sync.js';
import { PodTermination } from './pod-termination.js';
import type { Pod } from './pod-types.js';
import { PodWorkers } from './pod-workers.js';
import { runProbe } from './probe.js';
import { ProberManager } from './prober-manager.js';
import { CONFIG_SOURCE, StaticPodSource } from './static-pods.js';
import { StatusManager } from './status-manager.js';
import { VolumeManager } from './volume-manager.js';

const NODES = resourceFor('', 'v1', 'nodes')!;
const JOURNAL_LINES = 2000;

export interface KubeletOptions {
  client: KubeClient;
  clock: Clock;
  runtime: SimulatedRuntime;
  spec: NodeSpec;
  config?: Partial<KubeletConfiguration>;
  objects: ObjectSource;
  hostPaths: HostPaths;
  network: ClusterNetwork;
  recorder: EventRecorder;
  /** The Node as the API server has it now (a shared informer's lister), if known. */
  currentNode?: () => KubeObject | undefined;
  /** Jitter of the periodic work (tests: () => 0). */
  random?: () => number;
  /** staticPodPath: the directory of static pod manifests (none: no static pods). */
  staticPodPath?: string;
}

export class Kubelet {
  readonly name: string;
  readonly config: KubeletConfiguration;
  readonly records = new Map<string, PodRecord>();
  private readonly byKey = new Map<string, string>();
  private readonly workers: PodWorkers;
  private readonly syncer: PodSyncer;
  private readonly prober: ProberManager;
  private readonly status: StatusManager;
  private readonly lease: NodeLease;
  private readonly journal: string[] = [];
  private readonly mirrors: MirrorPods;
  /** uids of the static pods running from the manifest directory. */
  private readonly staticUids = new Set<string>();
  private staticSource: StaticPodSource | undefined;
  private readonly bootID = randomUUID();
  private nodeUid: string | undefined;
  private lastReport = 0;
  private lastWritten: KubeObject | undefined;
  private statusTimer: TimerHandle | undefined;
  private unsubscribe: (() => void) | undefined;
  private reporting: Promise<void> | undefined;
  private running = false;

  constructor(private readonly options: KubeletOptions) {
    const { clock, client, runtime, spec } = options;
    this.name = spec.name;
    this.config = { ...DEFAULT_KUBELET_CONFIGURATION, ...options.config };
    const record = (ref: ObjectReference, type: 'Normal' | 'Warning', reason: string, message: string) => options.recorder.event(ref, type, reason, message);
    this.status = new StatusManager(client, clock, (err, pod) => this.log('E', `failed to update status of pod ${pod}: ${describe(err)}`));
    this.workers = new PodWorkers(clock, (uid) => this.syncPod(uid), (uid, err) => this.log('E', `error syncing pod ${uid}: ${describe(err)}`));
    this.prober = new ProberManager({
      clock,
      run: (uid, id, c, probe) => runProbe(probe, this.syncer.probeTarget(this.records.get(uid) ?? ({ podIP: undefined } as PodRecord), c, id)),
      onChange: (uid) => this.workers.update(uid),
      onFailure: (pod, c, message) => {
        this.log('I', `"Probe failed" pod="${pod.metadata?.namespace}/${pod.metadata?.name}" containerName="${c.name}" output=${JSON.stringify(message)}`);
        record(containerRef(pod, c), 'Warning', Reasons.Unhealthy, message);
      },
    });
    const deps: SyncDeps = {
      client,
      clock,
      runtime,
      runtimeName: runtime.shim.runtimeName,
      images: new ImageManager(runtime, clock, record, { serialize: this.config.serializeImagePulls, backoff: this.config.imagePullBackOffMs }),
      volumes: new VolumeManager(options.hostPaths, options.objects),
      prober: this.prober,
      status: this.status,
      objects: options.objects,
      hostPaths: options.hostPaths,
      network: options.network,
      config: this.config,
      nodeName: spec.name,
      nodeIP: spec.internalIP,
      allocatable: { cpu: parseQuantity(spec.cpu), memory: parseQuantity(spec.memory) - 100 * 1024 * 1024 },
      containerBackoff: new Backoff(clock, this.config.containerRestartBackOffMs.initial, this.config.containerRestartBackOffMs.max),
      record,
      resyncAfter: (uid, ms) => this.workers.resyncAfter(uid, ms),
      log: (m) => this.log('E', m),
    };
    this.syncer = new PodSyncer(deps, new PodTermination(deps));
    this.mirrors = new MirrorPods({ client, nodeName: spec.name, nodeUid: () => this.nodeUid, log: (m) => this.log('I', m) });
    this.lease = new NodeLease({
      client,
      clock,
      nodeName: spec.name,
      nodeUid: () => this.nodeUid,
      leaseDurationSeconds: this.config.nodeLeaseDurationSeconds,
      renewIntervalMs: this.config.nodeLeaseRenewIntervalMs,
      random: options.random,
      onError: (err) => this.log('E', `failed to update lease: ${describe(err)}`),
    });
  }

  get isRunning(): boolean {
    return this.running;
  }

  get spec(): NodeSpec {
    return this.options.spec;
  }

  get runtime(): SimulatedRuntime {
    return this.options.runtime;
  }

  /** Registers the node, starts heartbeats and status reports, and listens to the runtime. */
  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    const { clock, recorder } = this.options;
    this.log('I', `"Starting kubelet" version="v1.32.0" node="${this.name}"`);
    const ref: ObjectReference = { kind: 'Node', name: this.name, uid: this.name };
    recorder.event(ref, 'Normal', Reasons.Starting, Messages.startingKubelet);
    await this.register();
    for (const [reason, status] of [
      [Reasons.NodeHasSufficientMemory, 'NodeHasSufficientMemory'],
      [Reasons.NodeHasNoDiskPressure, 'NodeHasNoDiskPressure'],
      [Reasons.NodeHasSufficientPID, 'NodeHasSufficientPID'],
    ] as const) {
      recorder.event(ref, 'Normal', reason, Messages.nodeStatus(this.name, status));
    }
    recorder.event(ref, 'Normal', Reasons.NodeAllocatableEnforced, Messages.allocatableEnforced);
    this.unsubscribe = this.options.runtime.getContainerEvents((e) => this.onContainerEvent(e));
    await this.lease.start();
    // Each kubelet's status loop starts at its own offset in the period (upstream's loops run
    // with jitter), so many nodes started together do not all report in the same instant.
    const period = this.config.nodeStatusUpdateFrequencyMs;
    const tick = () => {
      this.reporting ??= this.updateNodeStatus(false).finally(() => (this.reporting = undefined));
    };
    const offset = Math.floor((this.options.random ?? Math.random)() * period);
    this.statusTimer = clock.setTimeout(() => {
      if (!this.running) return;
      tick();
      this.statusTimer = clock.setInterval(tick, period);
    }, offset);
    if (this.options.staticPodPath) {
      this.staticSource = new StaticPodSource({
        dir: this.options.staticPodPath,
        nodeName: this.name,
        clock,
        checkFrequencyMs: this.config.fileCheckFrequencyMs,
        onChange: (pods) => this.staticPodsChanged(pods),
        log: (level, m) => this.log(level, m),
        random: this.options.random,
      });
      this.staticSource.start();
    }
  }

  /** The kubelet stops: heartbeats and syncs end; containers keep running. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.statusTimer?.clear();
    this.staticSource?.stop();
    this.unsubscribe?.();
    this.workers.stop();
    this.prober.stop();
    await this.lease.stop();
    await this.reporting;
    this.log('I', '"Shutting down kubelet"');
  }

  /** A pod bound to this node was added or changed. */
  podUpdated(pod: Pod): void {
    if (!this.running) return;
    if (isMirrorPod(pod)) return this.mirrorChanged(pod, false);
    const uid = pod.metadata!.uid!;
    let rec = this.records.get(uid);
    if (!rec) {
      rec = newRecord(pod);
      this.records.set(uid, rec);
      this.byKey.set(keyOf(pod), uid);
      this.log('I', `"SyncLoop ADD" source="api" pods=["${keyOf(pod)}"]`);
    } else if (!needsSync(rec.pod, pod)) {
      // A change of status only (often the kubelet's own write): nothing to do, as the
      // kubelet's pod config ignores status-only updates (checkAndUpdatePod).
      rec.pod = pod;
      return;
    } else {
      this.log('I', `"SyncLoop UPDATE" source="api" pods=["${keyOf(pod)}"]`);
    }
    rec.pod = pod;
    this.workers.update(uid);
  }

  /** A pod bound to this node is gone from the API server. */
  podDeleted(pod: Pod): void {
    if (!this.running) return;
    if (isMirrorPod(pod)) return this.mirrorChanged(pod, true);
    const rec = this.records.get(pod.metadata!.uid!);
    if (!rec) return;
    this.log('I', `"SyncLoop REMOVE" source="api" pods=["${keyOf(pod)}"]`);
    rec.removed = true;
    this.workers.update(rec.uid);
  }

  /**
   * The file source's full set of static pods (a SET, as upstream's PodConfig merges it): new
   * ones start, those whose manifest is gone (or changed: a new hash) stop.
   */
  private staticPodsChanged(pods: Pod[]): void {
    if (!this.running) return;
    const next = new Set(pods.map((p) => p.metadata!.uid!));
    for (const uid of this.staticUids) {
      if (next.has(uid)) continue;
      const rec = this.records.get(uid);
      this.staticUids.delete(uid);
      if (!rec) continue;
      this.log('I', `"SyncLoop REMOVE" source="file" pods=["${keyOf(rec.pod)}"]`);
      rec.removed = true;
      this.workers.update(uid);
    }
    for (const pod of pods) {
      const uid = pod.metadata!.uid!;
      if (this.staticUids.has(uid)) continue;
      this.staticUids.add(uid);
      this.records.set(uid, newRecord(pod));
      this.byKey.set(keyOf(pod), uid);
      this.log('I', `"SyncLoop ADD" source="file" pods=["${keyOf(pod)}"]`);
      this.workers.update(uid);
    }
  }

  /** A mirror pod changed or went: its static pod's worker makes it current again. */
  private mirrorChanged(pod: Pod, deleted: boolean): void {
    if (deleted) this.mirrors.forget(pod);
    else this.mirrors.observe(pod);
    const uid = this.byKey.get(keyOf(pod));
    if (uid && this.staticUids.has(uid)) this.workers.update(uid);
  }

  /** Whether uid is a static pod of this node. */
  isStaticPod(uid: string): boolean {
    return this.staticUids.has(uid);
  }

  /** Removes sandboxes of pods the API server no longer has (HandlePodCleanups). */
  async cleanupOrphans(): Promise<void> {
    for (const s of await this.options.runtime.listPodSandbox()) {
      const uid = s.labels['io.kubernetes.pod.uid'];
      if (uid && !this.records.has(uid)) await this.options.runtime.removePodSandbox(s.id);
    }
  }

  /** The record of the pod namespace/name on this node. */
  recordFor(namespace: string, name: string): PodRecord | undefined {
    const uid = this.byKey.get(`${namespace}/${name}`);
    return uid ? this.records.get(uid) : undefined;
  }

  /** The kubelet's journal (`kubelab node logs`), newest last. */
  journalLines(): readonly string[] {
    return this.journal;
  }

  /** The status the kubelet last computed for a pod. */
  podStatus(uid: string) {
    return this.status.get(uid);
  }

  private async syncPod(uid: string): Promise<void> {
    const rec = this.records.get(uid);
    if (!rec) return;
    if (!rec.sandboxId && !rec.removed) await this.adopt(rec);
    // A static pod's mirror comes first, so the status written next has somewhere to go.
    const isStatic = rec.pod.metadata?.annotations?.[CONFIG_SOURCE] === 'file';
    if (isStatic && !rec.removed && (await this.mirrors.ensure(rec.pod))) this.status.invalidate(uid);
    await this.syncer.sync(rec);
    if (isStatic && rec.removed) await this.mirrors.remove(rec.pod);
    if (rec.removed) {
      this.records.delete(uid);
      if (this.byKey.get(keyOf(rec.pod)) === uid) this.byKey.delete(keyOf(rec.pod));
      this.workers.forget(uid);
    }
  }

  /** A kubelet restarted on a live runtime takes the pod's sandbox back. */
  private async adopt(rec: PodRecord): Promise<void> {
    const sandboxes = await this.options.runtime.listPodSandbox({ labelSelector: { 'io.kubernetes.pod.uid': rec.uid }, state: 'SANDBOX_READY' });
    const newest = sandboxes.sort((a, b) => b.createdAt - a.createdAt)[0];
    if (!newest) return;
    const status = await this.options.runtime.podSandboxStatus(newest.id);
    rec.sandboxId = newest.id;
    rec.sandboxAttempt = newest.metadata.attempt;
    rec.podIP = status.network.ip;
    rec.sandboxReady = true;
  }

  private onContainerEvent(e: ContainerEvent): void {
    if (e.containerEventType === 'CONTAINER_STOPPED_EVENT') this.prober.removeContainer(e.containerId);
    if (this.records.has(e.podUid)) this.workers.update(e.podUid);
  }

  private async register(): Promise<void> {
    const { client, runtime, clock } = this.options;
    // Registered with its status, as initialNode does: the cloud-controller-manager then
    // keeps the InternalIP the node came with.
    const node = initialNode(this.spec, runtime.shim.endpoint);
    const version = await runtime.version();
    node['status'] = nodeStatus({
      spec: this.spec,
      runtimeName: version.runtimeName,
      runtimeVersion: version.runtimeVersion,
      images: await runtime.listImages(),
      previous: undefined,
      now: clock.now(),
      bootID: this.bootID,
    });
    try {
      const registered = await client.create(NODES, node);
      this.log('I', `"Successfully registered node" node="${this.name}"`);
      this.nodeUid = registered.metadata?.uid;
      this.lastWritten = registered;
      this.lastReport = clock.now();
      this.options.recorder.event({ kind: 'Node', name: this.name, uid: this.name }, 'Normal', Reasons.NodeReady, Messages.nodeStatus(this.name, 'NodeReady'));
    } catch (err) {
      if (!isStatus(err, 409)) throw err;
      const existing = await client.get(NODES, this.name);
      this.nodeUid = existing.metadata?.uid;
      this.lastWritten = existing;
      await this.updateNodeStatus(true);
    }
  }

  private async updateNodeStatus(force: boolean): Promise<void> {
    const { client, clock, runtime } = this.options;
    try {
      const current = newest(this.options.currentNode?.(), this.lastWritten);
      const previous = (current?.['status'] as { conditions?: NodeCondition[] } | undefined)?.conditions;
      const version = await runtime.version();
      const next = nodeStatus({
        spec: this.spec,
        runtimeName: version.runtimeName,
        runtimeVersion: version.runtimeVersion,
        images: await runtime.listImages(),
        previous,
        now: clock.now(),
        bootID: this.bootID,
      });
      const now = clock.now();
      if (!force && !statusChanged(next, current?.['status'] as Record<string, unknown> | undefined) && now - this.lastReport < this.config.nodeStatusReportFrequencyMs) return;
      const wasReady = previous?.find((c) => c.type === 'Ready')?.status === 'True';
      this.lastWritten = await client.patch(NODES, this.name, 'merge', { status: next }, { subresource: 'status' });
      this.lastReport = now;
      if (!wasReady) this.options.recorder.event({ kind: 'Node', name: this.name, uid: this.name }, 'Normal', Reasons.NodeReady, Messages.nodeStatus(this.name, 'NodeReady'));
    } catch (err) {
      this.log('E', `"Error updating node status, will retry" err="${describe(err)}"`);
    }
  }

  private log(level: 'I' | 'E', message: string): void {
    const d = new Date(this.options.clock.now());
    const p = (n: number, w = 2) => String(n).padStart(w, '0');
    const stamp = `${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}.${p(d.getUTCMilliseconds(), 3)}000`;
    this.journal.push(`${level}${stamp}    1234 kubelet.go] ${message}`);
    if (this.journal.length > JOURNAL_LINES) this.journal.splice(0, this.journal.length - JOURNAL_LINES);
  }
}

/** Spec, labels, annotations or deletion changed: what makes the kubelet sync a pod again. */
function needsSync(old: Pod, pod: Pod): boolean {
  const a = old.metadata ?? {};
  const b = pod.metadata ?? {};
  return (
    a.deletionTimestamp !== b.deletionTimestamp ||
    a.deletionGracePeriodSeconds !== b.deletionGracePeriodSeconds ||
    JSON.stringify(a.labels ?? {}) !== JSON.stringify(b.labels ?? {}) ||
    JSON.stringify(a.annotations ?? {}) !== JSON.stringify(b.annotations ?? {}) ||
    JSON.stringify(old.spec) !== JSON.stringify(pod.spec)
  );
}

function keyOf(pod: Pod): string {
  return `${pod.metadata?.namespace}/${pod.metadata?.name}`;
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** The fresher of two copies of one object, by resourceVersion. */
function newest(a: KubeObject | undefined, b: KubeObject | undefined): KubeObject | undefined {
  if (!a) return b;
  if (!b) return a;
  return Number(a.metadata?.resourceVersion ?? 0) >= Number(b.metadata?.resourceVersion ?? 0) ? a : b;
}
