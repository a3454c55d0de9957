/**
 * The scheduling queue (internal/queue.PriorityQueue):
 *
 *   activeQ         pods ready to be tried, highest priority first (the QueueSort plugin);
 *   backoffQ        pods that failed and wait out their backoff — 1 s doubling to 10 s by
 *                   default (podInitialBackoffSeconds / podMaxBackoffSeconds) — before
 *                   going back to activeQ; flushed every second;
 *   unschedulable   pods no node could take. They stay until a cluster event that one of the
 *                   plugins that rejected them registered (node added, node taint changed,
 *                   assigned pod deleted, ...) and whose queueing hint says it may help; then
 *                   they go to backoffQ, or straight to activeQ when their backoff is over.
 *                   After 5 minutes there they are retried anyway.
 *
 * A pod failing with an error (not a rejection) goes to backoffQ directly. Pods held back by
 * a PreEnqueue plugin (scheduling gates) wait in unschedulable until an update lets them in.
 * Timers run on the injected Clock.
 */
import type { Clock, TimerHandle } from '@kubelab/core';
import type { KubeObject } from '@kubelab/core';
import { isPodTerminal, type Pod } from '@kubelab/core/scheduler/api/types';
import { ActionType, type ClusterEvent, EVENTS, eventMatches } from '@kubelab/core/scheduler/framework/events';
import type { Framework } from '@kubelab/core/scheduler/framework/framework';
import type { PostFilterResult, QueuedPodInfo } from '@kubelab/core/scheduler/framework/interface';
import { PodInfo } from '@kubelab/core/scheduler/framework/pod-info';
import { KeyedHeap } from './heap.js';
import { Nominator } from './nominator.js';

export const DEFAULT_POD_MAX_IN_UNSCHEDULABLE_PODS_DURATION_MS = 5 * 60 * 1000;

export interface SchedulingQueueOptions {
  clock: Clock;
  /** The framework serving a pod (by its schedulerName). */
  frameworkFor(pod: Pod): Framework | undefined;
  /** a goes before b (the shared QueueSort plugin). */
  less(a: QueuedPodInfo, b: QueuedPodInfo): boolean;
  podInitialBackoffMs?: number;
  podMaxBackoffMs?: number;
  podMaxInUnschedulablePodsDurationMs?: number;
}

export class SchedulingQueue {
  readonly nominator = new Nominator();
  private readonly clock: Clock;
  private readonly activeQ: KeyedHeap<QueuedPodInfo>;
  private readonly backoffQ: KeyedHeap<QueuedPodInfo>;
  private readonly unschedulable = new Map<string, QueuedPodInfo>();
  /** Pods popped and not yet done. */
  private readonly inFlight = new Map<string, QueuedPodInfo>();
  private readonly initialBackoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly maxInUnschedulableMs: number;
  private waiters: Array<(qpi: QueuedPodInfo | undefined) => void> = [];
  private closed = false;
  private readonly timers: TimerHandle[] = [];
  /** Cycles started so far (SchedulingCycle). */
  schedulingCycle = 0;

  constructor(private readonly options: SchedulingQueueOptions) {
    this.clock = options.clock;
    this.initialBackoffMs = options.podInitialBackoffMs ?? 1000;
    this.maxBackoffMs = options.podMaxBackoffMs ?? 10_000;
    this.maxInUnschedulableMs = options.podMaxInUnschedulablePodsDurationMs ?? DEFAULT_POD_MAX_IN_UNSCHEDULABLE_PODS_DURATION_MS;
    this.activeQ = new KeyedHeap((q) => q.podInfo.uid, options.less);
    this.backoffQ = new KeyedHeap((q) => q.podInfo.uid, (a, b) => this.backoffExpiry(a) < this.backoffExpiry(b));
  }

