/**
 * The Job controller (pkg/controller/job/job_controller.go): runs a Job's pods to
 * completion — completions and parallelism, NonIndexed or Indexed — and decides when it is
 * done or has failed.
 *
 * syncJob(key):
 *   - a finished Job is left alone (the TTL-after-finished controller may delete it);
 *   - its pods are claimed (adopted pods get the tracking finalizer); finished pods not yet
 *     counted are counted (job-tracking.ts);
 *   - failure: more failed pods than backoffLimit (or, with restartPolicy OnFailure, that
 *     many container restarts) → BackoffLimitExceeded "Job has reached the specified backoff
 *     limit"; running longer than activeDeadlineSeconds → DeadlineExceeded "Job was active
 *     longer than specified deadline". Its active pods are deleted;
 *   - success: completions reached (or, without completions, a success and nothing running)
 *     → CompletionsReached "Reached expected number of succeeded pods";
 *   - otherwise manageJob (manage-job.ts), and Suspended / Resumed for spec.suspend.
 *
 * Pod events reach a Job batched, a second later; Job changes at once. Orphaned pods that
 * still carry the tracking finalizer (their Job was deleted) lose it on a queue of their own.
 */
import { type Selector, selectorFromLabelSelector, timestamp } from '@kubelab/core';
import type { SharedInformer } from '@kubelab/core/cache/informer';
import { deletedObject, metaNamespaceKey } from '@kubelab/core/cache/keys';
import { RateLimitingQueue } from '@kubelab/core/workqueue/rate-limiting-queue';
import { type Controller, type ControllerContext, describeError, isExpected, isStatusCode, runWorkers } from '../controller.js';
import { type EventRecorder, referenceTo } from '../events.js';
import { ControllerRefManager, recheckDeletionTimestamp } from '../replicaset/controller-ref-manager.js';
import { ControllerExpectations } from '../replicaset/expectations.js';
import { CONTROLLER_UID_INDEX, claimCandidates, controllerUidIndexFunc, ensureIndex } from '../replicaset/indexes.js';
import { PODS, PodControl } from '../replicaset/pod-control.js';
import { type Pod, controllerOf, countTerminatingPods, filterActivePods, isPodReady } from '../replicaset/pod-util.js';
import { FinalizerExpectations, type SyncJobContext, hasJobTrackingFinalizer, isPodFailed, removeTrackingFinalizerPatch } from './job-context.js';
import { completionIndexOf, intervalsTotal, parseIndexes, withIndexes } from './indexed-job.js';
import { trackJobStatusAndRemoveFinalizers } from './job-tracking.js';
import { JOBS, JOB_TRACKING_FINALIZER, type Job, JobReason, ensureJobCondition, findJobCondition, isIndexedJob, isJobFinished, jobSuspended, newJobCondition } from './job-types.js';
import { type JobDeps, SYNC_JOB_BATCH_PERIOD_MS, deleteActivePods, manageJob } from './manage-job.js';
import { PodBackoffStore } from './pod-backoff.js';

const KIND = { apiVersion: 'batch/v1', kind: 'Job' };

export class JobController implements Controller {
  readonly name = 'job-controller';
  private readonly jobInformer: SharedInformer<Job>;
  private readonly podInformer: SharedInformer<Pod>;
  private readonly queue: RateLimitingQueue<string>;
  private readonly orphanQueue: RateLimitingQueue<string>;
  private readonly recorder: EventRecorder;
  private readonly podControl: PodControl;
  private readonly expectations: ControllerExpectations;
  private readonly finalizerExpectations = new FinalizerExpectations();
  private readonly backoffStore = new PodBackoffStore();

