/**
 * One StatefulSet sync (pkg/controller/statefulset/stateful_set_control.go UpdateStatefulSet):
 *
 *   1. revisions: the update revision is the current template's ControllerRevision (made,
 *      or an older equal one renumbered — a rollback), the current revision the one named in
 *      status.currentRevision;
 *   2. pods with an ordinal in [start, start+replicas) are replicas, others are condemned;
 *   3. each replica in ordinal order: a failed or finished pod is deleted and made again;
 *      a missing pod is created (with its claims). With OrderedReady ("monotonic") the sync
 *      stops at the first pod that is not yet Running, Ready and Available — so web-1 is
 *      created only once web-0 is ready. Parallel creates them all at once;
 *   4. condemned pods are deleted from the highest ordinal down, one at a time when ordered;
 *   5. RollingUpdate: the highest-ordinal pod not at the update revision, down to the
 *      partition, is deleted (and re-created at the new revision by a later sync), one at a
 *      time, waiting for each to be healthy. OnDelete: pods change only when deleted.
 *
 * Old revisions beyond revisionHistoryLimit that no pod uses are deleted.
 */
import type { Clock } from '@kubelab/core';
import type { KubeClient } from '@kubelab/core/client/client';
import { canonicalJson } from '../history/hash.js';
import {
  type ControllerHistory,
  type ControllerRevision,
  equalRevision,
  findEqualRevisions,
  newControllerRevision,
  nextRevision,
  sortControllerRevisions,
} from '../history/controller-history.js';
import { podFromTemplate } from '../replicaset/pod-control.js';
import { type Pod, newControllerRef } from '../replicaset/pod-util.js';
import { slowStartBatch } from '../replicaset/slow-start.js';
import type { StatefulPodControl } from './stateful-pod-control.js';
import {
  STATEFUL_SETS,
  STATEFUL_SET_REVISION_LABEL,
  type StatefulSet,
  type StatefulSetStatus,
  applyRevision,
  endOrdinal,
  getPodRevision,
  identityMatches,
  isCreated,
  isFailed,
  isHealthy,
  isPending,
  isRunningAndAvailable,
  isRunningAndReady,
  isSucceeded,
  isTerminating,
  ordinalOf,
  podInOrdinalRange,
  podName,
  replicasOfSet,
  startOrdinal,
  storageMatches,
  updateIdentity,
  updateStorage,
} from './stateful-set-utils.js';
import type { EventRecorder } from '../events.js';
import { referenceTo } from '../events.js';

export interface StatefulSetControlDeps {
  client: KubeClient;
  clock: Clock;
  history: ControllerHistory;
  podControl: StatefulPodControl;
  recorder: EventRecorder;
}

/** getPatch: the revision data restoring the set's template. */
function statefulSetPatch(set: StatefulSet): unknown {
  return { spec: { template: { ...structuredClone(set.spec?.template ?? {}), $patch: 'replace' } } };
}

/** newVersionedStatefulSetPod: a pod at the current revision below the partition, else at the update revision. */
function newVersionedPod(currentSet: StatefulSet, updateSet: StatefulSet, currentRevision: string, updateRevision: string, ordinal: number): Pod {
  const strategy = currentSet.spec?.updateStrategy;
  const isRolling = (strategy?.type ?? 'RollingUpdate') === 'RollingUpdate';
  const atCurrent =
    (isRolling && !strategy?.rollingUpdate && ordinal < startOrdinal(currentSet) + (currentSet.status?.currentReplicas ?? 0)) ||
    (strategy?.rollingUpdate !== undefined && ordinal < startOrdinal(currentSet) + (strategy.rollingUpdate.partition ?? 0));
  const set = atCurrent ? currentSet : updateSet;
  const pod = podFromTemplate(set.spec?.template, set, newControllerRef(set, 'apps/v1', 'StatefulSet'));
  delete pod.metadata!.generateName;
  pod.metadata!.name = podName(set, ordinal);
  updateIdentity(set, pod);
  updateStorage(set, pod);
  pod.metadata!.labels![STATEFUL_SET_REVISION_LABEL] = atCurrent ? currentRevision : updateRevision;
  return pod;
}

export class StatefulSetControl {
  constructor(private readonly deps: StatefulSetControlDeps) {}

  /** UpdateStatefulSet: returns the status written (or left as it was). */
  async update(set: StatefulSet, pods: Pod[], revisions: ControllerRevision[]): Promise<StatefulSetStatus> {
    sortControllerRevisions(revisions);
    const [current, update, collisionCount] = await this.revisions(set, revisions);
    const { status, error } = await this.updateStatefulSet(set, current, update, collisionCount, pods);
    // The status is written even when a pod write failed, as upstream does.
    await this.writeStatus(set, status);
    await this.truncateHistory(set, pods, revisions, current, update);
    if (error !== undefined) throw error;
    return status;
  }