  /** Starts the periodic flushes (backoffQ every second, unschedulable every 30 s). */
  run(): void {
    this.timers.push(this.clock.setInterval(() => this.flushBackoffQCompleted(), 1000).unref());
    this.timers.push(this.clock.setInterval(() => this.flushUnschedulablePodsLeftover(), 30_000).unref());
  }

  close(): void {
    this.closed = true;
    for (const t of this.timers.splice(0)) t.clear();
    for (const w of this.waiters.splice(0)) w(undefined);
  }

  /** Sizes, for tests and diagnostics. */
  counts(): { active: number; backoff: number; unschedulable: number; inFlight: number } {
    return { active: this.activeQ.size, backoff: this.backoffQ.size, unschedulable: this.unschedulable.size, inFlight: this.inFlight.size };
  }

  /** Where a pod is: "active", "backoff", "unschedulable", "inFlight" or undefined. */
  whereIs(uid: string): 'active' | 'backoff' | 'unschedulable' | 'inFlight' | undefined {
    if (this.activeQ.has(uid)) return 'active';
    if (this.backoffQ.has(uid)) return 'backoff';
    if (this.unschedulable.has(uid)) return 'unschedulable';
    if (this.inFlight.has(uid)) return 'inFlight';
    return undefined;
  }

  /** A new pending pod (Add). */
  add(pod: Pod): void {
    const qpi = this.newQueuedPodInfo(pod);
    this.nominator.add(qpi.podInfo);
    this.moveToActiveQ(qpi, 'PodAdd');
  }

