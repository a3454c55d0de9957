/**
 * The scheduler loop (pkg/scheduler/schedule_one.go ScheduleOne): pop the next pod, run one
 * scheduling cycle synchronously over the cache's snapshot, assume the pod on the chosen node,
 * and bind it asynchronously — the next cycle does not wait for the API.
 *
 *   success   Reserve, Permit, assume; then PreBind, Bind (POST pods/NAME/binding) and the
 *             event `Scheduled  Successfully assigned default/web-1 to worker-2`.
 *   no fit    PostFilter (preemption); the pod goes back to the queue; the event
 *             `FailedScheduling` and the condition PodScheduled=False, reason Unschedulable,
 *             carry the FitError message; a preemption nominates a node.
 *   error     SchedulerError; the pod is retried after its backoff.
 *
 * Every attempt leaves a decision record (decisions.ts). The loop yields to I/O every few
 * milliseconds so bindings, events and informers keep flowing while pods queue up.
 */
import type { Clock } from '@kubelab/core';
import type { SharedInformerFactory } from '@kubelab/core/cache/shared-informer-factory';
import type { KubeClient } from '@kubelab/core/client/client';
import { SchedulingAlgorithm, type CycleOutcome } from '@kubelab/core/scheduler/algorithm/schedule-pod';
import { newRandom } from '@kubelab/core/scheduler/algorithm/random';
import { SeededTieBreak } from '@kubelab/core/scheduler/algorithm/tie-break';
import { type Pod, podKey } from '@kubelab/core/scheduler/api/types';
import type { CompletedConfiguration } from '@kubelab/core/scheduler/config/types';
import { CycleState } from '@kubelab/core/scheduler/framework/cycle-state';
import { type DecisionRecord, recordDecision } from '@kubelab/core/scheduler/framework/decision';
import { EVENTS } from '@kubelab/core/scheduler/framework/events';
import type { Framework } from '@kubelab/core/scheduler/framework/framework';
import { type BaseHandle, buildFramework, checkQueueSortMatches } from '@kubelab/core/scheduler/framework/framework-build';
import type { PluginFactory, PostFilterResult, QueuedPodInfo } from '@kubelab/core/scheduler/framework/interface';
import { PodInfo } from '@kubelab/core/scheduler/framework/pod-info';
import { Code, type Status, newStatus } from '@kubelab/core/scheduler/framework/status';
import { IN_TREE_REGISTRY } from '@kubelab/core/scheduler/plugins/registry';
import type { Logger } from '../controllers/controller.js';
import { describeError } from '../controllers/controller.js';
import type { EventRecorder, EventType, ObjectReference } from '../controllers/events.js';
import { SchedulerApiClient } from './api.js';
import { SchedulerCache } from './cache.js';
import type { DecisionStore } from './decisions.js';
import { addAllEventHandlers } from './event-handlers.js';
import { clusterListers, schedulerInformers, type SchedulerInformers } from './listers.js';
import { SchedulingQueue } from './scheduling-queue.js';

/** validation.NoteLengthLimit: longer event messages are cut with " ...". */
export const NOTE_LENGTH_LIMIT = 1024;
export const ERR_NO_NODES_AVAILABLE = 'no nodes available to schedule pods';

export interface SchedulerOptions {
  client: KubeClient;
  clock: Clock;
  informers: SharedInformerFactory;
  config: CompletedConfiguration;
  /** Seeds tie-breaking (and preemption's starting offset): same inputs, same choices. */
  seed?: number;
  registry?: ReadonlyMap<string, PluginFactory>;
  decisions: DecisionStore;
  /** The event recorder reporting as a profile's schedulerName. */
  recorderFor(schedulerName: string): EventRecorder;
  log: Logger;
  /** Bindings in flight before the loop waits for one to finish. */
  maxBindsInFlight?: number;
}

export class Scheduler {
  readonly cache = new SchedulerCache();
  readonly queue: SchedulingQueue;
  readonly profiles = new Map<string, Framework>();
  private readonly algorithm: SchedulingAlgorithm;
  private readonly api: SchedulerApiClient;
  private readonly informers: SchedulerInformers;
  private readonly random: () => number;
  private stopped = false;
  private loopDone: Promise<void> | undefined;
  private readonly binds = new Set<Promise<void>>();
  private bindWaiters: Array<() => void> = [];
  private handlerRegs: Array<{ remove(): void }> = [];
  /** Pods scheduled and bound so far (diagnostics, benchmarks). */
  boundCount = 0;

