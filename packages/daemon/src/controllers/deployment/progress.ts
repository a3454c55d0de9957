/**
 * Rollout progress (pkg/controller/deployment/progress.go): the Progressing condition.
 *
 *   complete    every replica updated and available   → True  NewReplicaSetAvailable
 *                                                        "ReplicaSet "web-…" has successfully progressed."
 *   progressing more updated, fewer old, more ready or more available than last written
 *                                                      → True  ReplicaSetUpdated
 *                                                        "ReplicaSet "web-…" is progressing."
 *   timed out   no progress for progressDeadlineSeconds since the condition last changed
 *                                                      → False ProgressDeadlineExceeded
 *                                                        "ReplicaSet "web-…" has timed out progressing."
 *
 * `kubectl rollout status` stops with "exceeded its progress deadline" on the last one. A
 * Deployment that is neither complete nor timed out is looked at again when its deadline
 * would pass (requeueStuckDeployment), so the condition flips without any other event.
 */
import { RequeueAfter } from '../controller.js';
import type { ReplicaSet } from '../replicaset/replica-set-types.js';
import {
  type Deployment,
  type DeploymentStatus,
  Reason,
  getDeploymentCondition,
  hasProgressDeadline,
  newDeploymentCondition,
  removeDeploymentCondition,
  replicasOfDeployment,
  setDeploymentCondition,
} from './deployment-types.js';
import { type DeploymentSync, sameStatus } from './sync.js';

/** DeploymentComplete: everything updated and available, and this generation observed. */
export function deploymentComplete(d: Deployment, status: DeploymentStatus): boolean {
  const replicas = replicasOfDeployment(d);
  return (
    (status.updatedReplicas ?? 0) === replicas &&
    (status.replicas ?? 0) === replicas &&
    (status.availableReplicas ?? 0) === replicas &&
    (status.observedGeneration ?? 0) >= (d.metadata?.generation ?? 0)
  );
}

/** DeploymentProgressing: any count moved the right way since the last written status. */
export function deploymentProgressing(d: Deployment, status: DeploymentStatus): boolean {
  const old = d.status ?? {};
  const oldOld = (old.replicas ?? 0) - (old.updatedReplicas ?? 0);
  const newOld = (status.replicas ?? 0) - (status.updatedReplicas ?? 0);
  return (
    (status.updatedReplicas ?? 0) > (old.updatedReplicas ?? 0) ||
    newOld < oldOld ||
    (status.readyReplicas ?? 0) > (old.readyReplicas ?? 0) ||
    (status.availableReplicas ?? 0) > (old.availableReplicas ?? 0)
  );
}

/** DeploymentTimedOut: the Progressing condition has not moved for progressDeadlineSeconds. */
export function deploymentTimedOut(d: Deployment, status: DeploymentStatus, now: number): boolean {
  if (!hasProgressDeadline(d)) return false;
  const c = getDeploymentCondition(status, 'Progressing');
  if (!c) return false;
  if (c.reason === Reason.NewRSAvailable) return false;
  if (c.reason === Reason.TimedOut) return true;
  const from = Date.parse(c.lastUpdateTime ?? '');
  if (Number.isNaN(from)) return false;
  return from + d.spec!.progressDeadlineSeconds! * 1000 < now;
}

/**
 * syncRolloutStatus: writes the status with the Progressing condition brought up to date.
 * Throws RequeueAfter when nothing changed but the deadline is still to be watched.
 */
