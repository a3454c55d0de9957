/**
 * The PVC protection controller (pkg/controller/volume/pvcprotection): a claim a pod uses
 * cannot be deleted from under it. Every claim carries kubernetes.io/pvc-protection; a
 * deleted claim stays Terminating while a scheduled pod names it among its volumes, and the
 * finalizer is lifted once none does — decided from the informer first, then confirmed by a
 * live list of the namespace's pods, since a pod just created may not be in the cache yet.
 *
 * A pod counts as using a claim once it is scheduled (the kubelet refuses to start a pod
 * whose claim is being deleted), whatever its phase: a Completed pod still holds its claim,
 * as upstream. A generic ephemeral volume's claim ("<pod>-<volume>", owned by the pod) stops
 * counting once the pod is shut down (deleted with grace period 0).
 *
 * Keys are claim keys. Pod events matter only when they can free a claim: the pod deleted,
 * terminated, or not scheduled.
 */
import { type KubeObject, resourceFor } from '@kubelab/core';
import type { SharedInformer } from '@kubelab/core/cache/informer';
import { waitForCacheSync } from '@kubelab/core/cache/informer';
import { deletedObject, metaNamespaceKey, splitMetaNamespaceKey } from '@kubelab/core/cache/keys';
import { RateLimitingQueue } from '@kubelab/core/workqueue/rate-limiting-queue';
import { type Controller, type ControllerContext, describeError, isExpected, runWorkers } from '../../controller.js';
import { ensureIndex } from '../../replicaset/indexes.js';
import { type Pod, controllerOf, isPodTerminal } from '../../replicaset/pod-util.js';
import { retryUpdate } from '../../retry-update.js';
import { PVC_PROTECTION_FINALIZER, addFinalizer, isDeletionCandidate, needToAddFinalizer, removeFinalizer } from './protection-util.js';

const PODS = resourceFor('', 'v1', 'pods')!;
const PVCS = resourceFor('', 'v1', 'persistentvolumeclaims')!;

/** common.PodPVCIndex: pods by "<namespace>/<claim>" of every claim their volumes name. */
const POD_PVC_INDEX = 'pod-pvc-index';

interface PodVolume {
  name: string;
  persistentVolumeClaim?: { claimName?: string };
  ephemeral?: unknown;
}

function volumesOf(pod: Pod): PodVolume[] {
  return (pod.spec?.volumes ?? []) as PodVolume[];
}

/** The claim a volume names: its claimName, or "<pod>-<volume>" for a generic ephemeral volume. */
function claimNameOf(pod: Pod, volume: PodVolume): string | undefined {
  if (volume.persistentVolumeClaim) return volume.persistentVolumeClaim.claimName;
  if (volume.ephemeral) return `${pod.metadata?.name ?? ''}-${volume.name}`;
  return undefined;
}

function podPvcIndexFunc(pod: KubeObject): string[] {
  const ns = pod.metadata?.namespace ?? '';
  return volumesOf(pod as Pod)
    .map((v) => claimNameOf(pod as Pod, v))
    .filter((n): n is string => Boolean(n))
    .map((n) => `${ns}/${n}`);
}

/** podIsShutDown: the kubelet is done with the pod, or it was force-deleted. */
function podIsShutDown(pod: Pod): boolean {
  return Boolean(pod.metadata?.deletionTimestamp) && pod.metadata?.deletionGracePeriodSeconds === 0;
}

/** podUsesPVC */
export function podUsesClaim(pod: Pod, claim: KubeObject): boolean {
  if (!pod.spec?.nodeName || pod.metadata?.namespace !== claim.metadata?.namespace) return false;
  const name = claim.metadata?.name;
  return volumesOf(pod).some((v) => {
    if (v.persistentVolumeClaim) return v.persistentVolumeClaim.claimName === name;
    // VolumeIsForPod: the ephemeral claim must be the one made for this very pod.
    return Boolean(v.ephemeral) && !podIsShutDown(pod) && claimNameOf(pod, v) === name && controllerOf(claim)?.uid === pod.metadata?.uid;
  });
}