  constructor(private readonly options: SchedulerOptions) {
    const { clock, config } = options;
    this.random = newRandom(options.seed);
    this.api = new SchedulerApiClient(options.client, clock);
    this.informers = schedulerInformers(options.informers);
    const listers = clusterListers(this.informers);
    this.queue = new SchedulingQueue({
      clock,
      frameworkFor: (pod) => this.frameworkFor(pod),
      less: (a, b) => this.lessFn(a, b),
      podInitialBackoffMs: config.podInitialBackoffSeconds * 1000,
      podMaxBackoffMs: config.podMaxBackoffSeconds * 1000,
    });
    const base: BaseHandle = {
      clock,
      snapshot: () => this.cache.updateSnapshot(),
      listers,
      api: this.api,
      nominator: this.queue.nominator,
      random: this.random,
      event: (obj, type, reason, message) => this.recordEvent('', obj as Pod, type, reason, message),
    };
    const registry = options.registry ?? IN_TREE_REGISTRY;
    for (const profile of config.profiles) {
      const fwk = buildFramework(profile, { ...base, event: (obj, type, reason, message) => this.recordEvent(profile.schedulerName, obj as Pod, type, reason, message) }, registry);
      this.profiles.set(profile.schedulerName, fwk);
    }
    checkQueueSortMatches([...this.profiles.values()]);
    this.algorithm = new SchedulingAlgorithm({
      percentageOfNodesToScore: config.percentageOfNodesToScore,
      random: this.random,
      tieBreak: options.seed === undefined ? undefined : new SeededTieBreak(options.seed),
    });
  }

  /** Registers the informer handlers, waits for the caches, then schedules until stop(). */
  async run(): Promise<void> {
    this.handlerRegs = addAllEventHandlers(
      {
        cache: this.cache,
        queue: this.queue,
        responsibleFor: (pod) => this.profiles.has(pod.spec?.schedulerName ?? ''),
        onPodGone: (pod) => this.options.decisions.delete(podKey(pod)),
      },
      this.informers,
    );
    this.options.informers.start();
    const synced = await this.options.informers.waitForCacheSync();
    if (!synced || this.stopped) return;
    this.queue.run();
    this.loopDone = this.loop();
    await this.loopDone;
  }

