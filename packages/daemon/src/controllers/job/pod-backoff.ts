/**
 * The delay before a Job replaces failed pods (pkg/controller/job/backoff_utils.go): 10 s
 * after the first failure since the last success, doubling with each further one, at most
 * six minutes — counted from when the last failed pod finished.
 */
import { type Pod, podCondition, timeOf } from '../replicaset/pod-util.js';

export const DEFAULT_JOB_POD_FAILURE_BACKOFF_MS = 10_000;
export const MAX_JOB_POD_FAILURE_BACKOFF_MS = 6 * 60_000;

export interface BackoffRecord {
  failuresAfterLastSuccess: number;
  lastFailureTime?: number;
}

/** getFinishedTime: the last container's finishedAt, else Ready=False's transition, else deletion, else creation. */
export function podFinishedTime(pod: Pod): number {
  let latest: number | undefined;
  for (const c of [...(pod.status?.containerStatuses ?? []), ...(pod.status?.initContainerStatuses ?? [])]) {
    const t = timeOf(c.state?.terminated?.finishedAt);
    if (t !== undefined && (latest === undefined || t > latest)) latest = t;
  }
  if (latest !== undefined) return latest;
  const ready = podCondition(pod, 'Ready');
  if (ready?.status === 'False') {
    const t = timeOf(ready.lastTransitionTime);
    if (t !== undefined) return t;
  }
  return timeOf(pod.metadata?.deletionTimestamp) ?? timeOf(pod.metadata?.creationTimestamp) ?? 0;
}

/** Job key → what the controller remembers of its failures (backoffStore). */
export class PodBackoffStore {
  private readonly records = new Map<string, BackoffRecord>();

  /** newBackoffRecord: the record once these newly finished pods are taken into account. */
  newRecord(key: string, newSucceeded: readonly Pod[], newFailed: readonly Pod[]): BackoffRecord {
    const old = this.records.get(key);
    const record: BackoffRecord = { failuresAfterLastSuccess: old?.failuresAfterLastSuccess ?? 0, lastFailureTime: old?.lastFailureTime };
    const failedTimes = newFailed.map(podFinishedTime).sort((a, b) => a - b);
    if (newSucceeded.length === 0) {
      if (failedTimes.length === 0) return record;
      record.failuresAfterLastSuccess += failedTimes.length;
      record.lastFailureTime = failedTimes[failedTimes.length - 1];
      return record;
    }
    const lastSuccess = Math.max(...newSucceeded.map(podFinishedTime));
    record.failuresAfterLastSuccess = 0;
    record.lastFailureTime = undefined;
    for (let i = failedTimes.length - 1; i >= 0; i--) {
      if (failedTimes[i]! <= lastSuccess) break;
      record.lastFailureTime ??= failedTimes[i];
      record.failuresAfterLastSuccess++;
    }
    return record;
  }

  update(key: string, record: BackoffRecord): void {
    this.records.set(key, record);
  }

  remove(key: string): void {
    this.records.delete(key);
  }
}

/** getRemainingTime: ms until pods may be created again (0: now). */
export function remainingBackoffMs(record: BackoffRecord, now: number): number {
  if (record.failuresAfterLastSuccess === 0 || record.lastFailureTime === undefined) return 0;
  let delay = DEFAULT_JOB_POD_FAILURE_BACKOFF_MS;
  for (let i = 1; i < record.failuresAfterLastSuccess; i++) {
    delay *= 2;
    if (delay >= MAX_JOB_POD_FAILURE_BACKOFF_MS) {
      delay = MAX_JOB_POD_FAILURE_BACKOFF_MS;
      break;
    }
  }
  const elapsed = now - record.lastFailureTime;
  return delay < elapsed ? 0 : delay - elapsed;
}
