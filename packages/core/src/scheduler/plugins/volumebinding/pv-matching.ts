/**
 * Which PersistentVolume could satisfy a claim on a node (pkg/controller/volume/persistentvolume
 * FindMatchingVolume, as the binder uses it): same storage class, not claimed by another
 * claim, at least the requested capacity, every requested access mode, the same volume
 * mode, a label selector that matches, and node affinity that admits the node. The smallest
 * fitting volume wins, as upstream picks it.
 */
import { selectorFromLabelSelector } from '../../../labels/selector.js';
import type { Node, PersistentVolume, PersistentVolumeClaim } from '../../api/types.js';
import { quantityValue } from '../../framework/resource.js';
import { compileNodeSelector } from '../../helpers/node-affinity.js';

export function claimStorageClass(pvc: PersistentVolumeClaim): string {
  return pvc.spec?.storageClassName ?? '';
}

export function pvNodeAffinityMatches(pv: PersistentVolume, node: Node): boolean {
  const required = pv.spec?.nodeAffinity?.required;
  return !required || compileNodeSelector(required)(node);
}

export function findMatchingVolume(
  pvc: PersistentVolumeClaim,
  volumes: readonly PersistentVolume[],
  node: Node,
  excluded: ReadonlySet<string>,
): PersistentVolume | undefined {
  const want = quantityValue('storage', pvc.spec?.resources?.requests?.['storage'] ?? 0);
  const modes = pvc.spec?.accessModes ?? [];
  const cls = claimStorageClass(pvc);
  const volumeMode = pvc.spec?.volumeMode ?? 'Filesystem';
  let selector;
  try {
    selector = selectorFromLabelSelector(pvc.spec?.selector);
  } catch {
    return undefined;
  }
  let best: PersistentVolume | undefined;
  let bestSize = Number.POSITIVE_INFINITY;
  for (const pv of volumes) {
    const name = pv.metadata?.name ?? '';
    if (excluded.has(name) || pv.metadata?.deletionTimestamp) continue;
    const ref = pv.spec?.claimRef;
    if (ref && !(ref.namespace === pvc.metadata?.namespace && ref.name === pvc.metadata?.name)) continue;
    if ((pv.spec?.storageClassName ?? '') !== cls) continue;
    if ((pv.spec?.volumeMode ?? 'Filesystem') !== volumeMode) continue;
    const size = quantityValue('storage', pv.spec?.capacity?.['storage'] ?? 0);
    if (size < want) continue;
    const pvModes = pv.spec?.accessModes ?? [];
    if (!modes.every((m) => pvModes.includes(m))) continue;
    if (selector && !selector.matches(pv.metadata?.labels)) continue;
    if (!pvNodeAffinityMatches(pv, node)) continue;
    // A volume pre-bound to this very claim wins at once.
    if (ref) return pv;
    if (size < bestSize) {
      best = pv;
      bestSize = size;
    }
  }
  return best;
}
