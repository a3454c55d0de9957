/**
 * Adoption and orphaning (pkg/controller/controller_ref_manager.go): which objects a
 * controller owns is decided by its selector, and written down as the controller reference
 * in their ownerReferences.
 *
 *   - owned by us and still matching            → ours;
 *   - owned by us but no longer matching         → released (the reference is removed), unless
 *                                                  we are being deleted;
 *   - owned by someone else                       → never touched;
 *   - owned by nobody, matching, not being deleted, and we are not being deleted
 *                                                → adopted: our controller reference is added.
 *
 * So a pod relabelled out of a ReplicaSet's selector becomes an orphan (and the ReplicaSet
 * makes a replacement), and a bare pod that matches is adopted and counted. Before the first
 * adoption the owner is read again from the API server, uncached: a controller deleted a
 * moment ago must not adopt anything (upstream RecheckDeletionTimestamp, kubernetes#42639).
 *
 * Writes are strategic merge patches that carry the dependent's uid, so a patch can never
 * land on an object re-created under the same name.
 */
import type { KubeObject, ResourceType, Selector } from '@kubelab/core';
import { type KubeClient, isStatus } from '@kubelab/core/client/client';
import { matchesSelector } from './object-facts.js';
import { controllerOf } from './pod-util.js';

export interface ControllerRefManagerOptions {
  client: KubeClient;
  /** The owner doing the claiming. */
  controller: KubeObject;
  /** The owner's apiVersion and kind, for the reference. */
  controllerKind: { apiVersion: string; kind: string };
  selector: Selector;
  /** The resource of the objects being claimed. */
  rt: ResourceType;
  /** Throws when adoption must not happen (the owner is gone or being deleted). */
  canAdopt: () => Promise<void>;
  /** Finalizers to add when adopting (the Job controller's tracking finalizer). */
  finalizers?: string[];
}

export class ControllerRefManager<T extends KubeObject = KubeObject> {
  private adoptionChecked: Promise<void> | undefined;

  constructor(private readonly options: ControllerRefManagerOptions) {}

  /**
   * Claims objects: answers those now owned by the controller (adopting and releasing on the
   * way). `filter` narrows what counts as a match beyond the selector. Throws the first error
   * after trying every object; the sync is then retried.
   */
  async claim(objects: readonly T[], filter?: (obj: T) => boolean): Promise<T[]> {
    const selector = this.options.selector;
    const selectorKey = selector.toString();
    const match = (obj: T) => matchesSelector(obj, selector, selectorKey) && (filter ? filter(obj) : true);
    const owner = this.options.controller.metadata ?? {};
    const claimed: T[] = [];
    const toRelease: T[] = [];
    const toAdopt: T[] = [];
    // Most objects need no write: decide without awaiting, then write only for the rest.
    for (const obj of objects) {
      const ref = controllerOf(obj);
      if (ref) {
        if (ref.uid !== owner.uid) continue;
        if (match(obj)) claimed.push(obj);
        else if (!owner.deletionTimestamp) toRelease.push(obj);
        continue;
      }
      if (owner.deletionTimestamp || !match(obj) || obj.metadata?.deletionTimestamp) continue;
      if (owner.namespace && owner.namespace !== obj.metadata?.namespace) continue;
      toAdopt.push(obj);
    }
    let firstError: unknown;
    for (const obj of toRelease) {
      try {
        await this.release(obj);
      } catch (err) {
        firstError ??= err;
      }
    }
    for (const obj of toAdopt) {
      try {
        await this.adopt(obj);
        claimed.push(obj);
      } catch (err) {
        if (!isStatus(err, 404)) firstError ??= err;
      }
    }
    if (firstError !== undefined) throw firstError;
    return claimed;
  }

  private async adopt(obj: T): Promise<void> {
    this.adoptionChecked ??= this.options.canAdopt();
    const m = obj.metadata ?? {};
    try {
      await this.adoptionChecked;
    } catch (err) {
      throw new Error(`can't adopt ${this.options.rt.kind} ${m.namespace ?? ''}/${m.name ?? ''} (${m.uid ?? ''}): ${describe(err)}`);
    }
    const { controller, controllerKind, client, rt, finalizers } = this.options;
    const metadata: Record<string, unknown> = {
      ownerReferences: [
        {
          apiVersion: controllerKind.apiVersion,
          kind: controllerKind.kind,
          name: controller.metadata!.name,
          uid: controller.metadata!.uid,
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
      uid: m.uid,
    };
    if (finalizers && finalizers.length > 0) metadata['finalizers'] = finalizers;
    await client.patch(rt, m.name!, 'strategic', { metadata }, { namespace: m.namespace });
  }

  private async release(obj: T): Promise<void> {
    const m = obj.metadata ?? {};
    const patch = { metadata: { ownerReferences: [{ $patch: 'delete', uid: this.options.controller.metadata!.uid }], uid: m.uid } };
    try {
      await this.options.client.patch(this.options.rt, m.name!, 'strategic', patch, { namespace: m.namespace });
    } catch (err) {
      // Gone, or re-created with another uid (the uid in the patch no longer matches): nothing to release.
      if (isStatus(err, 404) || isStatus(err, 422)) return;
      throw err;
    }
  }
}

/**
 * RecheckDeletionTimestamp: a canAdopt that reads the owner again and refuses when it is
 * gone, replaced (another uid) or being deleted.
 */
export function recheckDeletionTimestamp(client: KubeClient, rt: ResourceType, owner: KubeObject): () => Promise<void> {
  return async () => {
    const m = owner.metadata ?? {};
    const fresh = await client.get(rt, m.name!, { namespace: m.namespace });
    if (fresh.metadata?.uid !== m.uid) {
      throw new Error(`original ${rt.kind} ${m.namespace ?? ''}/${m.name ?? ''} is gone: got uid ${fresh.metadata?.uid ?? ''}, wanted ${m.uid ?? ''}`);
    }
    if (fresh.metadata?.deletionTimestamp) {
      throw new Error(`${m.namespace ?? ''}/${m.name ?? ''} has just been deleted at ${fresh.metadata.deletionTimestamp}`);
    }
  };
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