  /** Stops the loop; resolves once in-flight bindings have finished. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.queue.close();
    for (const r of this.handlerRegs.splice(0)) r.remove();
    await this.loopDone;
    await Promise.allSettled([...this.binds]);
  }

  frameworkFor(pod: Pod): Framework | undefined {
    return this.profiles.get(pod.spec?.schedulerName ?? '');
  }

  private lessFn(a: QueuedPodInfo, b: QueuedPodInfo): boolean {
    const fwk = this.profiles.values().next().value as Framework;
    return fwk.less(a, b);
  }

  private async loop(): Promise<void> {
    let lastYield = performance.now();
    const maxBinds = this.options.maxBindsInFlight ?? 256;
    while (!this.stopped) {
      const qpi = await this.queue.pop();
      if (!qpi || this.stopped) break;
      try {
        this.scheduleOne(qpi);
      } catch (err) {
        this.options.log.error(`scheduling ${qpi.podInfo.key} failed: ${(err as Error)?.stack ?? describeError(err)}`);
        this.queue.done(qpi.podInfo.uid);
      }
      while (this.binds.size >= maxBinds && !this.stopped) await new Promise<void>((r) => this.bindWaiters.push(r));
      // Let I/O (bindings, informers, events) run between cycles.
      if (performance.now() - lastYield > 5) {
        await new Promise<void>((r) => setImmediate(r));
        lastYield = performance.now();
      }
    }
  }

  /** One pod, one cycle (ScheduleOne). */
  scheduleOne(qpi: QueuedPodInfo): void {
    const pod = qpi.podInfo.pod;
    const fwk = this.frameworkFor(pod);
    if (!fwk) {
      this.queue.done(qpi.podInfo.uid);
      return;
    }
    if (pod.metadata?.deletionTimestamp) {
      this.recordEvent(fwk.schedulerName, pod, 'Warning', 'FailedScheduling', `skip schedule deleting pod: ${pod.metadata.namespace}/${pod.metadata.name}`);
      this.queue.done(qpi.podInfo.uid);
      return;
    }
    if (this.cache.isAssumedPod(qpi.podInfo.uid)) {
      this.queue.done(qpi.podInfo.uid);
      return;
    }
    const state = new CycleState();
    const snapshot = this.cache.updateSnapshot();
    const out = this.algorithm.schedulePod(fwk, state, qpi.podInfo, snapshot);
    const host = out.suggestedHost;
    if (!host) {
      this.handleCycleFailure(fwk, qpi, state, out);
      return;
    }
    // Assume: count the pod on the node now, bind in the background.
    const assumedPod: Pod = { ...pod, spec: { ...pod.spec, nodeName: host } };
    const assumed = qpi.podInfo.withPod(assumedPod);
    this.cache.assumePod(assumed, host);
    this.queue.nominator.delete(pod);
    const record = this.record(fwk, qpi, out);
    const reserve = fwk.runReservePluginsReserve(state, assumed, host) ?? fwk.runPermitPlugins(state, assumed, host);
    if (reserve) {
      fwk.runReservePluginsUnreserve(state, assumed, host);
      this.cache.forgetPod(assumed.uid);
      record.result = reserve.isRejected() ? 'Unschedulable' : 'Error';
      record.message = reserve.message();
      this.failure(fwk, qpi, reserve, { nominatedNodeName: '', mode: 'Override' }, reserve.message());
      return;
    }
    this.queue.done(qpi.podInfo.uid);
    record.binding = { result: 'InProgress' };
    const p = this.bindingCycle(fwk, state, qpi, assumed, host, record);
    this.binds.add(p);
    void p.finally(() => {
      this.binds.delete(p);
      const w = this.bindWaiters.shift();
      w?.();
    });
  }

  private async bindingCycle(fwk: Framework, state: CycleState, qpi: QueuedPodInfo, assumed: PodInfo, host: string, record: DecisionRecord): Promise<void> {
    let status: Status | null = await fwk.runPreBindPlugins(state, assumed, host);
    if (!status) {
      status = await fwk.runBindPlugins(state, assumed, host);
      if (status && status.isSkip()) status = newStatus(Code.Error, 'no bind plugin bound the pod');
    }
    this.cache.finishBinding(assumed.uid);
    if (!status) {
      this.boundCount++;
      record.binding = { result: 'Bound' };
      const m = assumed.pod.metadata ?? {};
      this.recordEvent(fwk.schedulerName, assumed.pod, 'Normal', 'Scheduled', `Successfully assigned ${m.namespace}/${m.name} to ${host}`);
      fwk.runPostBindPlugins(state, assumed, host);
      return;
    }
    // The binding failed: undo the assumption; the room it held is free again.
    record.binding = { result: 'Failed', message: status.message() };
    fwk.runReservePluginsUnreserve(state, assumed, host);
    this.cache.forgetPod(assumed.uid);
    this.queue.moveAllToActiveOrBackoffQueue(EVENTS.AssignedPodDelete, assumed.pod, undefined, (p) => p.metadata?.uid !== assumed.uid);
    this.failure(fwk, qpi, status, { nominatedNodeName: '', mode: 'Override' }, status.message());
  }

  private handleCycleFailure(fwk: Framework, qpi: QueuedPodInfo, state: CycleState, out: CycleOutcome): void {
    let status: Status;
    let nominating: PostFilterResult | undefined = { nominatedNodeName: '', mode: 'Override' };
    let prepare: (() => Promise<Status | null>) | undefined;
    if (out.noNodes) {
      status = newStatus(Code.UnschedulableAndUnresolvable, ERR_NO_NODES_AVAILABLE);
    } else if (out.fitError) {
      status = newStatus(Code.Unschedulable);
      if (fwk.hasPostFilterPlugins()) {
        const pf = fwk.runPostFilterPlugins(state, qpi.podInfo, out.fitError.diagnosis.nodeToStatus);
        out.fitError.diagnosis.postFilterMsg = pf.status?.message() ?? '';
        nominating = pf.result;
        prepare = pf.prepare;
      }
      qpi.unschedulablePlugins = out.fitError.diagnosis.unschedulablePlugins;
      qpi.pendingPlugins = out.fitError.diagnosis.pendingPlugins;
    } else {
      status = out.error ?? newStatus(Code.Error, 'unknown scheduling error');
    }
    const record = this.record(fwk, qpi, out);
    const message = out.fitError ? out.fitError.message : status.message();
    if (nominating?.nominatedNodeName) record.nominatedNodeName = nominating.nominatedNodeName;
    if (out.fitError?.diagnosis.postFilterMsg) record.preemption = { message: out.fitError.diagnosis.postFilterMsg, nominatedNodeName: nominating?.nominatedNodeName || undefined };
    this.failure(fwk, qpi, status, nominating, message, prepare, out.fitError !== undefined);
  }

