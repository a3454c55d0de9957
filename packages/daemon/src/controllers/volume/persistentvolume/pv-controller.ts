/**
 * The PersistentVolume binder (pkg/controller/volume/persistentvolume/pv_controller.go):
 * binds claims to volumes, both ways — the volume's spec.claimRef names the claim, the
 * claim's spec.volumeName names the volume — and keeps both phases right.
 *
 *   claim without a volume    the best matching Available volume (binder.ts) is bound to it;
 *                             with none, a claim of a class whose provisioner runs elsewhere
 *                             is annotated volume.kubernetes.io/storage-provisioner and waits
 *                             (ExternalProvisioning) for that provisioner — kubelab's own is
 *                             ../provisioner/hostpath-provisioner.ts — to create a volume
 *                             pre-bound to it; a claim of no class waits for a volume
 *                             (FailedBinding); an unknown class is ProvisioningFailed.
 *   bound claim               stays Bound while its volume points back at it; Lost when the
 *                             volume goes (ClaimLost) or is bound to another (ClaimMisbound).
 *   volume                    Available while unclaimed, Bound while its claim points back,
 *                             Released once the claim is gone; then reclaimed by its policy:
 *                             Retain keeps it, Delete leaves it to the provisioner that made
 *                             it (a Delete volume nobody provisioned goes Failed).
 *
 * WaitForFirstConsumer classes wait for the scheduler's volume.kubernetes.io/selected-node
 * annotation before anything happens (WaitForFirstConsumer event).
 */
import { resourceFor, timestamp } from '@kubelab/core';
import type { SharedInformer } from '@kubelab/core/cache/informer';
import { waitForCacheSync } from '@kubelab/core/cache/informer';
import { deletedObject, metaNamespaceKey } from '@kubelab/core/cache/keys';
import { RateLimitingQueue } from '@kubelab/core/workqueue/rate-limiting-queue';
import { type Controller, type ControllerContext, describeError, isExpected, runWorkers } from '../../controller.js';
import type { EventRecorder } from '../../events.js';
import { retryUpdate } from '../../retry-update.js';
import {
  ANN_BETA_STORAGE_PROVISIONER,
  ANN_BIND_COMPLETED,
  ANN_BOUND_BY_CONTROLLER,
  ANN_DYNAMICALLY_PROVISIONED,
  ANN_SELECTED_NODE,
  ANN_STORAGE_PROVISIONER,
  type PersistentVolume,
  type PersistentVolumeClaim,
  type StorageClass,
  claimClass,
  claimKey,
  claimRefTo,
  findBestMatchForClaim,
  isVolumeBoundToClaim,
} from './binder.js';

const PVS = resourceFor('', 'v1', 'persistentvolumes')!;
const PVCS = resourceFor('', 'v1', 'persistentvolumeclaims')!;
const CLASSES = resourceFor('storage.k8s.io', 'v1', 'storageclasses')!;

export class PersistentVolumeController implements Controller {
  readonly name = 'persistentvolume-binder-controller';
  private readonly volumes: SharedInformer<PersistentVolume>;
  private readonly claims: SharedInformer<PersistentVolumeClaim>;
  private readonly classes: SharedInformer<StorageClass>;
  private readonly volumeQueue: RateLimitingQueue<string>;
  private readonly claimQueue: RateLimitingQueue<string>;
  private readonly recorder: EventRecorder;

