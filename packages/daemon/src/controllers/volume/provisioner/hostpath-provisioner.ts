/**
 * kubelab's simulated dynamic provisioner, "kubelab.io/hostpath" — the part that, in kind or
 * minikube, is a local-path / hostpath provisioner pod — and the default `standard`
 * StorageClass that names it (created by kubelabd at bootstrap).
 *
 * It behaves like an external provisioner built on sig-storage-lib-external-provisioner:
 *
 *   - a claim the PV binder annotated volume.kubernetes.io/storage-provisioner=kubelab.io/hostpath,
 *     of a class with this provisioner, not yet bound, gets a PersistentVolume named
 *     pvc-<claim uid>: the claim's size, access modes and volume mode, the class's reclaim
 *     policy and mount options, a hostPath under /var/lib/kubelab/storage, pre-bound to the
 *     claim (spec.claimRef) and annotated pv.kubernetes.io/provisioned-by. The binder then
 *     completes the binding. Events on the claim: Provisioning, ProvisioningSucceeded.
 *   - a volume it provisioned that is Released with reclaim policy Delete is deleted.
 *
 * Nothing is written to disk: the volume is data in the API, as everything in kubelab's
 * simulation.
 */
import { randomUUID } from 'node:crypto';
import { type KubeObject, resourceFor } from '@kubelab/core';
import { type SharedInformer, waitForCacheSync } from '@kubelab/core/cache/informer';
import { deletedObject, metaNamespaceKey } from '@kubelab/core/cache/keys';
import { RateLimitingQueue } from '@kubelab/core/workqueue/rate-limiting-queue';
import { type Controller, type ControllerContext, describeError, isExpected, isStatusCode, runWorkers } from '../../controller.js';
import type { EventRecorder } from '../../events.js';
import {
  ANN_BETA_STORAGE_PROVISIONER,
  ANN_DYNAMICALLY_PROVISIONED,
  ANN_SELECTED_NODE,
  ANN_STORAGE_PROVISIONER,
  type PersistentVolume,
  type PersistentVolumeClaim,
  type StorageClass,
  claimClass,
  claimRefTo,
} from '../persistentvolume/binder.js';

export const HOSTPATH_PROVISIONER = 'kubelab.io/hostpath';
export const STANDARD_STORAGE_CLASS = 'standard';
export const DEFAULT_CLASS_ANNOTATION = 'storageclass.kubernetes.io/is-default-class';
export const HOSTPATH_ROOT = '/var/lib/kubelab/storage';

const PVS = resourceFor('', 'v1', 'persistentvolumes')!;
const PVCS = resourceFor('', 'v1', 'persistentvolumeclaims')!;
const CLASSES = resourceFor('storage.k8s.io', 'v1', 'storageclasses')!;

/** The default class kubelabd creates at bootstrap (as minikube's and kind's `standard`). */
export function standardStorageClass(): KubeObject {
  return {
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: {
      name: STANDARD_STORAGE_CLASS,
      annotations: { [DEFAULT_CLASS_ANNOTATION]: 'true' },
      labels: { 'addonmanager.kubernetes.io/mode': 'EnsureExists' },
    },
    provisioner: HOSTPATH_PROVISIONER,
    reclaimPolicy: 'Delete',
    volumeBindingMode: 'Immediate',
  };
}

export class HostPathProvisioner implements Controller {
  readonly name = 'hostpath-provisioner';
  private readonly claims: SharedInformer<PersistentVolumeClaim>;
  private readonly volumes: SharedInformer<PersistentVolume>;
  private readonly classes: SharedInformer<StorageClass>;
  private readonly claimQueue: RateLimitingQueue<string>;
  private readonly volumeQueue: RateLimitingQueue<string>;
  private readonly recorder: EventRecorder;

  constructor(
    private readonly ctx: ControllerContext,
    readonly provisionerName = HOSTPATH_PROVISIONER,
  ) {
    // External provisioners report as "<provisioner>_<host>_<uuid>".
    this.recorder = ctx.recorder(`${provisionerName}_kubelabd_${randomUUID()}`);
    this.claimQueue = new RateLimitingQueue<string>({ clock: ctx.clock, name: 'claims' });
    this.volumeQueue = new RateLimitingQueue<string>({ clock: ctx.clock, name: 'volumes' });
    this.claims = ctx.informers.informerFor<PersistentVolumeClaim>(PVCS);
    this.volumes = ctx.informers.informerFor<PersistentVolume>(PVS);
    this.classes = ctx.informers.informerFor<StorageClass>(CLASSES);
    this.claims.addEventHandler({
      onAdd: (c) => this.claimQueue.add(metaNamespaceKey(c)),
      onUpdate: (_o, c) => this.claimQueue.add(metaNamespaceKey(c)),
    });
    this.volumes.addEventHandler({
      onAdd: (v) => this.volumeQueue.add(v.metadata!.name!),
      onUpdate: (_o, v) => this.volumeQueue.add(v.metadata!.name!),
      onDelete: (v) => {
        // A provisioned volume deleted by hand: its claim may need a new one.
        const ref = deletedObject(v).spec?.claimRef;
        if (ref?.namespace && ref.name) this.claimQueue.add(`${ref.namespace}/${ref.name}`);
      },
    });
  }

