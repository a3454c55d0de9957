/**
 * Scheduling arithmetic of the CronJob controller (pkg/controller/cronjob/utils.go): which
 * scheduled time is due now, how many were missed, when to look again, and the Job made for
 * a scheduled time — named "<cronjob>-<minutes since the epoch>", so the same time can never
 * be started twice.
 */
import { type KubeObject, type LabelSelector, resourceFor } from '@kubelab/core';
import { newControllerRef } from '../replicaset/pod-util.js';
import { type Job, JOBS } from '../job/job-types.js';
import { type Schedule, wallClock } from './cron-schedule.js';

export const CRON_JOBS = resourceFor('batch', 'v1', 'cronjobs')!;
export { JOBS };

/** The annotation carrying the time a Job was scheduled for (CronJobsScheduledAnnotation). */
export const SCHEDULED_TIMESTAMP_ANNOTATION = 'batch.kubernetes.io/cronjob-scheduled-timestamp';
/** nextScheduleDelta: look a little after the scheduled time, never just before it. */
export const NEXT_SCHEDULE_DELTA_MS = 100;

export interface ObjectReference {
  kind?: string;
  namespace?: string;
  name?: string;
  uid?: string;
  apiVersion?: string;
  resourceVersion?: string;
}

export interface CronJob extends KubeObject {
  spec?: {
    schedule?: string;
    timeZone?: string;
    startingDeadlineSeconds?: number;
    concurrencyPolicy?: string;
    suspend?: boolean;
    jobTemplate?: { metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> }; spec?: Job['spec'] & { selector?: LabelSelector } };
    successfulJobsHistoryLimit?: number;
    failedJobsHistoryLimit?: number;
  };
  status?: { active?: ObjectReference[]; lastScheduleTime?: string; lastSuccessfulTime?: string };
}

/**
 * mostRecentScheduleTime: [earliest time considered, the most recent scheduled time ≤ now
 * (undefined: none since), how many were missed]. Throws when the schedule fires more often
 * than once a second.
 */
export function mostRecentScheduleTime(cj: CronJob, now: number, schedule: Schedule, includeStartingDeadline: boolean): [number, number | undefined, number] {
  let earliest = Date.parse(cj.metadata?.creationTimestamp ?? '') || now;
  if (cj.status?.lastScheduleTime) earliest = Date.parse(cj.status.lastScheduleTime);
  const sds = cj.spec?.startingDeadlineSeconds;
  if (includeStartingDeadline && sds !== undefined && sds !== null) {
    const deadline = now - sds * 1000;
    if (deadline > earliest) earliest = deadline;
  }
  const t1 = schedule.next(earliest);
  if (t1 === undefined || now < t1) return [earliest, undefined, 0];
  const t2 = schedule.next(t1);
  if (t2 === undefined || now < t2) return [earliest, t1, 1];
  const between = Math.floor((t2 - t1) / 1000);
  if (between < 1) throw new Error('time difference between two schedules is less than 1 second');
  const missed = Math.floor((now - t1) / 1000 / between) + 1;
  let mostRecent = t1 + (missed - 1) * between * 1000;
  // Uneven schedules ("0 0 1,15 * *"): walk forward to the last one not after now.
  for (let t = schedule.next(mostRecent); t !== undefined && t <= now; t = schedule.next(t)) mostRecent = t;
  return [earliest, mostRecent, missed];
}

/** nextScheduleTimeDuration: ms from now until the sync after the next scheduled time. */
export function nextScheduleTimeDuration(cj: CronJob, now: number, schedule: Schedule): number {
  let base: number;
  try {
    const [earliest, mostRecent] = mostRecentScheduleTime(cj, now, schedule, false);
    base = mostRecent ?? earliest;
  } catch {
    base = now;
  }
  const next = schedule.next(base);
  return next === undefined ? 24 * 3_600_000 : next + NEXT_SCHEDULE_DELTA_MS - now;
}

/** getJobName: "<cronjob>-<scheduled time in minutes since the epoch>". */
export function jobNameFor(cj: CronJob, scheduledTime: number): string {
  return `${cj.metadata!.name}-${Math.floor(scheduledTime / 60_000)}`;
}

/** RFC 3339 as Go formats it for a zone: "2025-03-01T09:00:00+01:00", or "…Z" in UTC. */
export function rfc3339In(t: number, tz: string): string {
  const w = wallClock(t, tz);
  const pad = (n: number, l = 2) => String(n).padStart(l, '0');
  const local = Date.UTC(w.y, w.mo - 1, w.d, w.h, w.mi, w.s);
  const offsetMin = Math.round((local - Math.floor(t / 1000) * 1000) / 60_000);
  const zone = offsetMin === 0 ? 'Z' : `${offsetMin > 0 ? '+' : '-'}${pad(Math.floor(Math.abs(offsetMin) / 60))}:${pad(Math.abs(offsetMin) % 60)}`;
  return `${pad(w.y, 4)}-${pad(w.mo)}-${pad(w.d)}T${pad(w.h)}:${pad(w.mi)}:${pad(w.s)}${zone}`;
}

/** RFC 1123 with a numeric zone, in UTC ("Mon, 02 Jan 2006 15:04:05 +0000"), as MissSchedule says it. */
export function rfc1123z(t: number): string {
  return new Date(t).toUTCString().replace('GMT', '+0000');
}

/** getJobFromTemplate2: the Job for a scheduled time, owned by the CronJob. */
export function jobFromTemplate(cj: CronJob, scheduledTime: number): Job {
  const template = cj.spec?.jobTemplate ?? {};
  const annotations = { ...(template.metadata?.annotations ?? {}), [SCHEDULED_TIMESTAMP_ANNOTATION]: rfc3339In(scheduledTime, cj.spec?.timeZone || 'UTC') };
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name: jobNameFor(cj, scheduledTime),
      namespace: cj.metadata?.namespace,
      labels: { ...(template.metadata?.labels ?? {}) },
      annotations,
      ownerReferences: [newControllerRef(cj, 'batch/v1', 'CronJob')],
    },
    spec: structuredClone(template.spec ?? {}),
  };
}

/** The ObjectReference kept in status.active. */
export function jobReference(job: Job): ObjectReference {
  const m = job.metadata ?? {};
  return { kind: 'Job', namespace: m.namespace, name: m.name, uid: m.uid, apiVersion: 'batch/v1', resourceVersion: m.resourceVersion };
}

/** FinishedCondition: the type of the Job's terminal condition, if it has one. */
export function finishedConditionType(job: Job): string | undefined {
  return (job.status?.conditions ?? []).find((c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True')?.type;
}

/** byJobStartTime: started before not started; earlier first; names breaking ties. */
export function byJobStartTime(a: Job, b: Job): number {
  const sa = a.status?.startTime;
  const sb = b.status?.startTime;
  if (!sa && sb) return 1;
  if (sa && !sb) return -1;
  if (sa === sb) return (a.metadata?.name ?? '') < (b.metadata?.name ?? '') ? -1 : 1;
  return Date.parse(sa!) - Date.parse(sb!);
}