  constructor(private readonly ctx: ControllerContext) {
    this.recorder = ctx.recorder('persistentvolume-controller');
    this.volumeQueue = new RateLimitingQueue<string>({ clock: ctx.clock, name: 'volumes' });
    this.claimQueue = new RateLimitingQueue<string>({ clock: ctx.clock, name: 'claims' });
    this.volumes = ctx.informers.informerFor<PersistentVolume>(PVS);
    this.claims = ctx.informers.informerFor<PersistentVolumeClaim>(PVCS);
    this.classes = ctx.informers.informerFor<StorageClass>(CLASSES);
    const onVolume = (v: PersistentVolume) => {
      this.volumeQueue.add(v.metadata!.name!);
      const ref = v.spec?.claimRef;
      if (ref?.name) this.claimQueue.add(claimKey(ref));
    };
    this.volumes.addEventHandler({ onAdd: onVolume, onUpdate: (_o, v) => onVolume(v), onDelete: (v) => onVolume(deletedObject(v)) });
    const onClaim = (c: PersistentVolumeClaim) => {
      this.claimQueue.add(metaNamespaceKey(c));
      if (c.spec?.volumeName) this.volumeQueue.add(c.spec.volumeName);
    };
    this.claims.addEventHandler({ onAdd: onClaim, onUpdate: (_o, c) => onClaim(c), onDelete: (c) => onClaim(deletedObject(c)) });
    // A class that appears late lets its waiting claims go on.
    this.classes.addEventHandler({
      onAdd: (sc) => {
        for (const c of this.claims.lister.list()) if (claimClass(c) === sc.metadata?.name && !c.spec?.volumeName) this.claimQueue.add(metaNamespaceKey(c));
      },
    });
  }

  async run(): Promise<void> {
    if (!(await waitForCacheSync(this.volumes, this.claims, this.classes))) return;
    const log = (what: string) => (key: string, err: unknown) => {
      if (!isExpected(err)) this.ctx.log.error(`${this.name}: ${what} ${key}: ${describeError(err)}`);
    };
    await Promise.all([
      runWorkers(this.claimQueue, 1, (key) => this.syncClaim(key), log('claim')),
      runWorkers(this.volumeQueue, 1, (name) => this.syncVolume(name), log('volume')),
    ]);
  }

  stop(): void {
    this.claimQueue.shutDown();
    this.volumeQueue.shutDown();
  }

  private async syncClaim(key: string): Promise<void> {
    const claim = this.claims.lister.get(key);
    if (!claim) return;
    if (claim.metadata?.annotations?.[ANN_BIND_COMPLETED] === undefined) await this.syncUnboundClaim(claim);
    else await this.syncBoundClaim(claim);
  }

  private async syncUnboundClaim(claim: PersistentVolumeClaim): Promise<void> {
    const volumeName = claim.spec?.volumeName;
    if (!volumeName) {
      const className = claimClass(claim);
      const sc = className ? this.classes.lister.get(className) : undefined;
      if (sc?.volumeBindingMode === 'WaitForFirstConsumer' && !claim.metadata?.annotations?.[ANN_SELECTED_NODE]) {
        this.recorder.event(claim, 'Normal', 'WaitForFirstConsumer', 'waiting for first consumer to be created before binding');
        await this.updateClaimStatus(claim, 'Pending');
        return;
      }
      const volume = findBestMatchForClaim(this.volumes.lister.list(), claim);
      if (volume) {
        await this.bind(volume, claim);
        return;
      }
      if (!className) {
        this.recorder.event(claim, 'Normal', 'FailedBinding', 'no persistent volumes available for this claim and no storage class is set');
      } else if (!sc) {
        this.recorder.event(claim, 'Warning', 'ProvisioningFailed', `storageclass.storage.k8s.io "${className}" not found`);
      } else {
        await this.provisionClaim(claim, sc);
      }
      await this.updateClaimStatus(claim, 'Pending');
      return;
    }
    // Pre-bound by the user to a named volume.
    const volume = this.volumes.lister.get(volumeName);
    if (!volume) {
      await this.updateClaimStatus(claim, 'Pending');
      return;
    }
    if (!volume.spec?.claimRef || isVolumeBoundToClaim(volume, claim)) {
      await this.bind(volume, claim);
      return;
    }
    this.recorder.event(claim, 'Warning', 'FailedBinding', `volume "${volumeName}" already bound to a different claim.`);
    await this.updateClaimStatus(claim, 'Pending');
  }

