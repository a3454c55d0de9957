/**
 * What one Job sync knows (syncJobCtx in pkg/controller/job/job_controller.go), and the small
 * rules every part of the sync shares: which pods count as failed, which still carry the
 * tracking finalizer, which finalizer removals are in flight.
 */
import type { Pod } from '../replicaset/pod-util.js';
import type { Intervals } from './indexed-job.js';
import { JOB_TRACKING_FINALIZER, type Job, type JobCondition, onlyReplaceFailedPods } from './job-types.js';
import type { BackoffRecord } from './pod-backoff.js';

export interface SyncJobContext {
  /** The Job as this sync will write it (a copy; status changes accumulate here). */
  job: Job;
  /** Every pod the Job owns. */
  pods: Pod[];
  activePods: Pod[];
  ready: number;
  succeeded: number;
  failed: number;
  terminating: number;
  uncounted: { succeeded: Set<string>; failed: Set<string> };
  /** Pods whose finalizer removal was asked for and not yet seen done. */
  expectedRmFinalizers: Set<string>;
  finishedCondition?: JobCondition;
  newBackoffRecord: BackoffRecord;
  /** Indexed Jobs: succeeded indexes before and after this sync's new successes. */
  prevSucceededIndexes: Intervals;
  succeededIndexes: Intervals;
}

export function hasJobTrackingFinalizer(pod: Pod): boolean {
  return (pod.metadata?.finalizers ?? []).includes(JOB_TRACKING_FINALIZER);
}

/** isPodFailed: Failed, or — unless only failed pods are replaced — deleted before succeeding. */
export function isPodFailed(pod: Pod, job: Job): boolean {
  if (pod.status?.phase === 'Failed') return true;
  if (onlyReplaceFailedPods(job)) return false;
  return Boolean(pod.metadata?.deletionTimestamp) && pod.status?.phase !== 'Succeeded';
}

/** The strategic merge patch that takes the tracking finalizer off a pod. */
export function removeTrackingFinalizerPatch(pod: Pod): unknown {
  if (!hasJobTrackingFinalizer(pod)) return undefined;
  return { metadata: { '$deleteFromPrimitiveList/finalizers': [JOB_TRACKING_FINALIZER] } };
}

/**
 * uidTrackingExpectations: per Job, the uids of pods whose finalizer removal is in flight,
 * so the next sync does not count them twice.
 */
export class FinalizerExpectations {
  private readonly byJob = new Map<string, Set<string>>();

  expectRemoved(key: string, uids: readonly string[]): void {
    let set = this.byJob.get(key);
    if (!set) this.byJob.set(key, (set = new Set()));
    for (const u of uids) set.add(u);
  }

  observed(key: string, uid: string): void {
    const set = this.byJob.get(key);
    if (!set) return;
    set.delete(uid);
    if (set.size === 0) this.byJob.delete(key);
  }

  expected(key: string): Set<string> {
    return new Set(this.byJob.get(key) ?? []);
  }

  delete(key: string): void {
    this.byJob.delete(key);
  }
}
