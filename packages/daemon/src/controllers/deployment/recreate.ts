/**
 * The Recreate strategy (pkg/controller/deployment/recreate.go): scale every old ReplicaSet
 * to zero, wait until none of their pods is left running (terminated pods do not count),
 * then create or scale up the new ReplicaSet to the full count at once.
 */
import type { Pod } from '../replicaset/pod-util.js';
import type { ReplicaSet } from '../replicaset/replica-set-types.js';
import { type Deployment, replicasOfDeployment } from './deployment-types.js';
import { activeReplicaSets, actualReplicaCount } from './deployment-util.js';
import { deploymentComplete, syncRolloutStatus } from './progress.js';
import type { DeploymentSync } from './sync.js';

/** Pods of a Deployment grouped by the uid of the ReplicaSet controlling them. */
export type PodMap = Map<string, Pod[]>;

export async function rolloutRecreate(s: DeploymentSync, d: Deployment, rsList: ReplicaSet[], podMap: PodMap): Promise<void> {
  let [newRS, oldRSs] = await s.allReplicaSetsAndSyncRevision(d, rsList, false);
  let allRSs = [...oldRSs, newRS];
  // Scale down old replica sets first.
  let scaledDown = false;
  for (const rs of activeReplicaSets(oldRSs)) {
    const [scaled] = await s.scaleReplicaSetAndRecordEvent(rs, 0, d);
    if (scaled) scaledDown = true;
  }
  if (scaledDown) {
    await syncRolloutStatus(s, allRSs, newRS, d);
    return;
  }
  // Do not create the new ReplicaSet while old pods are still running.
  if (oldPodsRunning(newRS, oldRSs, podMap)) {
    await syncRolloutStatus(s, allRSs, newRS, d);
    return;
  }
  if (!newRS) {
    [newRS, oldRSs] = await s.allReplicaSetsAndSyncRevision(d, rsList, true);
    allRSs = [...oldRSs, newRS];
  }
  const [scaledUp] = await s.scaleReplicaSetAndRecordEvent(newRS!, replicasOfDeployment(d), d);
  if (scaledUp) {
    await syncRolloutStatus(s, allRSs, newRS, d);
    return;
  }
  if (deploymentComplete(d, d.status ?? {})) await s.cleanupDeployment(oldRSs, d);
  await syncRolloutStatus(s, allRSs, newRS, d);
}

/** oldPodsRunning: any old ReplicaSet still reports pods, or any old pod is not finished. */
function oldPodsRunning(newRS: ReplicaSet | undefined, oldRSs: ReplicaSet[], podMap: PodMap): boolean {
  if (actualReplicaCount(oldRSs) > 0) return true;
  for (const [uid, pods] of podMap) {
    if (newRS && newRS.metadata?.uid === uid) continue;
    for (const pod of pods) {
      const phase = pod.status?.phase;
      if (phase === 'Failed' || phase === 'Succeeded') continue;
      return true;
    }
  }
  return false;
}
