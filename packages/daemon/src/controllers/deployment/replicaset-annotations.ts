/**
 * What a Deployment writes on its ReplicaSets' annotations (deployment_util.go):
 *
 *   deployment.kubernetes.io/revision           1, 2, 3 … — the newest is the template in force;
 *                                               `kubectl rollout history` lists these;
 *   deployment.kubernetes.io/revision-history   earlier numbers of a ReplicaSet brought back by
 *                                               a rollback ("1,3"), at most 2000 characters;
 *   deployment.kubernetes.io/desired-replicas   the Deployment's replicas when last scaled,
 *   deployment.kubernetes.io/max-replicas       and replicas + maxSurge: proportional scaling
 *                                               during a rollout reads these.
 *
 * The Deployment's own annotations are copied too (so `kubernetes.io/change-cause` follows the
 * template into history), except last-applied-configuration and the ones above.
 */
import type { Deployment } from './deployment-types.js';
import { replicasOfDeployment } from './deployment-types.js';
import {
  DesiredReplicasAnnotation,
  MaxReplicasAnnotation,
  RevisionAnnotation,
  RevisionHistoryAnnotation,
  maxSurge,
} from './deployment-util.js';
import type { ReplicaSet } from '../replicaset/replica-set-types.js';

/** --deployment-controller's maxRevHistoryLengthInChars. */
export const MAX_REV_HISTORY_LENGTH_IN_CHARS = 2000;

const SKIPPED = new Set([
  'kubectl.kubernetes.io/last-applied-configuration',
  RevisionAnnotation,
  RevisionHistoryAnnotation,
  DesiredReplicasAnnotation,
  MaxReplicasAnnotation,
  'deprecated.deployment.rollback.to',
]);

/** copyDeploymentAnnotationsToReplicaSet; answers whether anything changed. */
export function copyDeploymentAnnotations(d: Deployment, rs: ReplicaSet): boolean {
  const annotations = (rs.metadata!.annotations ??= {});
  let changed = false;
  for (const [k, v] of Object.entries(d.metadata?.annotations ?? {})) {
    if (SKIPPED.has(k) || (k in annotations && annotations[k] === v)) continue;
    annotations[k] = v;
    changed = true;
  }
  return changed;
}

/** SetReplicasAnnotations; answers whether anything changed. */
export function setReplicasAnnotations(rs: ReplicaSet, desired: number, max: number): boolean {
  const annotations = (rs.metadata!.annotations ??= {});
  let changed = false;
  if (annotations[DesiredReplicasAnnotation] !== String(desired)) {
    annotations[DesiredReplicasAnnotation] = String(desired);
    changed = true;
  }
  if (annotations[MaxReplicasAnnotation] !== String(max)) {
    annotations[MaxReplicasAnnotation] = String(max);
    changed = true;
  }
  return changed;
}

export function replicasAnnotationsNeedUpdate(rs: ReplicaSet, desired: number, max: number): boolean {
  const a = rs.metadata?.annotations;
  return !a || a[DesiredReplicasAnnotation] !== String(desired) || a[MaxReplicasAnnotation] !== String(max);
}

/**
 * SetNewReplicaSetAnnotations: copies the Deployment's annotations, raises the revision to
 * newRevision (remembering the previous one in revision-history when a rollback revives an
 * old ReplicaSet), and for a ReplicaSet about to be created sets the replicas annotations.
 */
export function setNewReplicaSetAnnotations(d: Deployment, rs: ReplicaSet, newRevision: number, exists: boolean): boolean {
  let changed = copyDeploymentAnnotations(d, rs);
  const annotations = rs.metadata!.annotations!;
  const oldRevision = annotations[RevisionAnnotation];
  const had = oldRevision !== undefined;
  if (had && !/^\d+$/.test(oldRevision)) return false;
  const oldRevisionInt = had ? Number.parseInt(oldRevision, 10) : 0;
  if (oldRevisionInt < newRevision) {
    annotations[RevisionAnnotation] = String(newRevision);
    changed = true;
    if (had) {
      const history = annotations[RevisionHistoryAnnotation] ?? '';
      if (history === '') annotations[RevisionHistoryAnnotation] = oldRevision;
      else {
        let revisions = history.split(',');
        let total = history.length + oldRevision.length + 1;
        let start = 0;
        while (total > MAX_REV_HISTORY_LENGTH_IN_CHARS && start < revisions.length) total -= revisions[start++]!.length + 1;
        if (total <= MAX_REV_HISTORY_LENGTH_IN_CHARS) {
          revisions = [...revisions.slice(start), oldRevision];
          annotations[RevisionHistoryAnnotation] = revisions.join(',');
        }
      }
    }
  }
  const replicas = replicasOfDeployment(d);
  if (!exists && setReplicasAnnotations(rs, replicas, replicas + maxSurge(d))) changed = true;
  return changed;
}

/** getMaxReplicasAnnotation */
export function maxReplicasAnnotation(rs: ReplicaSet): number | undefined {
  const v = rs.metadata?.annotations?.[MaxReplicasAnnotation];
  return v !== undefined && /^\d+$/.test(v) ? Number.parseInt(v, 10) : undefined;
}

/** GetDesiredReplicasAnnotation */
export function desiredReplicasAnnotation(rs: ReplicaSet): number | undefined {
  const v = rs.metadata?.annotations?.[DesiredReplicasAnnotation];
  return v !== undefined && /^\d+$/.test(v) ? Number.parseInt(v, 10) : undefined;
}