  constructor(
    private readonly ctx: ControllerContext,
    private readonly workers = 5,
  ) {
    this.queue = new RateLimitingQueue<string>({ clock: ctx.clock, name: 'job' });
    this.orphanQueue = new RateLimitingQueue<string>({ clock: ctx.clock, name: 'job_orphan_pod' });
    this.recorder = ctx.recorder('job-controller');
    this.podControl = new PodControl(ctx.client, this.recorder, JOBS);
    this.expectations = new ControllerExpectations(ctx.clock);
    this.jobInformer = ctx.informers.informerFor<Job>(JOBS);
    this.podInformer = ctx.informers.informerFor<Pod>(PODS);
    ensureIndex(this.podInformer, CONTROLLER_UID_INDEX, controllerUidIndexFunc);
    this.jobInformer.addEventHandler({
      onAdd: (job) => this.queue.add(metaNamespaceKey(job)),
      onUpdate: (old, cur) => this.updateJob(old, cur),
      onDelete: (obj) => {
        const job = deletedObject(obj);
        this.queue.add(metaNamespaceKey(job));
        this.cleanupPodFinalizers(job);
      },
    });
    this.podInformer.addEventHandler({
      onAdd: (pod) => this.addPod(pod),
      onUpdate: (old, cur) => this.updatePod(old, cur),
      onDelete: (obj) => this.deletePod(deletedObject(obj), true),
    });
  }

  async run(): Promise<void> {
    if (!(await this.jobInformer.waitForSync()) || !(await this.podInformer.waitForSync())) return;
    const onError = (key: string, err: unknown) => {
      if (!isExpected(err)) this.ctx.log.error(`${this.name}: sync "${key}" failed: ${describeError(err)}`);
    };
    await Promise.all([runWorkers(this.queue, this.workers, (key) => this.syncJob(key), onError), runWorkers(this.orphanQueue, 1, (key) => this.syncOrphanPod(key), onError)]);
  }

  stop(): void {
    this.queue.shutDown();
    this.orphanQueue.shutDown();
  }

  private batched(job: Job): void {
    this.queue.addAfter(metaNamespaceKey(job), SYNC_JOB_BATCH_PERIOD_MS);
  }

  private updateJob(old: Job, cur: Job): void {
    const key = metaNamespaceKey(cur);
    if (old.metadata?.generation === cur.metadata?.generation) this.batched(cur);
    else this.queue.add(key);
    if (isJobFinished(cur)) this.cleanupPodFinalizers(cur);
    const start = cur.status?.startTime ? Date.parse(cur.status.startTime) : undefined;
    const ads = cur.spec?.activeDeadlineSeconds;
    if (start !== undefined && ads !== undefined && ads !== old.spec?.activeDeadlineSeconds) {
      this.queue.addAfter(key, ads * 1000 - (this.ctx.clock.now() - start));
    }
  }

  private resolveControllerRef(pod: Pod): Job | undefined {
    const ref = controllerOf(pod);
    if (!ref || ref.kind !== KIND.kind) return undefined;
    const job = this.jobInformer.lister.get(`${pod.metadata?.namespace ?? ''}/${ref.name}`);
    return job && job.metadata?.uid === ref.uid ? job : undefined;
  }

  private jobsSelecting(pod: Pod): Job[] {
    return this.jobInformer.lister
      .namespace(pod.metadata?.namespace ?? '')
      .list()
      .filter((j) => {
        const s = safeSelector(j);
        return s !== undefined && !s.empty && s.matches(pod.metadata?.labels);
      });
  }

  private enqueueOrphanPod(pod: Pod): void {
    this.orphanQueue.add(metaNamespaceKey(pod));
  }

  private addPod(pod: Pod): void {
    if (pod.metadata?.deletionTimestamp) return this.deletePod(pod, false);
    if (controllerOf(pod)) {
      const job = this.resolveControllerRef(pod);
      if (!job) return;
      this.expectations.creationObserved(metaNamespaceKey(job));
      this.batched(job);
      return;
    }
    if (hasJobTrackingFinalizer(pod)) this.enqueueOrphanPod(pod);
    for (const job of this.jobsSelecting(pod)) this.batched(job);
  }

