/**
 * Informer indexes the workload controllers share: objects by the uid of their controller
 * (the owner reference with controller: true). "Which pods does this ReplicaSet own?" is then
 * a lookup instead of a scan of every pod in the namespace.
 */
import type { KubeObject } from '@kubelab/core';
import type { SharedInformer } from '@kubelab/core/cache/informer';
import type { IndexFunc } from '@kubelab/core/cache/indexer';

export const CONTROLLER_UID_INDEX = 'controllerUid';
/** Where objects without a controller are filed: the orphans a controller may adopt. */
const ORPHAN = '';

export function controllerUidIndexFunc(obj: KubeObject): string[] {
  const ref = obj.metadata?.ownerReferences?.find((r) => r.controller === true);
  return [ref ? ref.uid : ORPHAN];
}

/** Adds an index to a shared informer unless a controller added it already. */
export function ensureIndex<T extends KubeObject>(informer: SharedInformer<T>, name: string, fn: IndexFunc<T>): void {
  try {
    informer.addIndexers({ [name]: fn });
  } catch (err) {
    if (!(err instanceof Error) || !err.message.includes('already exists')) throw err;
  }
}

/** The objects controlled by the owner with this uid. */
export function controlledBy<T extends KubeObject>(informer: SharedInformer<T>, uid: string): readonly T[] {
  return informer.lister.byIndex(CONTROLLER_UID_INDEX, uid);
}

/**
 * What a controller's claim has to look at: the objects it controls and the orphans of its
 * namespace. Objects controlled by someone else are never its business, so at 10,000 pods a
 * sync does not walk every other controller's pods.
 */
export function claimCandidates<T extends KubeObject>(informer: SharedInformer<T>, owner: KubeObject): T[] {
  const ns = owner.metadata?.namespace;
  const orphans = informer.lister.byIndex(CONTROLLER_UID_INDEX, ORPHAN).filter((o) => o.metadata?.namespace === ns);
  return [...controlledBy(informer, owner.metadata!.uid!), ...orphans];
}