  /** getStatefulSetRevisions: [current, update, collisionCount]. */
  private async revisions(set: StatefulSet, revisions: ControllerRevision[]): Promise<[ControllerRevision, ControllerRevision, number]> {
    const collisionCount = { value: set.status?.collisionCount ?? 0 };
    const candidate = newControllerRevision(set, newControllerRef(set, 'apps/v1', 'StatefulSet'), set.spec?.template?.metadata?.labels, statefulSetPatch(set), nextRevision(revisions), collisionCount.value);
    if (set.metadata?.annotations) candidate.metadata!.annotations = { ...set.metadata.annotations };
    const equal = findEqualRevisions(revisions, candidate);
    let update: ControllerRevision;
    const last = revisions[revisions.length - 1];
    if (equal.length > 0 && equalRevision(last, equal[equal.length - 1])) update = last!;
    else if (equal.length > 0) update = await this.deps.history.updateRevisionNumber(equal[equal.length - 1]!, candidate.revision);
    else update = await this.deps.history.create(set, candidate, collisionCount);
    const current = revisions.find((r) => r.metadata?.name === set.status?.currentRevision) ?? update;
    return [current, update, collisionCount.value];
  }

  private async updateStatefulSet(
    set: StatefulSet,
    current: ControllerRevision,
    update: ControllerRevision,
    collisionCount: number,
    pods: Pod[],
  ): Promise<{ status: StatefulSetStatus; error?: unknown }> {
    const now = this.deps.clock.now();
    const minReady = set.spec?.minReadySeconds ?? 0;
    const currentSet = applyRevision(set, current);
    const updateSet = applyRevision(set, update);
    const currentName = current.metadata!.name!;
    const updateName = update.metadata!.name!;
    const start = startOrdinal(set);
    const replicas: Array<Pod> = new Array(replicasOfSet(set));
    const condemned: Pod[] = [];
    for (const pod of pods) {
      if (podInOrdinalRange(pod, set)) replicas[ordinalOf(pod) - start] = pod;
      else if (ordinalOf(pod) >= 0) condemned.push(pod);
    }
    for (let ord = start; ord <= endOrdinal(set); ord++) {
      if (!replicas[ord - start]) replicas[ord - start] = newVersionedPod(currentSet, updateSet, currentName, updateName, ord);
    }
    condemned.sort((a, b) => ordinalOf(b) - ordinalOf(a));
    const status = (): StatefulSetStatus => this.computeStatus(set, current, update, collisionCount, [...replicas, ...condemned], now);
    let firstUnhealthy: Pod | undefined = replicas.find((p) => !isHealthy(p));
    if (!firstUnhealthy) for (let i = condemned.length - 1; i >= 0; i--) if (!isHealthy(condemned[i]!)) { firstUnhealthy = condemned[i]; break; }
    if (set.metadata?.deletionTimestamp) return { status: status() };
    const monotonic = (set.spec?.podManagementPolicy ?? 'OrderedReady') !== 'Parallel';

    const processReplica = async (i: number): Promise<boolean> => {
      let pod = replicas[i]!;
      if (isFailed(pod) || isSucceeded(pod)) {
        const ref = referenceTo(set, STATEFUL_SETS);
        const ns = set.metadata?.namespace;
        if (isFailed(pod)) this.deps.recorder.event(ref, 'Warning', 'RecreatingFailedPod', `StatefulSet ${ns}/${set.metadata?.name} is recreating failed Pod ${pod.metadata?.name}`);
        else this.deps.recorder.event(ref, 'Normal', 'RecreatingTerminatedPod', `StatefulSet ${ns}/${set.metadata?.name} is recreating terminated Pod ${pod.metadata?.name}`);
        await this.deps.podControl.deletePod(set, pod);
        pod = replicas[i] = newVersionedPod(currentSet, updateSet, currentName, updateName, i + start);
      }
      if (!isCreated(pod)) {
        await this.deps.podControl.createPod(set, pod);
        return monotonic;
      }
      if (isPending(pod)) await this.deps.podControl.createMissingClaims(set, pod);
      if (isTerminating(pod) && monotonic) return true;
      if (!isRunningAndReady(pod) && monotonic) return true;
      if (!isRunningAndAvailable(pod, minReady, now) && monotonic) return true;
      await this.deps.podControl.syncClaimOwners(updateSet, pod);
      if (identityMatches(set, pod) && storageMatches(set, pod)) return false;
      await this.deps.podControl.updatePod(updateSet, pod);
      return false;
    };
    try {
      if (await runForAll(replicas.length, processReplica, monotonic)) return { status: status() };
      for (const pod of condemned) await this.deps.podControl.syncClaimOwners(updateSet, pod);
    } catch (error) {
      return { status: status(), error };
    }

    const processCondemned = async (i: number): Promise<boolean> => {
      const pod = condemned[i]!;
      if (isTerminating(pod)) return monotonic;
      if (!isRunningAndReady(pod) && monotonic && pod !== firstUnhealthy) return true;
      if (!isRunningAndAvailable(pod, minReady, now) && monotonic && pod !== firstUnhealthy) return true;
      await this.deps.podControl.deletePod(set, pod);
      return monotonic;
    };
    try {
      if (await runForAll(condemned.length, processCondemned, monotonic)) return { status: status() };
    } catch (error) {
      return { status: status(), error };
    }

    const s = status();
    if (set.spec?.updateStrategy?.type === 'OnDelete') return { status: s };
    const partition = set.spec?.updateStrategy?.rollingUpdate?.partition ?? 0;
    for (let target = replicas.length - 1; target >= partition; target--) {
      const pod = replicas[target]!;
      if (getPodRevision(pod) !== updateName && !isTerminating(pod)) {
        try {
          await this.deps.podControl.deletePod(set, pod);
        } catch (error) {
          return { status: s, error };
        }
        s.currentReplicas = Math.max(0, (s.currentReplicas ?? 0) - 1);
        return { status: s };
      }
      if (!isHealthy(pod)) return { status: s };
    }
    return { status: s };
  }

