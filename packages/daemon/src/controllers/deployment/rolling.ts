/**
 * The RollingUpdate strategy (pkg/controller/deployment/rolling.go). Each sync takes one step:
 *
 *   1. grow the new ReplicaSet, as far as replicas + maxSurge allows in total;
 *   2. otherwise shrink old ReplicaSets, as far as replicas - maxUnavailable available pods
 *      allows — first those of their pods that are not available anyway (cleanup of
 *      unhealthy replicas), then available ones, oldest ReplicaSet first;
 *   3. once complete, delete old ReplicaSets past revisionHistoryLimit.
 *
 * So with 3 replicas and 25%/25% (surge 1, unavailable 0) the new ReplicaSet goes 0→1, an
 * old pod goes only once the new one is available, and availability never drops below 3.
 */
import type { ReplicaSet } from '../replicaset/replica-set-types.js';
import { type Deployment, replicasOfDeployment } from './deployment-types.js';
import { activeReplicaSets, availableReplicaCount, byCreationTimestamp, maxUnavailable, newRSNewReplicas, rsReplicas, specReplicaCount } from './deployment-util.js';
import { deploymentComplete, syncRolloutStatus } from './progress.js';
import type { DeploymentSync } from './sync.js';

export async function rolloutRolling(s: DeploymentSync, d: Deployment, rsList: ReplicaSet[]): Promise<void> {
  const [newRS, oldRSs] = await s.allReplicaSetsAndSyncRevision(d, rsList, true);
  const allRSs = [...oldRSs, newRS];
  if (await reconcileNewReplicaSet(s, allRSs, newRS!, d)) {
    await syncRolloutStatus(s, allRSs, newRS, d);
    return;
  }
  if (await reconcileOldReplicaSets(s, allRSs, activeReplicaSets(oldRSs), newRS!, d)) {
    await syncRolloutStatus(s, allRSs, newRS, d);
    return;
  }
  if (deploymentComplete(d, d.status ?? {})) await s.cleanupDeployment(oldRSs, d);
  await syncRolloutStatus(s, allRSs, newRS, d);
}

async function reconcileNewReplicaSet(s: DeploymentSync, allRSs: (ReplicaSet | undefined)[], newRS: ReplicaSet, d: Deployment): Promise<boolean> {
  const replicas = replicasOfDeployment(d);
  if (rsReplicas(newRS) === replicas) return false;
  if (rsReplicas(newRS) > replicas) {
    const [scaled] = await s.scaleReplicaSetAndRecordEvent(newRS, replicas, d);
    return scaled;
  }
  const [scaled] = await s.scaleReplicaSetAndRecordEvent(newRS, newRSNewReplicas(d, allRSs, newRS), d);
  return scaled;
}

async function reconcileOldReplicaSets(s: DeploymentSync, allRSs: (ReplicaSet | undefined)[], oldRSs: ReplicaSet[], newRS: ReplicaSet, d: Deployment): Promise<boolean> {
  if (specReplicaCount(oldRSs) === 0) return false;
  const allPods = specReplicaCount(allRSs);
  const minAvailable = replicasOfDeployment(d) - maxUnavailable(d);
  const newRSUnavailable = rsReplicas(newRS) - (newRS.status?.availableReplicas ?? 0);
  const maxScaledDown = allPods - minAvailable - newRSUnavailable;
  if (maxScaledDown <= 0) return false;
  const [cleaned, cleanupCount] = await cleanupUnhealthyReplicas(s, oldRSs, d, maxScaledDown);
  const scaledDown = await scaleDownOldReplicaSetsForRollingUpdate(s, [...cleaned, newRS], cleaned, d);
  return cleanupCount + scaledDown > 0;
}

/** cleanupUnhealthyReplicas: old pods that are not available anyway go first. */
async function cleanupUnhealthyReplicas(s: DeploymentSync, oldRSs: ReplicaSet[], d: Deployment, maxCleanup: number): Promise<[ReplicaSet[], number]> {
  const sorted = [...oldRSs].sort(byCreationTimestamp);
  let total = 0;
  for (let i = 0; i < sorted.length; i++) {
    if (total >= maxCleanup) break;
    const rs = sorted[i]!;
    if (rsReplicas(rs) === 0) continue;
    const available = rs.status?.availableReplicas ?? 0;
    // Upstream skips only equality, and errors on a status still counting pods the spec
    // already gave up; nothing is unhealthy then either.
    if (rsReplicas(rs) <= available) continue;
    const count = Math.min(maxCleanup - total, rsReplicas(rs) - available);
    const newCount = rsReplicas(rs) - count;
    if (newCount > rsReplicas(rs)) throw new Error(`when cleaning up unhealthy replicas, got invalid request to scale down ${rs.metadata?.name} ${rsReplicas(rs)} -> ${newCount}`);
    const [, updated] = await s.scaleReplicaSetAndRecordEvent(rs, newCount, d);
    sorted[i] = updated;
    total += count;
  }
  return [sorted, total];
}

/** scaleDownOldReplicaSetsForRollingUpdate: available old pods beyond minAvailable go, oldest first. */
async function scaleDownOldReplicaSetsForRollingUpdate(s: DeploymentSync, allRSs: ReplicaSet[], oldRSs: ReplicaSet[], d: Deployment): Promise<number> {
  const minAvailable = replicasOfDeployment(d) - maxUnavailable(d);
  const available = availableReplicaCount(allRSs);
  if (available <= minAvailable) return 0;
  const totalToScaleDown = available - minAvailable;
  let total = 0;
  for (const rs of [...oldRSs].sort(byCreationTimestamp)) {
    if (total >= totalToScaleDown) break;
    if (rsReplicas(rs) === 0) continue;
    const count = Math.min(rsReplicas(rs), totalToScaleDown - total);
    const newCount = rsReplicas(rs) - count;
    if (newCount > rsReplicas(rs)) throw new Error(`when scaling down old replica set, got invalid request to scale down ${rs.metadata?.name} ${rsReplicas(rs)} -> ${newCount}`);
    await s.scaleReplicaSetAndRecordEvent(rs, newCount, d);
    total += count;
  }
  return total;
}