  private updatePod(old: Pod, cur: Pod): void {
    if (old.metadata?.resourceVersion === cur.metadata?.resourceVersion) return;
    if (cur.metadata?.deletionTimestamp) return this.deletePod(cur, false);
    const finalizerRemoved = !hasJobTrackingFinalizer(cur);
    const curRef = controllerOf(cur);
    const oldRef = controllerOf(old);
    const refChanged = JSON.stringify(curRef ?? null) !== JSON.stringify(oldRef ?? null);
    if (refChanged && oldRef) {
      const job = this.resolveControllerRef(old);
      if (job) {
        if (finalizerRemoved) this.finalizerExpectations.observed(metaNamespaceKey(job), cur.metadata!.uid!);
        this.batched(job);
      }
    }
    if (curRef) {
      const job = this.resolveControllerRef(cur);
      if (!job) return;
      if (finalizerRemoved) this.finalizerExpectations.observed(metaNamespaceKey(job), cur.metadata!.uid!);
      this.batched(job);
      return;
    }
    if (hasJobTrackingFinalizer(cur)) this.enqueueOrphanPod(cur);
    const labelChanged = JSON.stringify(old.metadata?.labels ?? {}) !== JSON.stringify(cur.metadata?.labels ?? {});
    if (labelChanged || refChanged) for (const job of this.jobsSelecting(cur)) this.batched(job);
  }

  private deletePod(pod: Pod, final: boolean): void {
    const hasFinalizer = hasJobTrackingFinalizer(pod);
    if (!controllerOf(pod)) {
      if (hasFinalizer) this.enqueueOrphanPod(pod);
      return;
    }
    const job = this.resolveControllerRef(pod);
    if (!job || isJobFinished(job)) {
      if (hasFinalizer) this.enqueueOrphanPod(pod);
      return;
    }
    const key = metaNamespaceKey(job);
    this.expectations.deletionObserved(key);
    if (final || !hasFinalizer) this.finalizerExpectations.observed(key, pod.metadata!.uid!);
    this.batched(job);
  }

  /** A finished or deleted Job's pods that still carry the finalizer lose it. */
  private cleanupPodFinalizers(job: Job): void {
    const selector = safeSelector(job);
    if (!selector) return;
    for (const pod of this.podInformer.lister.namespace(job.metadata?.namespace ?? '').list(selector)) {
      if (controllerOf(pod)?.uid === job.metadata?.uid && hasJobTrackingFinalizer(pod)) this.enqueueOrphanPod(pod);
    }
  }

  /** syncOrphanPod: removes the finalizer from a pod no unfinished Job owns. */
  private async syncOrphanPod(key: string): Promise<void> {
    const pod = this.podInformer.lister.get(key);
    if (!pod) return;
    const ref = controllerOf(pod);
    if (ref) {
      if (ref.kind !== KIND.kind || ref.apiVersion !== KIND.apiVersion) return;
      const job = this.resolveControllerRef(pod);
      if (job && !isJobFinished(job)) return;
    }
    const patch = removeTrackingFinalizerPatch(pod);
    if (!patch) return;
    try {
      await this.podControl.patchPod(pod.metadata!.namespace!, pod.metadata!.name!, patch);
    } catch (err) {
      if (!isStatusCode(err, 404)) throw err;
    }
  }

  private deps(): JobDeps & { backoffStore: PodBackoffStore } {
    return {
      client: this.ctx.client,
      clock: this.ctx.clock,
      recorder: this.recorder,
      podControl: this.podControl,
      expectations: this.expectations,
      finalizerExpectations: this.finalizerExpectations,
      backoffStore: this.backoffStore,
      enqueueAfter: (key, ms) => this.queue.addAfter(key, ms),
    };
  }