export async function syncRolloutStatus(s: DeploymentSync, allRSs: readonly (ReplicaSet | undefined)[], newRS: ReplicaSet | undefined, d: Deployment): Promise<void> {
  const now = s.deps.clock.now();
  const status = s.calculateStatus(allRSs, newRS, d);
  if (!hasProgressDeadline(d)) removeDeploymentCondition(status, 'Progressing');
  const current = getDeploymentCondition(d.status, 'Progressing');
  const isComplete = status.replicas === status.updatedReplicas && current?.reason === Reason.NewRSAvailable;
  if (hasProgressDeadline(d) && !isComplete) {
    const rsName = newRS?.metadata?.name;
    if (deploymentComplete(d, status)) {
      const msg = rsName ? `ReplicaSet "${rsName}" has successfully progressed.` : 'Deployment has successfully progressed.';
      setDeploymentCondition(status, newDeploymentCondition('Progressing', 'True', Reason.NewRSAvailable, msg, now));
    } else if (deploymentProgressing(d, status)) {
      const msg = rsName ? `ReplicaSet "${rsName}" is progressing.` : 'Deployment is progressing.';
      const condition = newDeploymentCondition('Progressing', 'True', Reason.ReplicaSetUpdated, msg, now);
      // Progress refreshes lastUpdateTime (the deadline restarts) but is no transition.
      if (current?.status === 'True') condition.lastTransitionTime = current.lastTransitionTime;
      removeDeploymentCondition(status, 'Progressing');
      setDeploymentCondition(status, condition);
    } else if (deploymentTimedOut(d, status, now)) {
      const msg = rsName ? `ReplicaSet "${rsName}" has timed out progressing.` : `Deployment "${d.metadata!.name}" has timed out progressing.`;
      setDeploymentCondition(status, newDeploymentCondition('Progressing', 'False', Reason.TimedOut, msg, now));
    }
  }
  const failure = replicaFailure(allRSs, newRS);
  if (failure) setDeploymentCondition(status, { ...failure, lastUpdateTime: failure.lastTransitionTime });
  else removeDeploymentCondition(status, 'ReplicaFailure');

  if (sameStatus(d.status, status)) {
    const after = requeueStuckDeployment(d, status, now);
    if (after !== undefined) throw new RequeueAfter(after);
    return;
  }
  d.status = status;
  await s.writeStatus(d);
}

/** getReplicaFailures: the new ReplicaSet's ReplicaFailure condition, else an old one's. */
function replicaFailure(allRSs: readonly (ReplicaSet | undefined)[], newRS: ReplicaSet | undefined) {
  const of = (rs: ReplicaSet | undefined) => rs?.status?.conditions?.find((c) => c.type === 'ReplicaFailure');
  const fromNew = of(newRS);
  if (fromNew) return fromNew;
  for (const rs of allRSs) {
    const c = of(rs);
    if (c) return c;
  }
  return undefined;
}

/**
 * requeueStuckDeployment: ms until the deadline would pass (plus a second), undefined when
 * there is nothing to watch. Upstream re-adds the key at once (rate limited) when less than a
 * second is left; a short delay does the same here.
 */
export function requeueStuckDeployment(d: Deployment, status: DeploymentStatus, now: number): number | undefined {
  const c = getDeploymentCondition(status, 'Progressing');
  if (!hasProgressDeadline(d) || !c) return undefined;
  if (deploymentComplete(d, status) || c.reason === Reason.TimedOut) return undefined;
  const from = Date.parse(c.lastUpdateTime ?? '');
  if (Number.isNaN(from)) return undefined;
  const after = from + d.spec!.progressDeadlineSeconds! * 1000 - now;
  return after < 1000 ? 5 : after + 1000;
}

/** checkPausedConditions: Progressing=Unknown DeploymentPaused / DeploymentResumed. */
export async function checkPausedConditions(s: DeploymentSync, d: Deployment): Promise<void> {
  if (!hasProgressDeadline(d)) return;
  const c = getDeploymentCondition(d.status, 'Progressing');
  if (c?.reason === Reason.TimedOut) return;
  const pausedExists = c?.reason === Reason.Paused;
  const now = s.deps.clock.now();
  const status = (d.status ??= {});
  if (d.spec?.paused && !pausedExists) {
    setDeploymentCondition(status, newDeploymentCondition('Progressing', 'Unknown', Reason.Paused, 'Deployment is paused', now));
  } else if (!d.spec?.paused && pausedExists) {
    setDeploymentCondition(status, newDeploymentCondition('Progressing', 'Unknown', Reason.Resumed, 'Deployment is resumed', now));
  } else return;
  await s.writeStatus(d);
}