  async run(): Promise<void> {
    if (!(await waitForCacheSync(this.claims, this.volumes, this.classes))) return;
    const log = (key: string, err: unknown) => {
      if (!isExpected(err)) this.ctx.log.error(`${this.name}: ${key}: ${describeError(err)}`);
    };
    await Promise.all([runWorkers(this.claimQueue, 1, (k) => this.syncClaim(k), log), runWorkers(this.volumeQueue, 1, (n) => this.syncVolume(n), log)]);
  }

  stop(): void {
    this.claimQueue.shutDown();
    this.volumeQueue.shutDown();
  }

  /** shouldProvision: annotated for us, unbound, of one of our classes, and (WaitForFirstConsumer) placed. */
  private shouldProvision(claim: PersistentVolumeClaim, sc: StorageClass | undefined): boolean {
    if (claim.spec?.volumeName || claim.metadata?.deletionTimestamp) return false;
    const a = claim.metadata?.annotations ?? {};
    const wanted = a[ANN_STORAGE_PROVISIONER] ?? a[ANN_BETA_STORAGE_PROVISIONER];
    if (wanted !== this.provisionerName || sc?.provisioner !== this.provisionerName) return false;
    if (sc.volumeBindingMode === 'WaitForFirstConsumer' && !a[ANN_SELECTED_NODE]) return false;
    return true;
  }

  private async syncClaim(key: string): Promise<void> {
    const claim = this.claims.lister.get(key);
    if (!claim) return;
    const sc = this.classes.lister.get(claimClass(claim));
    if (!this.shouldProvision(claim, sc)) return;
    const pvName = `pvc-${claim.metadata!.uid}`;
    if (this.volumes.lister.get(pvName)) return;
    const ns = claim.metadata!.namespace!;
    const name = claim.metadata!.name!;
    this.recorder.event(claim, 'Normal', 'Provisioning', `External provisioner is provisioning volume for claim "${ns}/${name}"`);
    if (claim.spec?.selector) {
      this.recorder.event(claim, 'Warning', 'ProvisioningFailed', 'failed to provision volume with StorageClass "' + sc!.metadata!.name + '": claim Selector is not supported');
      return;
    }
    const pv: PersistentVolume = {
      apiVersion: 'v1',
      kind: 'PersistentVolume',
      metadata: { name: pvName, annotations: { [ANN_DYNAMICALLY_PROVISIONED]: this.provisionerName } },
      spec: {
        capacity: { storage: claim.spec?.resources?.requests?.['storage'] ?? '0' },
        accessModes: claim.spec?.accessModes ?? [],
        persistentVolumeReclaimPolicy: sc!.reclaimPolicy ?? 'Delete',
        storageClassName: sc!.metadata!.name!,
        volumeMode: claim.spec?.volumeMode ?? 'Filesystem',
        claimRef: claimRefTo(claim),
        hostPath: { path: `${HOSTPATH_ROOT}/${pvName}_${ns}_${name}`, type: 'DirectoryOrCreate' },
      },
    };
    if (sc!.mountOptions?.length) pv.spec!.mountOptions = sc!.mountOptions;
    try {
      await this.ctx.client.create(PVS, pv);
    } catch (err) {
      // Made already (a retry after a lost answer): nothing to report twice.
      if (isStatusCode(err, 409)) return;
      this.recorder.event(claim, 'Warning', 'ProvisioningFailed', `failed to provision volume with StorageClass "${sc!.metadata!.name}": ${describeError(err)}`);
      throw err;
    }
    this.recorder.event(claim, 'Normal', 'ProvisioningSucceeded', `Successfully provisioned volume ${pvName}`);
  }

  /** A Released volume of ours with reclaim policy Delete goes (the backing "directory" with it). */
  private async syncVolume(name: string): Promise<void> {
    const pv = this.volumes.lister.get(name);
    if (!pv || pv.metadata?.deletionTimestamp) return;
    if (pv.metadata?.annotations?.[ANN_DYNAMICALLY_PROVISIONED] !== this.provisionerName) return;
    if (pv.status?.phase !== 'Released' || pv.spec?.persistentVolumeReclaimPolicy !== 'Delete') return;
    try {
      await this.ctx.client.delete(PVS, name, { preconditions: { uid: pv.metadata?.uid } });
    } catch (err) {
      if (!isStatusCode(err, 404)) throw err;
    }
  }
}