  private async syncBoundClaim(claim: PersistentVolumeClaim): Promise<void> {
    const volumeName = claim.spec?.volumeName;
    if (!volumeName) {
      await this.claimLost(claim, 'ClaimLost', 'Bound claim has lost reference to PersistentVolume. Data on the volume is lost!');
      return;
    }
    const volume = this.volumes.lister.get(volumeName);
    if (!volume) {
      await this.claimLost(claim, 'ClaimLost', 'Bound claim has lost its PersistentVolume. Data on the volume is lost!');
      return;
    }
    const ref = volume.spec?.claimRef;
    if (!ref || ref.uid === claim.metadata?.uid) await this.bind(volume, claim);
    else await this.claimLost(claim, 'ClaimMisbound', 'Two claims are bound to the same volume, this one is bound incorrectly');
  }

  /** provisionClaim for an external provisioner: say who is expected to make the volume. */
  private async provisionClaim(claim: PersistentVolumeClaim, sc: StorageClass): Promise<void> {
    const provisioner = sc.provisioner ?? '';
    await retryUpdate(this.ctx.client, PVCS, at(claim), (obj) => {
      const a = (obj.metadata!.annotations ??= {});
      if (a[ANN_STORAGE_PROVISIONER] === provisioner && a[ANN_BETA_STORAGE_PROVISIONER] === provisioner) return false;
      a[ANN_STORAGE_PROVISIONER] = provisioner;
      a[ANN_BETA_STORAGE_PROVISIONER] = provisioner;
      return true;
    });
    this.recorder.event(
      claim,
      'Normal',
      'ExternalProvisioning',
      `Waiting for a volume to be created either by the external provisioner '${provisioner}' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.`,
    );
  }

  /** bind: volume → claim (claimRef), volume Bound, claim → volume (volumeName), claim Bound. */
  private async bind(volume: PersistentVolume, claim: PersistentVolumeClaim): Promise<void> {
    const name = volume.metadata!.name!;
    const bound = await retryUpdate(this.ctx.client, PVS, { name }, (obj) => {
      const v = obj as PersistentVolume;
      if (isVolumeBoundToClaim(v, claim) && v.spec?.claimRef?.uid === claim.metadata?.uid) return false;
      v.spec = { ...v.spec, claimRef: claimRefTo(claim) };
      v.metadata!.annotations = { ...(v.metadata!.annotations ?? {}), [ANN_BOUND_BY_CONTROLLER]: 'yes' };
      return true;
    });
    if (!bound) return;
    await this.updateVolumePhase(bound as PersistentVolume, 'Bound');
    const updated = await retryUpdate(this.ctx.client, PVCS, at(claim), (obj) => {
      const c = obj as PersistentVolumeClaim;
      const a = (c.metadata!.annotations ??= {});
      let changed = false;
      if (c.spec?.volumeName !== name) {
        c.spec = { ...c.spec, volumeName: name };
        a[ANN_BOUND_BY_CONTROLLER] = 'yes';
        changed = true;
      }
      if (a[ANN_BIND_COMPLETED] !== 'yes') {
        a[ANN_BIND_COMPLETED] = 'yes';
        changed = true;
      }
      return changed;
    });
    if (updated) await this.updateClaimStatus(updated as PersistentVolumeClaim, 'Bound', bound as PersistentVolume);
  }

  private async claimLost(claim: PersistentVolumeClaim, reason: string, message: string): Promise<void> {
    if (claim.status?.phase !== 'Lost') this.recorder.event(claim, 'Warning', reason, message);
    await this.updateClaimStatus(claim, 'Lost');
  }

  private async updateClaimStatus(claim: PersistentVolumeClaim, phase: string, volume?: PersistentVolume): Promise<void> {
    await retryUpdate(
      this.ctx.client,
      PVCS,
      at(claim),
      (obj) => {
        const c = obj as PersistentVolumeClaim;
        const status = { ...(c.status ?? {}), phase };
        if (volume) {
          status.accessModes = volume.spec?.accessModes ?? [];
          status.capacity = volume.spec?.capacity ?? {};
        }
        if (JSON.stringify(status) === JSON.stringify(c.status ?? {})) return false;
        c.status = status;
        return true;
      },
      { subresource: 'status' },
    );
  }

