/**
 * A ReplicaSet's status (pkg/controller/replicaset/replica_set_utils.go): counted from its
 * active pods every sync —
 *
 *   replicas              active pods it owns;
 *   fullyLabeledReplicas  those whose labels still carry every label of the template;
 *   readyReplicas         those with Ready=True;
 *   availableReplicas     those ready for at least minReadySeconds;
 *   observedGeneration    the spec generation these numbers answer;
 *   conditions            ReplicaFailure=True (reason FailedCreate or FailedDelete, the API
 *                         error as message) while creating or deleting pods fails.
 *
 * Zero counts are left out of the written status, as the Go types' omitempty leaves them.
 */
import { type Clock, timestamp } from '@kubelab/core';
import type { KubeClient } from '@kubelab/core/client/client';
import { hasLabels, readiness } from './object-facts.js';
import type { Pod } from './pod-util.js';
import { REPLICA_SETS, type ReplicaSet, type ReplicaSetStatus, replicasOf } from './replica-set-types.js';

/** statusUpdateRetries: one more attempt, from a fresh read, after a failed status write. */
const STATUS_UPDATE_RETRIES = 1;

/** calculateStatus */
export function calculateStatus(rs: ReplicaSet, pods: readonly Pod[], manageReplicasErr: unknown, clock: Clock): ReplicaSetStatus {
  const now = clock.now();
  const templateLabels = Object.entries(rs.spec?.template?.metadata?.labels ?? {});
  const templateKey = `template:${JSON.stringify(templateLabels)}`;
  const minReadyMs = (rs.spec?.minReadySeconds ?? 0) * 1000;
  let fullyLabeled = 0;
  let ready = 0;
  let available = 0;
  for (const pod of pods) {
    if (hasLabels(pod, templateLabels, templateKey)) fullyLabeled++;
    // isPodReady and isPodAvailable, remembered per pod version (object-facts.ts).
    const [isReady, since] = readiness(pod);
    if (isReady) {
      ready++;
      if (!minReadyMs || (since !== undefined && since + minReadyMs <= now)) available++;
    }
  }
  let conditions = [...(rs.status?.conditions ?? [])];
  const failure = conditions.find((c) => c.type === 'ReplicaFailure');
  if (manageReplicasErr !== undefined && !failure) {
    const diff = pods.length - replicasOf(rs);
    const reason = diff < 0 ? 'FailedCreate' : diff > 0 ? 'FailedDelete' : '';
    const message = manageReplicasErr instanceof Error ? manageReplicasErr.message : String(manageReplicasErr);
    conditions.push({ type: 'ReplicaFailure', status: 'True', lastTransitionTime: timestamp(now), reason, message });
  } else if (manageReplicasErr === undefined && failure) {
    conditions = conditions.filter((c) => c.type !== 'ReplicaFailure');
  }
  const status: ReplicaSetStatus = { replicas: pods.length };
  if (fullyLabeled) status.fullyLabeledReplicas = fullyLabeled;
  if (ready) status.readyReplicas = ready;
  if (available) status.availableReplicas = available;
  if (rs.status?.observedGeneration) status.observedGeneration = rs.status.observedGeneration;
  if (conditions.length > 0) status.conditions = conditions;
  return status;
}

function sameCounts(a: ReplicaSetStatus | undefined, b: ReplicaSetStatus): boolean {
  return (
    (a?.replicas ?? 0) === b.replicas &&
    (a?.fullyLabeledReplicas ?? 0) === (b.fullyLabeledReplicas ?? 0) &&
    (a?.readyReplicas ?? 0) === (b.readyReplicas ?? 0) &&
    (a?.availableReplicas ?? 0) === (b.availableReplicas ?? 0) &&
    JSON.stringify(a?.conditions ?? []) === JSON.stringify(b.conditions ?? [])
  );
}

/**
 * updateReplicaSetStatus: writes newStatus with observedGeneration set to the generation
 * acted on — unless nothing changed. Answers the ReplicaSet as written (or as it was).
 */
export async function updateReplicaSetStatus(client: KubeClient, rs: ReplicaSet, newStatus: ReplicaSetStatus): Promise<ReplicaSet> {
  const generation = rs.metadata?.generation ?? 0;
  if (sameCounts(rs.status, newStatus) && (rs.status?.observedGeneration ?? 0) === generation) return rs;
  const status: ReplicaSetStatus = { ...newStatus };
  if (generation) status.observedGeneration = generation;
  else delete status.observedGeneration;
  let current: ReplicaSet = rs;
  for (let attempt = 0; ; attempt++) {
    try {
      return await client.updateStatus<ReplicaSet>(REPLICA_SETS, { ...current, status });
    } catch (err) {
      if (attempt >= STATUS_UPDATE_RETRIES) throw err;
      current = await client.get<ReplicaSet>(REPLICA_SETS, rs.metadata!.name!, { namespace: rs.metadata?.namespace });
    }
  }
}