  async syncJob(key: string): Promise<void> {
    const shared = this.jobInformer.lister.get(key);
    if (!shared) {
      this.expectations.deleteExpectations(key);
      this.finalizerExpectations.delete(key);
      this.backoffStore.remove(key);
      return;
    }
    if (shared.spec?.managedBy && shared.spec.managedBy !== 'kubernetes.io/job-controller') return;
    const job: Job = structuredClone(shared);
    if (isJobFinished(job)) {
      this.backoffStore.remove(key);
      return;
    }
    const mode = job.spec?.completionMode;
    if (mode && mode !== 'NonIndexed' && mode !== 'Indexed') {
      this.recorder.event(referenceTo(job, JOBS), 'Warning', 'UnknownCompletionMode', 'Skipped Job sync because completion mode is unknown');
      return;
    }
    const status = (job.status ??= {});
    status.uncountedTerminatedPods ??= {};
    const satisfied = this.expectations.satisfiedExpectations(key);
    const pods = await this.podsForJob(job);
    const activePods = filterActivePods(pods);
    const expectedRm = this.finalizerExpectations.expected(key);
    const uncounted = { succeeded: new Set(status.uncountedTerminatedPods.succeeded ?? []), failed: new Set(status.uncountedTerminatedPods.failed ?? []) };
    const notCounted = (p: Pod) => hasJobTrackingFinalizer(p) && !expectedRm.has(p.metadata!.uid!);
    const completions = job.spec?.completions ?? 0;
    const validIndex = (p: Pod) => !isIndexedJob(job) || (completionIndexOf(p) >= 0 && completionIndexOf(p) < completions);
    const newSucceeded = pods.filter((p) => notCounted(p) && !uncounted.succeeded.has(p.metadata!.uid!) && validIndex(p) && p.status?.phase === 'Succeeded');
    const newFailed = pods.filter((p) => notCounted(p) && !uncounted.failed.has(p.metadata!.uid!) && validIndex(p) && isPodFailed(p, job));
    const now = this.ctx.clock.now();
    const ctx: SyncJobContext = {
      job,
      pods,
      activePods,
      ready: activePods.filter(isPodReady).length,
      succeeded: (status.succeeded ?? 0) + newSucceeded.length + uncounted.succeeded.size,
      failed: (status.failed ?? 0) + newFailed.length + uncounted.failed.size,
      terminating: countTerminatingPods(pods),
      uncounted,
      expectedRmFinalizers: expectedRm,
      newBackoffRecord: this.backoffStore.newRecord(key, newSucceeded, newFailed),
      prevSucceededIndexes: [],
      succeededIndexes: [],
    };
    if (!status.startTime && !jobSuspended(job)) status.startTime = timestamp(now);

    const backoffLimit = job.spec?.backoffLimit ?? 6;
    const successMet = findJobCondition(status.conditions, 'SuccessCriteriaMet');
    if (successMet?.status === 'True') ctx.finishedCondition = newJobCondition('SuccessCriteriaMet', 'True', successMet.reason ?? '', successMet.message ?? '', now);
    else {
      const target = findJobCondition(status.conditions, 'FailureTarget');
      if (target?.status === 'True') ctx.finishedCondition = newJobCondition('Failed', 'True', target.reason ?? '', target.message ?? '', now);
    }
    if (!ctx.finishedCondition) {
      if (ctx.failed > backoffLimit || pastBackoffLimitOnFailure(job, pods)) {
        ctx.finishedCondition = newJobCondition('FailureTarget', 'True', JobReason.BackoffLimitExceeded, 'Job has reached the specified backoff limit', now);
      } else if (this.pastActiveDeadline(job, now)) {
        ctx.finishedCondition = newJobCondition('FailureTarget', 'True', JobReason.DeadlineExceeded, 'Job was active longer than specified deadline', now);
      } else if (job.spec?.activeDeadlineSeconds !== undefined && !jobSuspended(job)) {
        this.queue.addAfter(key, job.spec.activeDeadlineSeconds * 1000 - (now - Date.parse(status.startTime!)));
      }
    }
    if (isIndexedJob(job)) {
      ctx.prevSucceededIndexes = parseIndexes(status.completedIndexes, completions);
      const fresh = pods.filter((p) => p.status?.phase === 'Succeeded' && validIndex(p) && hasJobTrackingFinalizer(p)).map(completionIndexOf);
      ctx.succeededIndexes = withIndexes(ctx.prevSucceededIndexes, fresh.sort((a, b) => a - b));
      ctx.succeeded = intervalsTotal(ctx.succeededIndexes);
    }

    let active = activePods.length;
    let manageErr: unknown;
    let suspendChanged = false;
    if (ctx.finishedCondition) {
      const [deletedReady, deleted, err] = await deleteActivePods(this.deps(), job, activePods);
      // Not finished yet while pods remain or the cache may not know every pod.
      if (deleted !== active || !satisfied) ctx.finishedCondition = undefined;
      active -= deleted;
      ctx.terminating += deleted;
      ctx.ready -= deletedReady;
      manageErr = err;
    } else {
      let managed = false;
      if (satisfied && !job.metadata?.deletionTimestamp) {
        const result = await manageJob(this.deps(), job, ctx, key);
        active = result.active;
        manageErr = result.error;
        managed = true;
      }
      const done = job.spec?.completions === undefined || job.spec.completions === null ? ctx.succeeded > 0 && active === 0 : ctx.succeeded >= completions && active === 0;
      if (done) {
        ctx.finishedCondition = newJobCondition('SuccessCriteriaMet', 'True', JobReason.CompletionsReached, 'Reached expected number of succeeded pods', now);
      } else if (managed) {
        const ref = referenceTo(job, JOBS);
        if (jobSuspended(job)) {
          if (ensureJobCondition(status, 'Suspended', 'True', 'JobSuspended', 'Job suspended', now)) {
            suspendChanged = true;
            this.recorder.event(ref, 'Normal', 'Suspended', 'Job suspended');
          }
        } else if (ensureJobCondition(status, 'Suspended', 'False', 'JobResumed', 'Job resumed', now)) {
          suspendChanged = true;
          this.recorder.event(ref, 'Normal', 'Resumed', 'Job resumed');
          // activeDeadlineSeconds counts the time a Job is continuously active.
          status.startTime = timestamp(now);
        }
      }
    }
    const needsStatusUpdate = suspendChanged || active !== (shared.status?.active ?? 0) || ctx.ready !== shared.status?.ready || ctx.terminating !== shared.status?.terminating || status.startTime !== shared.status?.startTime;
    if (active) status.active = active;
    else delete status.active;
    status.ready = ctx.ready;
    status.terminating = ctx.terminating;
    await trackJobStatusAndRemoveFinalizers(this.deps(), ctx, key, needsStatusUpdate);
    if (manageErr !== undefined) throw manageErr;
  }