  private async updateVolumePhase(volume: PersistentVolume, phase: string, message?: string): Promise<PersistentVolume | undefined> {
    return (await retryUpdate(
      this.ctx.client,
      PVS,
      { name: volume.metadata!.name!, uid: volume.metadata?.uid },
      (obj) => {
        const v = obj as PersistentVolume;
        if (v.status?.phase === phase && (v.status?.message ?? '') === (message ?? '')) return false;
        v.status = { ...(v.status ?? {}), phase, lastPhaseTransitionTime: timestamp(this.ctx.clock.now()) };
        if (message) v.status.message = message;
        else delete v.status.message;
        return true;
      },
      { subresource: 'status' },
    )) as PersistentVolume | undefined;
  }

  private async syncVolume(name: string): Promise<void> {
    const volume = this.volumes.lister.get(name);
    if (!volume) return;
    const ref = volume.spec?.claimRef;
    if (!ref) {
      await this.updateVolumePhase(volume, 'Available');
      return;
    }
    if (!ref.uid) {
      // Pre-bound to a claim by name: the claim's sync completes it.
      await this.updateVolumePhase(volume, 'Available');
      this.claimQueue.add(claimKey(ref));
      return;
    }
    let claim = this.claims.lister.get(claimKey(ref));
    if (claim && claim.metadata?.uid !== ref.uid) claim = undefined;
    if (!claim) {
      // The claim is gone: the volume is released and reclaimed by its policy.
      const phase = volume.status?.phase;
      const released = phase === 'Released' || phase === 'Failed' ? volume : await this.updateVolumePhase(volume, 'Released');
      if (released) await this.reclaimVolume(released);
      return;
    }
    if (!claim.spec?.volumeName) {
      this.claimQueue.add(claimKey(ref));
      return;
    }
    if (claim.spec.volumeName === name) {
      await this.updateVolumePhase(volume, 'Bound');
      return;
    }
    // The claim got another volume.
    if (volume.metadata?.annotations?.[ANN_DYNAMICALLY_PROVISIONED] && volume.spec?.persistentVolumeReclaimPolicy === 'Delete') {
      const released = volume.status?.phase === 'Released' ? volume : await this.updateVolumePhase(volume, 'Released');
      if (released) await this.reclaimVolume(released);
    } else if (volume.metadata?.annotations?.[ANN_BOUND_BY_CONTROLLER]) {
      await retryUpdate(this.ctx.client, PVS, { name, uid: volume.metadata?.uid }, (obj) => {
        const v = obj as PersistentVolume;
        if (v.spec) v.spec.claimRef = null;
        delete v.metadata?.annotations?.[ANN_BOUND_BY_CONTROLLER];
        return true;
      });
    }
  }

  /** reclaimVolume: Retain keeps the volume; Delete is the provisioner's job, or fails without one. */
  private async reclaimVolume(volume: PersistentVolume): Promise<void> {
    const policy = volume.spec?.persistentVolumeReclaimPolicy ?? 'Retain';
    if (policy === 'Retain') return;
    if (policy === 'Delete' && volume.metadata?.annotations?.[ANN_DYNAMICALLY_PROVISIONED]) return;
    if (volume.status?.phase === 'Failed') return;
    const message =
      policy === 'Delete'
        ? `error getting deleter volume plugin for volume "${volume.metadata!.name}": no deletable volume plugin matched`
        : 'No recycler plugin found for the volume!';
    this.recorder.event(volume, 'Warning', policy === 'Delete' ? 'VolumeFailedDelete' : 'VolumeFailedRecycle', message);
    await this.updateVolumePhase(volume, 'Failed', message);
  }
}

function at(claim: PersistentVolumeClaim) {
  return { namespace: claim.metadata!.namespace, name: claim.metadata!.name!, uid: claim.metadata?.uid };
}