export class PVCProtectionController implements Controller {
  readonly name = 'persistentvolumeclaim-protection-controller';
  private readonly claims: SharedInformer;
  private readonly pods: SharedInformer<Pod>;
  private readonly queue: RateLimitingQueue<string>;

  constructor(private readonly ctx: ControllerContext) {
    this.queue = new RateLimitingQueue<string>({ clock: ctx.clock, name: 'pvcprotection' });
    this.claims = ctx.informers.informerFor(PVCS);
    const onClaim = (claim: KubeObject) => {
      if (needToAddFinalizer(claim, PVC_PROTECTION_FINALIZER) || isDeletionCandidate(claim, PVC_PROTECTION_FINALIZER)) this.queue.add(metaNamespaceKey(claim));
    };
    this.claims.addEventHandler({ onAdd: onClaim, onUpdate: (_old, claim) => onClaim(claim) });
    this.pods = ctx.informers.informerFor<Pod>(PODS);
    ensureIndex(this.pods, POD_PVC_INDEX, podPvcIndexFunc);
    this.pods.addEventHandler({
      onAdd: (pod) => this.enqueueClaimsOf(pod, false),
      onUpdate: (old, pod) => {
        this.enqueueClaimsOf(pod, false);
        // The same name with another uid: the old pod was deleted meanwhile.
        if (old.metadata?.uid !== pod.metadata?.uid) this.enqueueClaimsOf(old, true);
      },
      onDelete: (pod) => this.enqueueClaimsOf(deletedObject(pod), true),
    });
  }

  async run(): Promise<void> {
    if (!(await waitForCacheSync(this.claims, this.pods))) return;
    await runWorkers(this.queue, 1, (key) => this.processClaim(key), (key, err) => {
      if (!isExpected(err)) this.ctx.log.error(`${this.name}: claim ${key}: ${describeError(err)}`);
    });
  }

  stop(): void {
    this.queue.shutDown();
  }

  /** enqueuePVCs: only a pod that can no longer hold its claims can free one. */
  private enqueueClaimsOf(pod: Pod, deleted: boolean): void {
    if (!deleted && !isPodTerminal(pod) && pod.spec?.nodeName) return;
    for (const key of podPvcIndexFunc(pod)) this.queue.add(key);
  }

  private async processClaim(key: string): Promise<void> {
    const claim = this.claims.lister.get(key);
    if (!claim) return;
    const at = { ...splitMetaNamespaceKey(key), uid: claim.metadata?.uid };
    if (isDeletionCandidate(claim, PVC_PROTECTION_FINALIZER)) {
      if (!(await this.isBeingUsed(claim))) {
        await retryUpdate(this.ctx.client, PVCS, at, removeFinalizer(PVC_PROTECTION_FINALIZER));
        return;
      }
      this.ctx.log.info(`${this.name}: keeping claim ${key}: it is being used`);
    }
    // Upstream's admission plugin adds it at creation; the controller covers the rest.
    if (needToAddFinalizer(claim, PVC_PROTECTION_FINALIZER)) await retryUpdate(this.ctx.client, PVCS, at, addFinalizer(PVC_PROTECTION_FINALIZER));
  }

  /** isBeingUsed: the informer's pods first; when none, a live list to be sure. */
  private async isBeingUsed(claim: KubeObject): Promise<boolean> {
    const key = metaNamespaceKey(claim);
    if (this.pods.lister.byIndex(POD_PVC_INDEX, key).some((pod) => podUsesClaim(pod, claim))) return true;
    const live = await this.ctx.client.list<Pod>(PODS, { namespace: claim.metadata?.namespace });
    return live.items.some((pod) => podUsesClaim(pod, claim));
  }
}