  private pastActiveDeadline(job: Job, now: number): boolean {
    const ads = job.spec?.activeDeadlineSeconds;
    if (ads === undefined || !job.status?.startTime || jobSuspended(job)) return false;
    return now - Date.parse(job.status.startTime) >= ads * 1000;
  }

  /** getPodsForJob: claimed by selector; adopted pods get the tracking finalizer. */
  private async podsForJob(job: Job): Promise<Pod[]> {
    const selector = safeSelector(job);
    if (!selector) return [];
    const all = claimCandidates(this.podInformer, job);
    const manager = new ControllerRefManager<Pod>({
      client: this.ctx.client,
      controller: job,
      controllerKind: KIND,
      selector,
      rt: PODS,
      canAdopt: recheckDeletionTimestamp(this.ctx.client, JOBS, job),
      finalizers: [JOB_TRACKING_FINALIZER],
    });
    const claimed = await manager.claim(all);
    return claimed.map((p) => {
      const adopted = !(p.metadata?.ownerReferences ?? []).some((r) => r.uid === job.metadata?.uid);
      if (!adopted || hasJobTrackingFinalizer(p)) return p;
      return { ...p, metadata: { ...p.metadata, finalizers: [...(p.metadata?.finalizers ?? []), JOB_TRACKING_FINALIZER] } };
    });
  }
}

/** pastBackoffLimitOnFailure: restartPolicy OnFailure counts container restarts instead. */
function pastBackoffLimitOnFailure(job: Job, pods: readonly Pod[]): boolean {
  if (job.spec?.template?.spec?.restartPolicy !== 'OnFailure') return false;
  let restarts = 0;
  for (const p of pods) {
    if (p.status?.phase !== 'Running' && p.status?.phase !== 'Pending') continue;
    for (const c of [...(p.status.initContainerStatuses ?? []), ...(p.status.containerStatuses ?? [])]) restarts += c.restartCount ?? 0;
  }
  const limit = job.spec?.backoffLimit ?? 6;
  return limit === 0 ? restarts > 0 : restarts >= limit;
}

function safeSelector(job: Job): Selector | undefined {
  try {
    return selectorFromLabelSelector(job.spec?.selector) ?? undefined;
  } catch {
    return undefined;
  }
}
