/**
 * The parts of a Deployment sync every strategy shares (pkg/controller/deployment/sync.go):
 * finding or creating the new ReplicaSet and numbering revisions, scaling ReplicaSets with
 * an Event each time, proportional scaling while a rollout is under way, cleaning up old
 * ReplicaSets past revisionHistoryLimit, and computing the Deployment's status.
 */
import type { Clock } from '@kubelab/core';
import { type KubeClient, isStatus } from '@kubelab/core/client/client';
import type { SharedInformer } from '@kubelab/core/cache/informer';
import { type EventRecorder, referenceTo } from '../events.js';
import { canonicalJson, computeHash } from '../history/hash.js';
import { controllerOf, newControllerRef } from '../replicaset/pod-util.js';
import { isNamespaceTerminating } from '../replicaset/pod-control.js';
import { REPLICA_SETS, type ReplicaSet } from '../replicaset/replica-set-types.js';
import {
  DEPLOYMENTS,
  type Deployment,
  type DeploymentStatus,
  Reason,
  getDeploymentCondition,
  hasProgressDeadline,
  isRollingUpdate,
  newDeploymentCondition,
  replicasOfDeployment,
  setDeploymentCondition,
} from './deployment-types.js';
import {
  POD_TEMPLATE_HASH_LABEL,
  RevisionAnnotation,
  activeReplicaSets,
  actualReplicaCount,
  availableReplicaCount,
  byCreationTimestamp,
  byRevision,
  equalIgnoreHash,
  findActiveOrLatest,
  findNewReplicaSet,
  findOldReplicaSets,
  isSaturated,
  maxRevision,
  maxSurge,
  maxUnavailable,
  newRSNewReplicas,
  readyReplicaCount,
  rsReplicas,
  specReplicaCount,
} from './deployment-util.js';
import {
  desiredReplicasAnnotation,
  maxReplicasAnnotation,
  replicasAnnotationsNeedUpdate,
  setNewReplicaSetAnnotations,
  setReplicasAnnotations,
} from './replicaset-annotations.js';

const KIND = { apiVersion: 'apps/v1', kind: 'Deployment' };

export interface DeploymentSyncDeps {
  client: KubeClient;
  clock: Clock;
  recorder: EventRecorder;
  replicaSets: SharedInformer<ReplicaSet>;
}

export class DeploymentSync {
  constructor(readonly deps: DeploymentSyncDeps) {}

  event(d: Deployment, type: 'Normal' | 'Warning', reason: string, message: string): void {
    this.deps.recorder.event(referenceTo(d, DEPLOYMENTS), type, reason, message);
  }

  /** UpdateStatus of d as it stands; d takes the new resourceVersion. */
  async writeStatus(d: Deployment): Promise<void> {
    const written = await this.deps.client.updateStatus<Deployment>(DEPLOYMENTS, d);
    d.metadata!.resourceVersion = written.metadata?.resourceVersion;
  }

  /**
   * SetDeploymentRevision, written. Upstream writes the annotation with the status (its
   * Deployment status strategy keeps annotation changes); here the status subresource keeps
   * metadata as it is, so the annotation goes by a merge patch of the Deployment itself.
   */
  async syncRevision(d: Deployment, revision: string): Promise<void> {
    if (d.metadata?.annotations?.[RevisionAnnotation] === revision) return;
    const written = await this.deps.client.patch<Deployment>(
      DEPLOYMENTS,
      d.metadata!.name!,
      'merge',
      { metadata: { annotations: { [RevisionAnnotation]: revision } } },
      { namespace: d.metadata!.namespace },
    );
    (d.metadata!.annotations ??= {})[RevisionAnnotation] = revision;
    d.metadata!.resourceVersion = written.metadata?.resourceVersion;
  }

  /** getAllReplicaSetsAndSyncRevision: [new (maybe created), old ones]. */
  async allReplicaSetsAndSyncRevision(d: Deployment, rsList: ReplicaSet[], createIfNotExisted: boolean): Promise<[ReplicaSet | undefined, ReplicaSet[]]> {
    const [, allOld] = findOldReplicaSets(d, rsList);
    const newRS = await this.newReplicaSet(d, rsList, allOld, createIfNotExisted);
    return [newRS, allOld];
  }

