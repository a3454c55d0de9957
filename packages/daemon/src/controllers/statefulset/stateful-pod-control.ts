/**
 * How the StatefulSet controller writes pods and claims (pkg/controller/statefulset/
 * stateful_pod_control.go): a pod's claims are created before the pod, so its volumes exist
 * when it starts; every write leaves upstream's Event on the StatefulSet —
 *
 *   Normal SuccessfulCreate  create Claim www-web-0 Pod web-0 in StatefulSet web success
 *   Normal SuccessfulCreate  create Pod web-0 in StatefulSet web successful
 *   Normal SuccessfulDelete  delete Pod web-2 in StatefulSet web successful
 *   Warning FailedCreate     create Pod web-0 in StatefulSet web failed error: …
 *
 * persistentVolumeClaimRetentionPolicy decides the claims' owners: whenDeleted: Delete makes
 * the StatefulSet their owner (the garbage collector removes them with it); whenScaled:
 * Delete makes a scaled-away pod their owner (they go with the pod).
 */
import { type KubeObject, type OwnerReference } from '@kubelab/core';
import { type KubeClient, isStatus } from '@kubelab/core/client/client';
import { type EventRecorder, referenceTo } from '../events.js';
import { PODS } from '../replicaset/pod-control.js';
import type { Pod } from '../replicaset/pod-util.js';
import {
  PVCS,
  type PersistentVolumeClaim,
  STATEFUL_SETS,
  type StatefulSet,
  claimsFor,
  identityMatches,
  ordinalOf,
  podInOrdinalRange,
  storageMatches,
  updateIdentity,
  updateStorage,
} from './stateful-set-utils.js';

const title = (verb: string) => verb.charAt(0).toUpperCase() + verb.slice(1);

export class StatefulPodControl {
  constructor(
    private readonly client: KubeClient,
    private readonly recorder: EventRecorder,
    private readonly claimLister: { get(key: string): PersistentVolumeClaim | undefined },
  ) {}

  private podEvent(verb: string, set: StatefulSet, pod: Pod, err?: unknown): void {
    const ref = referenceTo(set, STATEFUL_SETS);
    const what = `${verb} Pod ${pod.metadata?.name} in StatefulSet ${set.metadata?.name}`;
    if (err === undefined) this.recorder.event(ref, 'Normal', `Successful${title(verb)}`, `${what} successful`);
    else this.recorder.event(ref, 'Warning', `Failed${title(verb)}`, `${what} failed error: ${describe(err)}`);
  }

  private claimEvent(verb: string, set: StatefulSet, pod: Pod, claim: PersistentVolumeClaim, err?: unknown): void {
    const ref = referenceTo(set, STATEFUL_SETS);
    const claimName = claim.metadata?.name;
    if (err === undefined) {
      this.recorder.event(ref, 'Normal', `Successful${title(verb)}`, `${verb} Claim ${claimName} Pod ${pod.metadata?.name} in StatefulSet ${set.metadata?.name} success`);
    } else {
      this.recorder.event(ref, 'Warning', `Failed${title(verb)}`, `${verb} Claim ${claimName} for Pod ${pod.metadata?.name} in StatefulSet ${set.metadata?.name} failed error: ${describe(err)}`);
    }
  }

  /** createPersistentVolumeClaims: the pod's missing claims; a claim being deleted is an error. */
  async createMissingClaims(set: StatefulSet, pod: Pod): Promise<void> {
    const errors: string[] = [];
    for (const claim of claimsFor(set, ordinalOf(pod)).values()) {
      const existing = this.claimLister.get(`${claim.metadata!.namespace}/${claim.metadata!.name}`);
      if (existing) {
        if (existing.metadata?.deletionTimestamp) errors.push(`pvc ${claim.metadata!.name} is being deleted`);
        continue;
      }
      claim.metadata!.ownerReferences = retentionOwners(set, pod, []);
      try {
        await this.client.create(PVCS, claim);
        this.claimEvent('create', set, pod, claim);
      } catch (err) {
        if (isStatus(err, 409)) continue;
        errors.push(`failed to create PVC ${claim.metadata!.name}: ${describe(err)}`);
        this.claimEvent('create', set, pod, claim, err);
      }
    }
    if (errors.length > 0) throw new Error(errors.length === 1 ? errors[0] : `[${errors.join(', ')}]`);
  }

