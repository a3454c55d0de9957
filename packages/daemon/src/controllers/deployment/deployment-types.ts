/**
 * The apps/v1 Deployment as its controller reads it, and its status conditions
 * (pkg/controller/deployment/util/deployment_util.go): Available and Progressing, each with
 * upstream's reasons — the words `kubectl describe deployment` and `kubectl rollout status`
 * show, and that scripts grep for.
 */
import { type KubeObject, type LabelSelector, resourceFor, timestamp } from '@kubelab/core';
import type { PodTemplateSpec } from '../replicaset/pod-util.js';

export const DEPLOYMENTS = resourceFor('apps', 'v1', 'deployments')!;

export interface DeploymentCondition {
  type: string;
  status: string;
  lastUpdateTime?: string;
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
}

export interface DeploymentStatus {
  observedGeneration?: number;
  replicas?: number;
  updatedReplicas?: number;
  readyReplicas?: number;
  availableReplicas?: number;
  unavailableReplicas?: number;
  conditions?: DeploymentCondition[];
  collisionCount?: number;
}

export interface Deployment extends KubeObject {
  spec?: {
    replicas?: number;
    selector?: LabelSelector;
    template?: PodTemplateSpec;
    strategy?: { type?: string; rollingUpdate?: { maxSurge?: number | string; maxUnavailable?: number | string } };
    minReadySeconds?: number;
    revisionHistoryLimit?: number;
    paused?: boolean;
    progressDeadlineSeconds?: number;
  };
  status?: DeploymentStatus;
}

/** Reasons of the Progressing and Available conditions (deployment_util.go). */
export const Reason = {
  /** Progressing=False: the new ReplicaSet could not be created. */
  FailedRSCreate: 'ReplicaSetCreateError',
  /** Progressing=True: a new ReplicaSet was created. */
  NewReplicaSet: 'NewReplicaSetCreated',
  /** Progressing=True: an existing ReplicaSet was found to be the new one. */
  FoundNewRS: 'FoundNewReplicaSet',
  /** Progressing=True: the new ReplicaSet grew or the old ones shrank. */
  ReplicaSetUpdated: 'ReplicaSetUpdated',
  /** Progressing=False: no progress within progressDeadlineSeconds. */
  TimedOut: 'ProgressDeadlineExceeded',
  /** Progressing=True: the rollout is complete. */
  NewRSAvailable: 'NewReplicaSetAvailable',
  /** Progressing=Unknown: paused / resumed. */
  Paused: 'DeploymentPaused',
  Resumed: 'DeploymentResumed',
  /** Available=True / False. */
  MinimumReplicasAvailable: 'MinimumReplicasAvailable',
  MinimumReplicasUnavailable: 'MinimumReplicasUnavailable',
} as const;

export const MAX_INT32 = 2147483647;

export function replicasOfDeployment(d: Deployment): number {
  return d.spec?.replicas ?? 1;
}

export function isRollingUpdate(d: Deployment): boolean {
  return (d.spec?.strategy?.type ?? 'RollingUpdate') === 'RollingUpdate';
}

/** HasProgressDeadline: set and not the "no deadline" MaxInt32. */
export function hasProgressDeadline(d: Deployment): boolean {
  const s = d.spec?.progressDeadlineSeconds;
  return s !== undefined && s !== null && s !== MAX_INT32;
}

export function newDeploymentCondition(type: string, status: string, reason: string, message: string, now: number): DeploymentCondition {
  const t = timestamp(now);
  return { type, status, lastUpdateTime: t, lastTransitionTime: t, reason, message };
}

export function getDeploymentCondition(status: DeploymentStatus | undefined, type: string): DeploymentCondition | undefined {
  return status?.conditions?.find((c) => c.type === type);
}

/**
 * SetDeploymentCondition: replaces the condition of that type. The same status and reason
 * change nothing (not even lastUpdateTime); the same status keeps lastTransitionTime.
 */
export function setDeploymentCondition(status: DeploymentStatus, condition: DeploymentCondition): void {
  const current = getDeploymentCondition(status, condition.type);
  if (current && current.status === condition.status && current.reason === condition.reason) return;
  const c = { ...condition };
  if (current && current.status === c.status) c.lastTransitionTime = current.lastTransitionTime;
  status.conditions = [...(status.conditions ?? []).filter((x) => x.type !== c.type), c];
}

export function removeDeploymentCondition(status: DeploymentStatus, type: string): void {
  if (!status.conditions) return;
  status.conditions = status.conditions.filter((c) => c.type !== type);
  if (status.conditions.length === 0) delete status.conditions;
}
