/**
 * The batch/v1 Job as its controller reads it, and its conditions
 * (pkg/controller/job, k8s.io/api/batch/v1): how a Job says it is done.
 *
 * In 1.32 a finishing Job first gets an interim condition — SuccessCriteriaMet, or
 * FailureTarget — while its pods are still being cleaned up, and the terminal Complete or
 * Failed (same reason and message) only once none of its pods is left running or uncounted.
 */
import { type KubeObject, type LabelSelector, resourceFor, timestamp } from '@kubelab/core';
import type { PodTemplateSpec } from '../replicaset/pod-util.js';

export const JOBS = resourceFor('batch', 'v1', 'jobs')!;

/** The finalizer that keeps a finished pod until the Job has counted it. */
export const JOB_TRACKING_FINALIZER = 'batch.kubernetes.io/job-tracking';
export const JOB_COMPLETION_INDEX_ANNOTATION = 'batch.kubernetes.io/job-completion-index';
export const JOB_COMPLETION_INDEX_LABEL = 'batch.kubernetes.io/job-completion-index';
export const JOB_COMPLETION_INDEX_ENV = 'JOB_COMPLETION_INDEX';

export const JobReason = {
  BackoffLimitExceeded: 'BackoffLimitExceeded',
  DeadlineExceeded: 'DeadlineExceeded',
  CompletionsReached: 'CompletionsReached',
} as const;

export interface JobCondition {
  type: string;
  status: string;
  lastProbeTime?: string;
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
}

export interface JobStatus {
  conditions?: JobCondition[];
  startTime?: string;
  completionTime?: string;
  active?: number;
  succeeded?: number;
  failed?: number;
  terminating?: number;
  ready?: number;
  completedIndexes?: string;
  failedIndexes?: string;
  uncountedTerminatedPods?: { succeeded?: string[]; failed?: string[] };
}

export interface Job extends KubeObject {
  spec?: {
    parallelism?: number;
    completions?: number | null;
    activeDeadlineSeconds?: number;
    backoffLimit?: number;
    selector?: LabelSelector;
    manualSelector?: boolean;
    template?: PodTemplateSpec;
    ttlSecondsAfterFinished?: number;
    completionMode?: string;
    suspend?: boolean;
    podReplacementPolicy?: string;
    podFailurePolicy?: unknown;
    managedBy?: string;
  };
  status?: JobStatus;
}

export function newJobCondition(type: string, status: string, reason: string, message: string, now: number): JobCondition {
  const t = timestamp(now);
  return { type, status, lastProbeTime: t, lastTransitionTime: t, reason, message };
}

export function findJobCondition(conditions: readonly JobCondition[] | undefined, type: string): JobCondition | undefined {
  return conditions?.find((c) => c.type === type);
}

/** IsJobFinished: Complete or Failed is True. */
export function isJobFinished(job: Job): boolean {
  return (job.status?.conditions ?? []).some((c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True');
}

/** The time the Job finished: its terminal condition's lastTransitionTime. */
export function jobFinishTime(job: Job): number | undefined {
  const c = (job.status?.conditions ?? []).find((x) => (x.type === 'Complete' || x.type === 'Failed') && x.status === 'True');
  const t = c?.lastTransitionTime ? Date.parse(c.lastTransitionTime) : Number.NaN;
  return Number.isNaN(t) ? undefined : t;
}

/**
 * ensureJobConditionStatus: appends or updates the condition of that type; a False one is
 * never added from nothing. Answers whether the list changed.
 */
export function ensureJobCondition(status: JobStatus, type: string, value: string, reason: string, message: string, now: number): boolean {
  const list = (status.conditions ??= []);
  const existing = list.findIndex((c) => c.type === type);
  if (existing >= 0) {
    const c = list[existing]!;
    if (c.status === value && c.reason === reason && c.message === message) return false;
    list[existing] = newJobCondition(type, value, reason, message, now);
    return true;
  }
  if (value === 'False') {
    if (list.length === 0) delete status.conditions;
    return false;
  }
  list.push(newJobCondition(type, value, reason, message, now));
  return true;
}

export const isIndexedJob = (job: Job): boolean => job.spec?.completionMode === 'Indexed';
export const jobSuspended = (job: Job): boolean => job.spec?.suspend === true;

/** onlyReplaceFailedPods: podReplacementPolicy Failed, or a pod failure policy. */
export function onlyReplaceFailedPods(job: Job): boolean {
  return job.spec?.podReplacementPolicy === 'Failed' || job.spec?.podFailurePolicy !== undefined;
}