  /** The next pod to schedule; waits for one. Undefined once closed. */
  pop(): Promise<QueuedPodInfo | undefined> {
    const qpi = this.popNow();
    if (qpi || this.closed) return Promise.resolve(qpi);
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** The pod's cycle is over (Done): it is no longer in flight. */
  done(uid: string): void {
    this.inFlight.delete(uid);
  }

  /**
   * A pod whose attempt failed comes back (AddUnschedulableIfNotPresent): after an error
   * or when nothing in particular rejected it, to backoffQ; else to unschedulable.
   */
  addUnschedulableIfNotPresent(qpi: QueuedPodInfo): void {
    const uid = qpi.podInfo.uid;
    this.inFlight.delete(uid);
    if (this.activeQ.has(uid) || this.backoffQ.has(uid) || this.unschedulable.has(uid)) return;
    qpi.timestamp = this.clock.now();
    const rejectors = qpi.unschedulablePlugins.size + qpi.pendingPlugins.size;
    if (qpi.failedWithError || rejectors === 0) {
      this.queueAfterBackoff(qpi);
      return;
    }
    this.unschedulable.set(uid, qpi);
  }

  /** The pod changed (Update). */
  update(oldPod: Pod, newPod: Pod): void {
    const uid = newPod.metadata?.uid ?? '';
    const pi = new PodInfo(newPod);
    this.nominator.update(oldPod, pi);
    for (const q of [this.activeQ, this.backoffQ]) {
      const existing = q.get(uid);
      if (existing) {
        existing.podInfo = pi;
        q.addOrUpdate(existing);
        return;
      }
    }
    const qpi = this.unschedulable.get(uid);
    if (qpi) {
      qpi.podInfo = pi;
      if (!isPodUpdated(oldPod, newPod)) return;
      if (qpi.gated) {
        // Gates may be gone: try PreEnqueue again.
        this.unschedulable.delete(uid);
        this.moveToActiveQ(qpi, 'PodUpdate');
        return;
      }
      const event: ClusterEvent = { resource: 'UnscheduledPod', actionType: podUpdateActionType(oldPod, newPod), label: 'UnscheduledPodUpdate' };
      if (this.worthRequeuing(qpi, event, oldPod, newPod)) {
        this.unschedulable.delete(uid);
        this.queueAfterBackoff(qpi);
      }
      return;
    }
    const inFlight = this.inFlight.get(uid);
    if (inFlight) {
      inFlight.podInfo = pi;
      return;
    }
    // Not known (e.g. it failed while we were not looking): treat as new.
    if (!newPod.spec?.nodeName && !isPodTerminal(newPod)) this.add(newPod);
  }

  delete(pod: Pod): void {
    const uid = pod.metadata?.uid ?? '';
    this.nominator.delete(pod);
    this.activeQ.delete(uid);
    this.backoffQ.delete(uid);
    this.unschedulable.delete(uid);
  }

  /**
   * A cluster event happened (MoveAllToActiveOrBackoffQueue): every unschedulable pod that
   * a plugin rejecting it registered for — and whose hint agrees — is moved back.
   */
  moveAllToActiveOrBackoffQueue(event: ClusterEvent, oldObj?: KubeObject, newObj?: KubeObject, preCheck?: (pod: Pod) => boolean): void {
    if (this.unschedulable.size === 0) return;
    for (const [uid, qpi] of this.unschedulable) {
      if (preCheck && !preCheck(qpi.podInfo.pod)) continue;
      if (qpi.gated) continue;
      if (!this.worthRequeuing(qpi, event, oldObj, newObj)) continue;
      this.unschedulable.delete(uid);
      this.queueAfterBackoff(qpi);
    }
  }

  /** Moves these pods to activeQ at once, whatever their backoff (Activate). */
  activate(uids: readonly string[]): void {
    for (const uid of uids) {
      const qpi = this.unschedulable.get(uid) ?? this.backoffQ.get(uid);
      if (!qpi) continue;
      this.unschedulable.delete(uid);
      this.backoffQ.delete(uid);
      this.moveToActiveQ(qpi, 'ForceActivate');
    }
  }

  addNominatedPod(pi: PodInfo, nominating?: PostFilterResult): void {
    this.nominator.add(pi, nominating);
  }

  /** Moves pods whose backoff has ended to activeQ (flushBackoffQCompleted). */
  flushBackoffQCompleted(): void {
    const now = this.clock.now();
    for (;;) {
      const top = this.backoffQ.peek();
      if (!top || this.backoffExpiry(top) > now) break;
      this.backoffQ.pop();
      this.moveToActiveQ(top, 'BackoffComplete');
    }
  }

  /** Retries pods that have waited too long in unschedulable (flushUnschedulablePodsLeftover). */
  flushUnschedulablePodsLeftover(): void {
    const now = this.clock.now();
    for (const [uid, qpi] of this.unschedulable) {
      if (qpi.gated) continue;
      if (now - qpi.timestamp <= this.maxInUnschedulableMs) continue;
      this.unschedulable.delete(uid);
      this.queueAfterBackoff(qpi);
    }
  }

  /** The pod's backoff: initial × 2^(attempts−1), capped (calculateBackoffDuration). */
  backoffDuration(qpi: QueuedPodInfo): number {
    if (qpi.attempts === 0) return 0;
    let d = this.initialBackoffMs;
    for (let i = 1; i < qpi.attempts; i++) {
      if (d > this.maxBackoffMs - d) return this.maxBackoffMs;
      d += d;
    }
    return d;
  }

  private backoffExpiry(qpi: QueuedPodInfo): number {
    return qpi.timestamp + this.backoffDuration(qpi);
  }

  private queueAfterBackoff(qpi: QueuedPodInfo): void {
    if (this.backoffExpiry(qpi) > this.clock.now()) this.backoffQ.addOrUpdate(qpi);
    else this.moveToActiveQ(qpi, 'BackoffComplete');
  }

  private moveToActiveQ(qpi: QueuedPodInfo, _why: string): void {
    if (this.closed) return;
    const fwk = this.options.frameworkFor(qpi.podInfo.pod);
    const rejected = fwk?.runPreEnqueuePlugins(qpi.podInfo.pod) ?? null;
    if (rejected) {
      qpi.gated = true;
      qpi.pendingPlugins = new Set([rejected.plugin]);
      qpi.timestamp = this.clock.now();
      this.unschedulable.set(qpi.podInfo.uid, qpi);
      return;
    }
    qpi.gated = false;
    const w = this.waiters.shift();
    if (w && this.activeQ.size === 0) {
      this.startCycle(qpi);
      w(qpi);
      return;
    }
    this.activeQ.addOrUpdate(qpi);
    if (w) w(this.popNow());
  }

  private popNow(): QueuedPodInfo | undefined {
    const qpi = this.activeQ.pop();
    if (qpi) this.startCycle(qpi);
    return qpi;
  }

  private startCycle(qpi: QueuedPodInfo): void {
    qpi.attempts++;
    qpi.initialAttemptTimestamp ??= this.clock.now();
    this.schedulingCycle++;
    this.inFlight.set(qpi.podInfo.uid, qpi);
  }

  private worthRequeuing(qpi: QueuedPodInfo, event: ClusterEvent, oldObj: KubeObject | undefined, newObj: KubeObject | undefined): boolean {
    if (event === EVENTS.UnschedulableTimeout || event === EVENTS.ForceActivate) return true;
    const rejectors = [...qpi.unschedulablePlugins, ...qpi.pendingPlugins];
    if (rejectors.length === 0) return true;
    const fwk = this.options.frameworkFor(qpi.podInfo.pod);
    if (!fwk) return false;
    const registry = this.registryFor(fwk);
    for (const name of rejectors) {
      for (const r of registry.get(name) ?? []) {
        if (!eventMatches(r.event, event)) continue;
        if (!r.hint) return true;
        try {
          if (r.hint(qpi.podInfo.pod, oldObj, newObj) === 'Queue') return true;
        } catch {
          // A failing hint must not strand the pod.
          return true;
        }
      }
    }
    return false;
  }

  private readonly registries = new Map<Framework, ReturnType<Framework['eventsToRegister']>>();

  private registryFor(fwk: Framework): ReturnType<Framework['eventsToRegister']> {
    let r = this.registries.get(fwk);
    if (!r) this.registries.set(fwk, (r = fwk.eventsToRegister()));
    return r;
  }

  private newQueuedPodInfo(pod: Pod): QueuedPodInfo {
    return {
      podInfo: new PodInfo(pod),
      timestamp: this.clock.now(),
      attempts: 0,
      unschedulablePlugins: new Set(),
      pendingPlugins: new Set(),
      gated: false,
    };
  }
}

/** A change that is not only status or bookkeeping (isPodUpdated). */
export function isPodUpdated(oldPod: Pod, newPod: Pod): boolean {
  const strip = (p: Pod) => {
    const { resourceVersion: _rv, generation: _g, managedFields: _m, ...meta } = p.metadata ?? {};
    return JSON.stringify([meta, p.spec]);
  };
  return strip(oldPod) !== strip(newPod);
}

/** What kind of update an unscheduled pod went through (pod update events). */
export function podUpdateActionType(oldPod: Pod, newPod: Pod): number {
  let t = 0;
  if (JSON.stringify(oldPod.metadata?.labels ?? {}) !== JSON.stringify(newPod.metadata?.labels ?? {})) t |= ActionType.UpdatePodLabel;
  if (JSON.stringify(oldPod.spec?.tolerations ?? []) !== JSON.stringify(newPod.spec?.tolerations ?? [])) t |= ActionType.UpdatePodTolerations;
  if ((oldPod.spec?.schedulingGates?.length ?? 0) > 0 && (newPod.spec?.schedulingGates?.length ?? 0) === 0) t |= ActionType.UpdatePodSchedulingGatesEliminated;
  if (JSON.stringify(oldPod.spec?.containers?.map((c) => c.resources)) !== JSON.stringify(newPod.spec?.containers?.map((c) => c.resources))) t |= ActionType.UpdatePodScaleDown;
  return t === 0 ? ActionType.UpdateOther : t | ActionType.UpdateOther;
}