  /** getNewReplicaSet */
  private async newReplicaSet(d: Deployment, rsList: ReplicaSet[], oldRSs: ReplicaSet[], createIfNotExisted: boolean): Promise<ReplicaSet | undefined> {
    const now = this.deps.clock.now();
    const existing = findNewReplicaSet(d, rsList);
    const newRevision = maxRevision(oldRSs) + 1;
    if (existing) {
      const copy: ReplicaSet = structuredClone(existing);
      const annotationsUpdated = setNewReplicaSetAnnotations(d, copy, newRevision, true);
      const minReadyNeedsUpdate = (copy.spec?.minReadySeconds ?? 0) !== (d.spec?.minReadySeconds ?? 0);
      if (annotationsUpdated || minReadyNeedsUpdate) {
        copy.spec = { ...copy.spec, minReadySeconds: d.spec?.minReadySeconds ?? 0 };
        return this.deps.client.update<ReplicaSet>(REPLICA_SETS, copy);
      }
      await this.syncRevision(d, copy.metadata?.annotations?.[RevisionAnnotation] ?? '');
      if (hasProgressDeadline(d) && !getDeploymentCondition(d.status, 'Progressing')) {
        const status = (d.status ??= {});
        setDeploymentCondition(status, newDeploymentCondition('Progressing', 'True', Reason.FoundNewRS, `Found new replica set "${copy.metadata!.name}"`, now));
        await this.writeStatus(d);
      }
      return copy;
    }
    if (!createIfNotExisted) return undefined;

    const template = structuredClone(d.spec?.template ?? {});
    const hash = computeHash(template, d.status?.collisionCount);
    const labels = { ...(template.metadata?.labels ?? {}), [POD_TEMPLATE_HASH_LABEL]: hash };
    template.metadata = { ...template.metadata, labels };
    const selector = structuredClone(d.spec?.selector ?? {});
    selector.matchLabels = { ...(selector.matchLabels ?? {}), [POD_TEMPLATE_HASH_LABEL]: hash };
    const newRS: ReplicaSet = {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name: `${d.metadata!.name}-${hash}`,
        namespace: d.metadata!.namespace,
        ownerReferences: [newControllerRef(d, KIND.apiVersion, KIND.kind)],
        labels,
      },
      spec: { replicas: 0, minReadySeconds: d.spec?.minReadySeconds ?? 0, selector, template },
    };
    const newReplicas = newRSNewReplicas(d, [...oldRSs, newRS], newRS);
    newRS.spec!.replicas = newReplicas;
    setNewReplicaSetAnnotations(d, newRS, newRevision, false);

