/**
 * The PV protection controller (pkg/controller/volume/pvprotection): a volume bound to a
 * claim cannot be deleted from under it. Every PersistentVolume carries
 * kubernetes.io/pv-protection; a deleted volume stays Terminating while its phase is Bound
 * (the binder's word on whether a claim holds it), and the finalizer is lifted once it is
 * not — Released, Available or Failed.
 */
import { type KubeObject, resourceFor } from '@kubelab/core';
import type { SharedInformer } from '@kubelab/core/cache/informer';
import { RateLimitingQueue } from '@kubelab/core/workqueue/rate-limiting-queue';
import { type Controller, type ControllerContext, describeError, isExpected, runWorkers } from '../../controller.js';
import { retryUpdate } from '../../retry-update.js';
import { PV_PROTECTION_FINALIZER, addFinalizer, isDeletionCandidate, needToAddFinalizer, removeFinalizer } from './protection-util.js';

const PVS = resourceFor('', 'v1', 'persistentvolumes')!;

export class PVProtectionController implements Controller {
  readonly name = 'persistentvolume-protection-controller';
  private readonly volumes: SharedInformer;
  private readonly queue: RateLimitingQueue<string>;

  constructor(private readonly ctx: ControllerContext) {
    this.queue = new RateLimitingQueue<string>({ clock: ctx.clock, name: 'pvprotection' });
    this.volumes = ctx.informers.informerFor(PVS);
    const onVolume = (pv: KubeObject) => {
      if (needToAddFinalizer(pv, PV_PROTECTION_FINALIZER) || isDeletionCandidate(pv, PV_PROTECTION_FINALIZER)) this.queue.add(pv.metadata!.name!);
    };
    this.volumes.addEventHandler({ onAdd: onVolume, onUpdate: (_old, pv) => onVolume(pv) });
  }

  async run(): Promise<void> {
    if (!(await this.volumes.waitForSync())) return;
    await runWorkers(this.queue, 1, (name) => this.processVolume(name), (name, err) => {
      if (!isExpected(err)) this.ctx.log.error(`${this.name}: volume ${name}: ${describeError(err)}`);
    });
  }

  stop(): void {
    this.queue.shutDown();
  }

  private async processVolume(name: string): Promise<void> {
    const pv = this.volumes.lister.get(name);
    if (!pv) return;
    const at = { name, uid: pv.metadata?.uid };
    if (isDeletionCandidate(pv, PV_PROTECTION_FINALIZER)) {
      // isBeingUsed: the binder keeps the phase Bound while a claim holds the volume.
      if ((pv['status'] as { phase?: string } | undefined)?.phase !== 'Bound') {
        await retryUpdate(this.ctx.client, PVS, at, removeFinalizer(PV_PROTECTION_FINALIZER));
        return;
      }
    }
    if (needToAddFinalizer(pv, PV_PROTECTION_FINALIZER)) await retryUpdate(this.ctx.client, PVS, at, addFinalizer(PV_PROTECTION_FINALIZER));
  }
}
