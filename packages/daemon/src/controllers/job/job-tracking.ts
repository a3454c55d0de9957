/**
 * Counting finished pods without losing any (pkg/controller/job/job_controller.go
 * trackJobStatusAndRemoveFinalizers). Every Job pod carries the finalizer
 * batch.kubernetes.io/job-tracking, so it cannot vanish before it is counted:
 *
 *   1. finished pods' uids go into status.uncountedTerminatedPods (written first);
 *   2. their finalizers are removed;
 *   3. the uids move from uncountedTerminatedPods into status.succeeded / status.failed;
 *   4. once nothing is uncounted and no pod is terminating, the interim condition
 *      (SuccessCriteriaMet / FailureTarget) is followed by the terminal one (Complete /
 *      Failed, with completionTime), and an Event: Normal Completed "Job completed", or a
 *      Warning with the failure's reason and message.
 *
 * At most 500 pods are handled per sync, to keep the status small.
 */
import { isStatusCode } from '../controller.js';
import { referenceTo } from '../events.js';
import type { Pod } from '../replicaset/pod-util.js';
import { type SyncJobContext, hasJobTrackingFinalizer, isPodFailed, removeTrackingFinalizerPatch } from './job-context.js';
import { UNKNOWN_COMPLETION_INDEX, completionIndexOf, intervalsHas, intervalsToString, intervalsTotal, withIndexes } from './indexed-job.js';
import { JOBS, type Job, ensureJobCondition, isIndexedJob, newJobCondition } from './job-types.js';
import type { JobDeps } from './manage-job.js';
import type { PodBackoffStore } from './pod-backoff.js';

/** MaxUncountedPods */
const MAX_UNCOUNTED_PODS = 500;

export interface TrackingDeps extends JobDeps {
  backoffStore: PodBackoffStore;
}

/** cleanUncountedPodsWithoutFinalizers: uids whose pods lost the finalizer are counted now. */
function cleanUncounted(job: Job, withFinalizer: Set<string>): boolean {
  const u = (job.status!.uncountedTerminatedPods ??= {});
  let changed = false;
  const keepS = (u.succeeded ?? []).filter((uid) => withFinalizer.has(uid));
  if (keepS.length !== (u.succeeded ?? []).length) {
    job.status!.succeeded = (job.status!.succeeded ?? 0) + (u.succeeded ?? []).length - keepS.length;
    changed = true;
  }
  const keepF = (u.failed ?? []).filter((uid) => withFinalizer.has(uid));
  if (keepF.length !== (u.failed ?? []).length) {
    job.status!.failed = (job.status!.failed ?? 0) + (u.failed ?? []).length - keepF.length;
    changed = true;
  }
  job.status!.uncountedTerminatedPods = { ...(keepS.length ? { succeeded: keepS } : {}), ...(keepF.length ? { failed: keepF } : {}) };
  return changed;
}

function canRemoveFinalizer(ctx: SyncJobContext, pod: Pod, failed: boolean): boolean {
  return Boolean(ctx.job.metadata?.deletionTimestamp) || ctx.finishedCondition !== undefined || pod.status?.phase === 'Succeeded' || failed;
}

async function writeStatus(deps: TrackingDeps, ctx: SyncJobContext): Promise<void> {
  ctx.job = await deps.client.updateStatus<Job>(JOBS, ctx.job);
}