    let created: ReplicaSet;
    let alreadyExists = false;
    try {
      created = await this.deps.client.create<ReplicaSet>(REPLICA_SETS, newRS);
    } catch (err) {
      if (isStatus(err, 409)) {
        // A slow cache, or a hash collision with a ReplicaSet that is not ours.
        const found = this.deps.replicaSets.lister.get(`${newRS.metadata!.namespace}/${newRS.metadata!.name}`);
        if (!found) throw err;
        const ref = controllerOf(found);
        if (ref?.uid === d.metadata?.uid && equalIgnoreHash(d.spec?.template, found.spec?.template)) {
          created = found;
          alreadyExists = true;
        } else {
          const status = (d.status ??= {});
          status.collisionCount = (status.collisionCount ?? 0) + 1;
          await this.writeStatus(d).catch(() => undefined);
          throw err;
        }
      } else {
        if (isNamespaceTerminating(err)) throw err;
        const msg = `Failed to create new replica set "${newRS.metadata!.name}": ${err instanceof Error ? err.message : String(err)}`;
        if (hasProgressDeadline(d)) {
          setDeploymentCondition((d.status ??= {}), newDeploymentCondition('Progressing', 'False', Reason.FailedRSCreate, msg, now));
          await this.writeStatus(d).catch(() => undefined);
        }
        this.event(d, 'Warning', Reason.FailedRSCreate, msg);
        throw err;
      }
    }
    if (!alreadyExists && newReplicas > 0) {
      this.event(d, 'Normal', 'ScalingReplicaSet', `Scaled up replica set ${created.metadata!.name} from 0 to ${newReplicas}`);
    }
    await this.syncRevision(d, String(newRevision));
    if (!alreadyExists && hasProgressDeadline(d)) {
      setDeploymentCondition((d.status ??= {}), newDeploymentCondition('Progressing', 'True', Reason.NewReplicaSet, `Created new replica set "${created.metadata!.name}"`, now));
      await this.writeStatus(d);
    }
    return created;
  }

  /** scaleReplicaSetAndRecordEvent: [scaled, the ReplicaSet as it now is]. */
  async scaleReplicaSetAndRecordEvent(rs: ReplicaSet, newScale: number, d: Deployment): Promise<[boolean, ReplicaSet]> {
    if (rsReplicas(rs) === newScale) return [false, rs];
    return this.scaleReplicaSet(rs, newScale, d, rsReplicas(rs) < newScale ? 'up' : 'down');
  }

  /** scaleReplicaSet: writes size and replicas annotations; an Event when the size changed. */
  async scaleReplicaSet(rs: ReplicaSet, newScale: number, d: Deployment, operation: string): Promise<[boolean, ReplicaSet]> {
    const oldScale = rsReplicas(rs);
    const sizeNeedsUpdate = oldScale !== newScale;
    const replicas = replicasOfDeployment(d);
    const max = replicas + maxSurge(d);
    if (!sizeNeedsUpdate && !replicasAnnotationsNeedUpdate(rs, replicas, max)) return [false, rs];
    const copy: ReplicaSet = structuredClone(rs);
    copy.spec = { ...copy.spec, replicas: newScale };
    setReplicasAnnotations(copy, replicas, max);
    const written = await this.deps.client.update<ReplicaSet>(REPLICA_SETS, copy);
    if (sizeNeedsUpdate) {
      this.event(d, 'Normal', 'ScalingReplicaSet', `Scaled ${operation} replica set ${rs.metadata!.name} from ${oldScale} to ${newScale}`);
    }
    return [sizeNeedsUpdate, written];
  }

  /**
   * scale: a Deployment whose replicas changed. One active ReplicaSet (or none) takes the new
   * size; a saturated new one lets the old ones go to zero; during a rolling update the
   * change is spread over the active ReplicaSets in proportion to their sizes.
   */
  async scale(d: Deployment, newRS: ReplicaSet | undefined, oldRSs: ReplicaSet[]): Promise<void> {
    const replicas = replicasOfDeployment(d);
    const activeOrLatest = findActiveOrLatest(newRS, oldRSs);
    if (activeOrLatest) {
      if (rsReplicas(activeOrLatest) === replicas) return;
      await this.scaleReplicaSetAndRecordEvent(activeOrLatest, replicas, d);
      return;
    }
    if (isSaturated(d, newRS)) {
      for (const old of activeReplicaSets(oldRSs)) await this.scaleReplicaSetAndRecordEvent(old, 0, d);
      return;
    }
    if (!isRollingUpdate(d)) return;
    const all = activeReplicaSets([...oldRSs, newRS]);
    const allowedSize = replicas > 0 ? replicas + maxSurge(d) : 0;
    const toAdd = allowedSize - specReplicaCount(all);
    let operation = '';
    if (toAdd > 0) {
      // ReplicaSetsBySizeNewer: larger first, newer first among equals.
      all.sort((a, b) => (rsReplicas(a) !== rsReplicas(b) ? rsReplicas(b) - rsReplicas(a) : byCreationTimestamp(b, a)));
      operation = 'up';
    } else if (toAdd < 0) {
      // ReplicaSetsBySizeOlder: larger first, older first among equals.
      all.sort((a, b) => (rsReplicas(a) !== rsReplicas(b) ? rsReplicas(b) - rsReplicas(a) : byCreationTimestamp(a, b)));
      operation = 'down';
    }
    let added = 0;
    const sizes = new Map<string, number>();
    for (const rs of all) {
      if (toAdd !== 0) {
        const proportion = this.proportion(rs, d, toAdd, added);
        sizes.set(rs.metadata!.name!, rsReplicas(rs) + proportion);
        added += proportion;
      } else sizes.set(rs.metadata!.name!, rsReplicas(rs));
    }
    for (let i = 0; i < all.length; i++) {
      const rs = all[i]!;
      const name = rs.metadata!.name!;
      if (i === 0 && toAdd !== 0) sizes.set(name, Math.max(0, sizes.get(name)! + toAdd - added));
      await this.scaleReplicaSet(rs, sizes.get(name)!, d, operation);
    }
  }

  /** GetProportion: this ReplicaSet's share of toAdd, within what is left to add. */
  private proportion(rs: ReplicaSet, d: Deployment, toAdd: number, added: number): number {
    if (rsReplicas(rs) === 0 || toAdd === 0 || toAdd === added) return 0;
    const replicas = replicasOfDeployment(d);
    let fraction: number;
    if (replicas === 0) fraction = -rsReplicas(rs);
    else {
      const deploymentReplicas = replicas + maxSurge(d);
      const annotated = maxReplicasAnnotation(rs) ?? d.status?.replicas ?? 0;
      fraction = annotated === 0 ? 0 : roundHalfAwayFromZero((rsReplicas(rs) * deploymentReplicas) / annotated) - rsReplicas(rs);
    }
    const allowed = toAdd - added;
    return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
  }

  /** isScalingEvent: an active ReplicaSet's desired-replicas differs from the Deployment's. */
  async isScalingEvent(d: Deployment, rsList: ReplicaSet[]): Promise<boolean> {
    const [newRS, oldRSs] = await this.allReplicaSetsAndSyncRevision(d, rsList, false);
    for (const rs of activeReplicaSets([...oldRSs, newRS])) {
      const desired = desiredReplicasAnnotation(rs);
      if (desired !== undefined && desired !== replicasOfDeployment(d)) return true;
    }
    return false;
  }

  /** sync: a scaling event or a paused Deployment — scale, never roll. */
  async syncScaling(d: Deployment, rsList: ReplicaSet[]): Promise<void> {
    const [newRS, oldRSs] = await this.allReplicaSetsAndSyncRevision(d, rsList, false);
    await this.scale(d, newRS, oldRSs);
    if (d.spec?.paused) await this.cleanupDeployment(oldRSs, d);
    await this.syncDeploymentStatus([...oldRSs, newRS], newRS, d);
  }

  /** syncStatusOnly: a Deployment being deleted. */
  async syncStatusOnly(d: Deployment, rsList: ReplicaSet[]): Promise<void> {
    const [newRS, oldRSs] = await this.allReplicaSetsAndSyncRevision(d, rsList, false);
    await this.syncDeploymentStatus([...oldRSs, newRS], newRS, d);
  }

  /**
   * cleanupDeployment: keeps revisionHistoryLimit old ReplicaSets; older ones with no pods
   * (and whose status has caught up) are deleted, lowest revision first.
   */
  async cleanupDeployment(oldRSs: ReplicaSet[], d: Deployment): Promise<void> {
    const limit = d.spec?.revisionHistoryLimit;
    if (limit === undefined || limit === null) return;
    const cleanable = oldRSs.filter((rs) => !rs.metadata?.deletionTimestamp);
    const diff = cleanable.length - limit;
    if (diff <= 0) return;
    cleanable.sort(byRevision);
    for (const rs of cleanable.slice(0, diff)) {
      if ((rs.status?.replicas ?? 0) !== 0 || rsReplicas(rs) !== 0) continue;
      if ((rs.metadata?.generation ?? 0) > (rs.status?.observedGeneration ?? 0) || rs.metadata?.deletionTimestamp) continue;
      try {
        await this.deps.client.delete(REPLICA_SETS, rs.metadata!.name!, { namespace: rs.metadata!.namespace });
      } catch (err) {
        if (!isStatus(err, 404)) throw err;
      }
    }
  }

  /** calculateStatus */
  calculateStatus(allRSs: readonly (ReplicaSet | undefined)[], newRS: ReplicaSet | undefined, d: Deployment): DeploymentStatus {
    const available = availableReplicaCount(allRSs);
    const total = specReplicaCount(allRSs);
    const status: DeploymentStatus = {};
    const generation = d.metadata?.generation ?? 0;
    if (generation) status.observedGeneration = generation;
    setCount(status, 'replicas', actualReplicaCount(allRSs));
    setCount(status, 'updatedReplicas', actualReplicaCount([newRS]));
    setCount(status, 'readyReplicas', readyReplicaCount(allRSs));
    setCount(status, 'availableReplicas', available);
    setCount(status, 'unavailableReplicas', Math.max(0, total - available));
    if (d.status?.conditions) status.conditions = d.status.conditions.map((c) => ({ ...c }));
    if (d.status?.collisionCount !== undefined) status.collisionCount = d.status.collisionCount;
    const now = this.deps.clock.now();
    if (available >= replicasOfDeployment(d) - maxUnavailable(d)) {
      setDeploymentCondition(status, newDeploymentCondition('Available', 'True', Reason.MinimumReplicasAvailable, 'Deployment has minimum availability.', now));
    } else {
      setDeploymentCondition(status, newDeploymentCondition('Available', 'False', Reason.MinimumReplicasUnavailable, 'Deployment does not have minimum availability.', now));
    }
    return status;
  }

  /** syncDeploymentStatus: writes the computed status when it differs. */
  async syncDeploymentStatus(allRSs: readonly (ReplicaSet | undefined)[], newRS: ReplicaSet | undefined, d: Deployment): Promise<void> {
    const status = this.calculateStatus(allRSs, newRS, d);
    if (sameStatus(d.status, status)) return;
    d.status = status;
    await this.writeStatus(d);
  }
}

function setCount(status: DeploymentStatus, field: 'replicas' | 'updatedReplicas' | 'readyReplicas' | 'availableReplicas' | 'unavailableReplicas', n: number): void {
  if (n !== 0) status[field] = n;
}

export function sameStatus(a: DeploymentStatus | undefined, b: DeploymentStatus): boolean {
  return canonicalJson(a ?? {}) === canonicalJson(b);
}

/** integer.RoundToInt32: math.Round, halves away from zero. */
function roundHalfAwayFromZero(x: number): number {
  return Math.sign(x) * Math.round(Math.abs(x));
}
