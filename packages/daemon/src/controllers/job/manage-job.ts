/**
 * manageJob (pkg/controller/job/job_controller.go): keeps the right number of pods running.
 *
 *   wanted = min(parallelism, completions - succeeded) — or, without completions, parallelism
 *            until the first success, then whatever still runs;
 *   too many: delete the least advanced (unscheduled, pending, not ready … first), and for
 *            Indexed Jobs duplicates and out-of-range indexes;
 *   too few:  after the failure backoff (10 s, 20 s, 40 s … since the last failure), create
 *            in slow-start batches, with the tracking finalizer — for Indexed Jobs the lowest
 *            pending indexes; at most 500 a sync;
 *   suspended: delete every active pod.
 */
import type { Clock } from '@kubelab/core';
import type { KubeClient } from '@kubelab/core/client/client';
import { isStatusCode } from '../controller.js';
import type { EventRecorder } from '../events.js';
import { sortActivePods } from '../replicaset/active-pods.js';
import type { ControllerExpectations } from '../replicaset/expectations.js';
import { type PodControl, isNamespaceTerminating } from '../replicaset/pod-control.js';
import { type Pod, isPodReady, newControllerRef } from '../replicaset/pod-util.js';
import { SLOW_START_INITIAL_BATCH_SIZE, slowStartBatch } from '../replicaset/slow-start.js';
import { type FinalizerExpectations, type SyncJobContext, removeTrackingFinalizerPatch } from './job-context.js';
import { duplicatedIndexPods, firstPendingIndexes, generateNameWithIndex, templateForIndex } from './indexed-job.js';
import { JOB_TRACKING_FINALIZER, type Job, isIndexedJob, jobSuspended, onlyReplaceFailedPods } from './job-types.js';
import { remainingBackoffMs } from './pod-backoff.js';

/** MaxPodCreateDeletePerSync */
export const MAX_POD_CREATE_DELETE_PER_SYNC = 500;
/** syncJobBatchPeriod: pod events reach the Job in batches, at most once a second. */
export const SYNC_JOB_BATCH_PERIOD_MS = 1000;

export interface JobDeps {
  client: KubeClient;
  clock: Clock;
  recorder: EventRecorder;
  podControl: PodControl;
  expectations: ControllerExpectations;
  finalizerExpectations: FinalizerExpectations;
  enqueueAfter(key: string, ms: number): void;
}

/** activePodsForRemoval */
function activePodsForRemoval(job: Job, pods: Pod[], rmAtLeast: number): Pod[] {
  let rm: Pod[] = [];
  let left = pods;
  if (isIndexedJob(job)) [rm, left] = duplicatedIndexPods(pods, job.spec?.completions ?? 0);
  if (rm.length < rmAtLeast) rm = [...rm, ...sortActivePods([...left]).slice(0, rmAtLeast - rm.length)];
  return rm;
}

/**
 * deleteJobPods: takes the finalizer off and deletes each pod. Answers [deleted ready,
 * deleted]; throws the first error after trying all.
 */
async function deleteJobPods(deps: JobDeps, job: Job, key: string, pods: Pod[]): Promise<[number, number, unknown]> {
  let deleted = 0;
  let deletedReady = 0;
  let firstError: unknown;
  await Promise.all(
    pods.map(async (pod) => {
      const ns = pod.metadata!.namespace!;
      try {
        const patch = removeTrackingFinalizerPatch(pod);
        if (patch) await deps.podControl.patchPod(ns, pod.metadata!.name!, patch);
        await deps.podControl.deletePod(ns, pod.metadata!.name!, job);
        deleted++;
        if (isPodReady(pod)) deletedReady++;
      } catch (err) {
        deps.expectations.deletionObserved(key);
        if (isStatusCode(err, 404)) {
          deleted++;
          return;
        }
        firstError ??= err;
      }
    }),
  );
  return [deletedReady, deleted, firstError];
}