  /** CreateStatefulPod: claims first, then the pod. */
  async createPod(set: StatefulSet, pod: Pod): Promise<void> {
    try {
      await this.createMissingClaims(set, pod);
    } catch (err) {
      this.podEvent('create', set, pod, err);
      throw err;
    }
    try {
      await this.client.create(PODS, pod);
    } catch (err) {
      if (isStatus(err, 409)) throw err;
      this.podEvent('create', set, pod, err);
      throw err;
    }
    this.podEvent('create', set, pod);
  }

  async deletePod(set: StatefulSet, pod: Pod): Promise<void> {
    try {
      await this.client.delete(PODS, pod.metadata!.name!, { namespace: pod.metadata!.namespace });
    } catch (err) {
      if (isStatus(err, 404)) return;
      this.podEvent('delete', set, pod, err);
      throw err;
    }
    this.podEvent('delete', set, pod);
  }

  /** UpdateStatefulPod: restores identity and storage on a pod that lost them. */
  async updatePod(set: StatefulSet, pod: Pod): Promise<void> {
    const copy: Pod = structuredClone(pod);
    if (!identityMatches(set, copy)) updateIdentity(set, copy);
    if (!storageMatches(set, copy)) {
      updateStorage(set, copy);
      await this.createMissingClaims(set, copy);
    }
    try {
      await this.client.update(PODS, copy);
    } catch (err) {
      this.podEvent('update', set, pod, err);
      throw err;
    }
    this.podEvent('update', set, pod);
  }

  /** UpdatePodClaimForRetentionPolicy: each existing claim of the pod gets the owners the policy asks for. */
  async syncClaimOwners(set: StatefulSet, pod: Pod): Promise<void> {
    for (const want of claimsFor(set, ordinalOf(pod)).values()) {
      const claim = this.claimLister.get(`${want.metadata!.namespace}/${want.metadata!.name}`);
      if (!claim || claim.metadata?.deletionTimestamp) continue;
      const current = claim.metadata?.ownerReferences ?? [];
      const desired = retentionOwners(set, pod, current);
      if (JSON.stringify(desired) === JSON.stringify(current)) continue;
      try {
        await this.client.update(PVCS, { ...claim, metadata: { ...claim.metadata, ownerReferences: desired } });
      } catch (err) {
        if (!isStatus(err, 404) && !isStatus(err, 409)) throw err;
      }
    }
  }
}

/** updateClaimOwnerRefForSetAndPod: the owner references the retention policy asks for. */
export function retentionOwners(set: StatefulSet, pod: Pod, current: readonly OwnerReference[]): OwnerReference[] {
  const policy = set.spec?.persistentVolumeClaimRetentionPolicy ?? {};
  const deleteWithSet = policy.whenDeleted === 'Delete';
  const deleteWhenScaled = policy.whenScaled === 'Delete';
  const scaledDown = !podInOrdinalRange(pod, set);
  const wantSet = deleteWithSet && !(deleteWhenScaled && scaledDown);
  const wantPod = deleteWhenScaled && scaledDown && Boolean(pod.metadata?.uid);
  let refs = current.filter((r) => r.uid !== set.metadata?.uid && (!pod.metadata?.uid || r.uid !== pod.metadata.uid));
  if (wantSet) refs = [...refs, ownerRef(set, 'apps/v1', 'StatefulSet')];
  if (wantPod) refs = [...refs, ownerRef(pod, 'v1', 'Pod')];
  return refs;
}

function ownerRef(owner: KubeObject, apiVersion: string, kind: string): OwnerReference {
  return { apiVersion, kind, name: owner.metadata!.name!, uid: owner.metadata!.uid! };
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