export async function trackJobStatusAndRemoveFinalizers(deps: TrackingDeps, ctx: SyncJobContext, key: string, needsFlushIn: boolean): Promise<void> {
  let needsFlush = needsFlushIn;
  const job = ctx.job;
  const indexed = isIndexedJob(job);
  const completions = job.spec?.completions ?? 0;
  const pods = indexed ? [...ctx.pods].sort((a, b) => completionIndexOf(a) - completionIndexOf(b)) : ctx.pods;
  const withFinalizer = new Set<string>();
  for (const p of pods) if (hasJobTrackingFinalizer(p) && !ctx.expectedRmFinalizers.has(p.metadata!.uid!)) withFinalizer.add(p.metadata!.uid!);
  if (cleanUncounted(job, withFinalizer)) needsFlush = true;
  // cleanUncounted replaced the object: take it after.
  const uncounted = job.status!.uncountedTerminatedPods!;

  const toRemove: Pod[] = [];
  const newSucceededIndexes: number[] = [];
  let reachedMax = false;
  const succ = (uncounted.succeeded ??= []);
  const fail = (uncounted.failed ??= []);
  for (const pod of pods) {
    const uid = pod.metadata!.uid!;
    if (!hasJobTrackingFinalizer(pod) || ctx.expectedRmFinalizers.has(uid)) continue;
    const failed = isPodFailed(pod, job);
    if (!canRemoveFinalizer(ctx, pod, failed)) continue;
    toRemove.push(pod);
    if (pod.status?.phase === 'Succeeded' && !ctx.uncounted.failed.has(uid)) {
      if (indexed) {
        const ix = completionIndexOf(pod);
        if (ix !== UNKNOWN_COMPLETION_INDEX && ix < completions && !intervalsHas(ctx.prevSucceededIndexes, ix)) {
          newSucceededIndexes.push(ix);
          needsFlush = true;
        }
      } else if (!ctx.uncounted.succeeded.has(uid)) {
        succ.push(uid);
        ctx.uncounted.succeeded.add(uid);
        needsFlush = true;
      }
    } else if (failed || (ctx.finishedCondition && ctx.finishedCondition.type !== 'SuccessCriteriaMet' && ctx.finishedCondition.type !== 'Complete')) {
      const ix = completionIndexOf(pod);
      if (!ctx.uncounted.failed.has(uid) && (!indexed || (ix !== UNKNOWN_COMPLETION_INDEX && ix < completions))) {
        fail.push(uid);
        ctx.uncounted.failed.add(uid);
        needsFlush = true;
      }
    }
    if (newSucceededIndexes.length + succ.length + fail.length >= MAX_UNCOUNTED_PODS) {
      reachedMax = true;
      break;
    }
  }
  if (!succ.length) delete uncounted.succeeded;
  if (!fail.length) delete uncounted.failed;
  if (indexed) {
    ctx.succeededIndexes = withIndexes(ctx.succeededIndexes, newSucceededIndexes);
    const str = intervalsToString(ctx.succeededIndexes);
    if (str !== (job.status!.completedIndexes ?? '')) needsFlush = true;
    job.status!.succeeded = intervalsTotal(ctx.succeededIndexes) || undefined;
    job.status!.completedIndexes = str || undefined;
  }
  const now = deps.clock.now();
  if (ctx.finishedCondition?.type === 'FailureTarget') {
    (job.status!.conditions ??= []).push(ctx.finishedCondition);
    needsFlush = true;
    ctx.finishedCondition = newJobCondition('Failed', 'True', ctx.finishedCondition.reason ?? '', ctx.finishedCondition.message ?? '', now);
  }
  if (ctx.finishedCondition?.type === 'SuccessCriteriaMet') {
    if (!(job.status!.conditions ?? []).some((c) => c.type === 'SuccessCriteriaMet' && c.status === 'True')) {
      (job.status!.conditions ??= []).push(ctx.finishedCondition);
      needsFlush = true;
    }
    ctx.finishedCondition = newJobCondition('Complete', 'True', ctx.finishedCondition.reason ?? '', ctx.finishedCondition.message ?? '', now);
  }

  // flushUncountedAndRemoveFinalizers
  if (needsFlush) {
    await writeStatus(deps, ctx);
    deps.backoffStore.update(key, ctx.newBackoffRecord);
    needsFlush = false;
  }
  let rmError: unknown;
  if (toRemove.length > 0) {
    deps.finalizerExpectations.expectRemoved(key, toRemove.map((p) => p.metadata!.uid!));
    await Promise.all(
      toRemove.map(async (pod) => {
        try {
          await deps.podControl.patchPod(pod.metadata!.namespace!, pod.metadata!.name!, removeTrackingFinalizerPatch(pod));
          withFinalizer.delete(pod.metadata!.uid!);
        } catch (err) {
          deps.finalizerExpectations.observed(key, pod.metadata!.uid!);
          if (isStatusCode(err, 404)) withFinalizer.delete(pod.metadata!.uid!);
          else rmError ??= err;
        }
      }),
    );
  }
  if (cleanUncounted(ctx.job, withFinalizer)) needsFlush = true;
  if (rmError !== undefined) {
    if (needsFlush) await writeStatus(deps, ctx);
    throw rmError;
  }
  const finished = !reachedMax && enactJobFinished(ctx, now);
  if (finished) needsFlush = true;
  if (needsFlush) {
    await writeStatus(deps, ctx);
    if (finished) recordJobFinished(deps, ctx);
  }
}

/** enactJobFinished: the terminal condition, once nothing is uncounted or terminating. */
function enactJobFinished(ctx: SyncJobContext, now: number): boolean {
  const c = ctx.finishedCondition;
  if (!c) return false;
  const u = ctx.job.status?.uncountedTerminatedPods;
  if ((u?.succeeded?.length ?? 0) + (u?.failed?.length ?? 0) > 0) return false;
  if (ctx.terminating > 0) return false;
  ensureJobCondition(ctx.job.status!, c.type, c.status, c.reason ?? '', c.message ?? '', now);
  if (c.type === 'Complete') ctx.job.status!.completionTime = findTime(ctx.job, 'Complete');
  return true;
}

function findTime(job: Job, type: string): string | undefined {
  return job.status?.conditions?.find((c) => c.type === type)?.lastTransitionTime;
}

/** recordJobFinished: the Event of the outcome. */
function recordJobFinished(deps: TrackingDeps, ctx: SyncJobContext): void {
  const ref = referenceTo(ctx.job, JOBS);
  const c = ctx.finishedCondition!;
  if (c.type === 'Complete') {
    const completions = ctx.job.spec?.completions;
    if (completions !== undefined && completions !== null && (ctx.job.status?.succeeded ?? 0) > completions) {
      deps.recorder.event(ref, 'Warning', 'TooManySucceededPods', 'Too many succeeded pods running after completion count reached');
    }
    deps.recorder.event(ref, 'Normal', 'Completed', 'Job completed');
  } else deps.recorder.event(ref, 'Warning', c.reason ?? '', c.message ?? '');
}