  /**
   * The pod goes back to the queue, with an event and a condition saying why
   * (handleSchedulingFailure).
   */
  private failure(
    fwk: Framework,
    qpi: QueuedPodInfo,
    status: Status,
    nominating: PostFilterResult | undefined,
    message: string,
    prepare?: () => Promise<Status | null>,
    fit = false,
  ): void {
    const pod = qpi.podInfo.pod;
    const rejected = fit || status.isRejected();
    const reason = rejected ? 'Unschedulable' : 'SchedulerError';
    if (!rejected) {
      qpi.failedWithError = true;
      this.options.log.info(`error scheduling pod ${qpi.podInfo.key}; retrying: ${message}`);
    } else {
      qpi.failedWithError = false;
    }
    const m = pod.metadata ?? {};
    const cached = this.informers.pods.lister.get(`${m.namespace}/${m.name}`);
    if (!cached || cached.metadata?.uid !== pod.metadata?.uid) {
      this.queue.done(qpi.podInfo.uid);
    } else if (cached.spec?.nodeName) {
      this.queue.done(qpi.podInfo.uid);
    } else {
      qpi.podInfo = new PodInfo(cached);
      this.queue.addUnschedulableIfNotPresent(qpi);
    }
    this.queue.addNominatedPod(qpi.podInfo, nominating);
    this.recordEvent(fwk.schedulerName, pod, 'Warning', 'FailedScheduling', truncateMessage(message));
    const condition = { type: 'PodScheduled', status: 'False', reason, message };
    const latest = cached ?? pod;
    const write = async () => {
      let nominated = nominating?.mode === 'Override' ? nominating.nominatedNodeName : undefined;
      if (prepare) {
        const s = await prepare();
        if (s) {
          // Preemption did not go through: no nomination, retry after backoff.
          this.options.log.info(`preemption for ${qpi.podInfo.key} failed: ${s.message()}`);
          this.queue.nominator.delete(pod);
          nominated = '';
          this.queue.activate([qpi.podInfo.uid]);
        }
      }
      await this.api.updatePodSchedulingStatus(latest, condition, nominated);
    };
    write().catch((err: unknown) => this.options.log.info(`updating status of pod ${qpi.podInfo.key}: ${describeError(err)}`));
  }

  private record(fwk: Framework, qpi: QueuedPodInfo, out: CycleOutcome): DecisionRecord {
    const r = recordDecision(
      qpi.podInfo,
      fwk.schedulerName,
      qpi.attempts,
      this.options.clock.now(),
      out.scores ? out.scores.plugins.map((p) => ({ plugin: p.plugin, weight: p.weight })) : [],
      out,
    );
    this.options.decisions.put(r);
    return r;
  }

  private recordEvent(schedulerName: string, pod: Pod, type: EventType, reason: string, message: string): void {
    const m = pod.metadata ?? {};
    const ref: ObjectReference = { kind: 'Pod', apiVersion: 'v1', namespace: m.namespace, name: m.name, uid: m.uid, resourceVersion: m.resourceVersion };
    const name = schedulerName || pod.spec?.schedulerName || 'default-scheduler';
    this.options.recorderFor(name).event(ref, type, reason, message);
  }
}

/** Cuts a message to the event note limit (truncateMessage). */
export function truncateMessage(message: string): string {
  if (message.length <= NOTE_LENGTH_LIMIT) return message;
  const suffix = ' ...';
  return message.slice(0, NOTE_LENGTH_LIMIT - suffix.length) + suffix;
}