/** deleteActivePods: a finished Job's pods are deleted, keeping their finalizers until counted. */
export async function deleteActivePods(deps: JobDeps, job: Job, pods: Pod[]): Promise<[number, number, unknown]> {
  let deleted = 0;
  let deletedReady = 0;
  let firstError: unknown;
  await Promise.all(
    pods.map(async (pod) => {
      try {
        await deps.podControl.deletePod(pod.metadata!.namespace!, pod.metadata!.name!, job);
      } catch (err) {
        if (!isStatusCode(err, 404)) {
          firstError ??= err;
          return;
        }
      }
      deleted++;
      if (isPodReady(pod)) deletedReady++;
    }),
  );
  return [deletedReady, deleted, firstError];
}

/** manageJob: answers the number of active pods after this step; throws after recording progress. */
export async function manageJob(deps: JobDeps, job: Job, ctx: SyncJobContext, key: string): Promise<{ active: number; error?: unknown }> {
  let active = ctx.activePods.length;
  const parallelism = job.spec?.parallelism ?? 1;
  if (jobSuspended(job)) {
    const toDelete = activePodsForRemoval(job, ctx.activePods, active);
    deps.expectations.expectDeletions(key, toDelete.length);
    const [removedReady, removed, error] = await deleteJobPods(deps, job, key, toDelete);
    ctx.terminating += removed;
    ctx.ready -= removedReady;
    return { active: active - removed, error };
  }
  const completions = job.spec?.completions;
  let wantActive: number;
  if (completions === undefined || completions === null) wantActive = ctx.succeeded > 0 ? active : parallelism;
  else wantActive = Math.max(0, Math.min(completions - ctx.succeeded, parallelism));

  const rmAtLeast = Math.max(0, active - wantActive);
  const toDelete = activePodsForRemoval(job, ctx.activePods, rmAtLeast).slice(0, MAX_POD_CREATE_DELETE_PER_SYNC);
  if (toDelete.length > 0) {
    deps.expectations.expectDeletions(key, toDelete.length);
    const [removedReady, removed, error] = await deleteJobPods(deps, job, key, toDelete);
    ctx.terminating += removed;
    ctx.ready -= removedReady;
    return { active: active - removed, error };
  }

  const terminating = onlyReplaceFailedPods(job) ? ctx.terminating : 0;
  let diff = wantActive - terminating - active;
  if (diff <= 0) return { active };
  const remaining = remainingBackoffMs(ctx.newBackoffRecord, deps.clock.now());
  if (remaining > 0) {
    deps.enqueueAfter(key, Math.max(remaining, SYNC_JOB_BATCH_PERIOD_MS));
    // Upstream reports 0 active here; the pods still running are counted instead.
    return { active };
  }
  diff = Math.min(diff, MAX_POD_CREATE_DELETE_PER_SYNC);
  let indexes: number[] = [];
  if (isIndexedJob(job)) {
    indexes = firstPendingIndexes(ctx.succeededIndexes, ctx.activePods, diff, completions ?? 0);
    diff = indexes.length;
  }
  if (diff === 0) return { active };
  deps.expectations.expectCreations(key, diff);
  const template = structuredClone(job.spec?.template ?? {});
  const finalizers = template.metadata?.finalizers ?? [];
  template.metadata = { ...template.metadata, finalizers: finalizers.includes(JOB_TRACKING_FINALIZER) ? finalizers : [...finalizers, JOB_TRACKING_FINALIZER] };
  const ref = newControllerRef(job, 'batch/v1', 'Job');
  const ns = job.metadata!.namespace!;
  active += diff;
  const { successes, error } = await slowStartBatch(diff, SLOW_START_INITIAL_BATCH_SIZE, async (i) => {
    const index = indexes[i];
    const podTemplate = index === undefined ? template : templateForIndex(template, job.metadata!.name!, index);
    const generateName = index === undefined ? undefined : generateNameWithIndex(job.metadata!.name!, index);
    await deps.podControl.createPod(ns, podTemplate, job, ref, generateName).catch((err: unknown) => {
      if (!isNamespaceTerminating(err)) throw err;
    });
  });
  // Failed and skipped creations will not be observed.
  for (let i = successes; i < diff; i++) deps.expectations.creationObserved(key);
  active -= diff - successes;
  return { active, error };
}