  /** updateStatus + computeReplicaStatus over every pod the sync knows of. */
  private computeStatus(set: StatefulSet, current: ControllerRevision, update: ControllerRevision, collisionCount: number, pods: Pod[], now: number): StatefulSetStatus {
    const minReady = set.spec?.minReadySeconds ?? 0;
    let replicas = 0;
    let ready = 0;
    let available = 0;
    let currentReplicas = 0;
    let updated = 0;
    for (const pod of pods) {
      if (isCreated(pod)) replicas++;
      if (isRunningAndReady(pod)) {
        ready++;
        if (isRunningAndAvailable(pod, minReady, now)) available++;
      }
      if (isCreated(pod) && !isTerminating(pod)) {
        if (getPodRevision(pod) === current.metadata?.name) currentReplicas++;
        if (getPodRevision(pod) === update.metadata?.name) updated++;
      }
    }
    const status: StatefulSetStatus = { replicas, availableReplicas: available };
    const generation = set.metadata?.generation ?? 0;
    if (generation) status.observedGeneration = generation;
    if (ready) status.readyReplicas = ready;
    if (currentReplicas) status.currentReplicas = currentReplicas;
    if (updated) status.updatedReplicas = updated;
    status.currentRevision = current.metadata?.name;
    status.updateRevision = update.metadata?.name;
    status.collisionCount = collisionCount;
    if (set.status?.conditions) status.conditions = set.status.conditions;
    return status;
  }

  /** updateStatefulSetStatus: completes a finished rolling update, writes when anything changed. */
  private async writeStatus(set: StatefulSet, status: StatefulSetStatus): Promise<void> {
    const isRolling = (set.spec?.updateStrategy?.type ?? 'RollingUpdate') === 'RollingUpdate';
    if (isRolling && (status.updatedReplicas ?? 0) === status.replicas && (status.readyReplicas ?? 0) === status.replicas) {
      status.currentReplicas = status.updatedReplicas;
      status.currentRevision = status.updateRevision;
    }
    if (!status.currentReplicas) delete status.currentReplicas;
    if (canonicalJson(status) === canonicalJson(set.status ?? {})) return;
    await this.deps.client.updateStatus(STATEFUL_SETS, { ...set, status });
  }

  /** truncateHistory: non-live revisions beyond revisionHistoryLimit go, oldest first. */
  private async truncateHistory(set: StatefulSet, pods: Pod[], revisions: ControllerRevision[], current: ControllerRevision, update: ControllerRevision): Promise<void> {
    const live = new Set([current.metadata?.name, update.metadata?.name, ...pods.map(getPodRevision)]);
    const history = revisions.filter((r) => !live.has(r.metadata?.name));
    const limit = set.spec?.revisionHistoryLimit ?? 10;
    for (const rev of history.slice(0, Math.max(0, history.length - limit))) await this.deps.history.delete(rev);
  }
}

/**
 * runForAll: in order, stopping at the first that says stop, when monotonic; otherwise all
 * in slow-start batches. Answers whether the sync should stop here.
 */
async function runForAll(count: number, fn: (i: number) => Promise<boolean>, monotonic: boolean): Promise<boolean> {
  if (monotonic) {
    for (let i = 0; i < count; i++) if (await fn(i)) return true;
    return false;
  }
  const { error } = await slowStartBatch(count, 1, async (i) => {
    await fn(i);
  });
  if (error !== undefined) throw error;
  return false;
}
