/**
 * Taints and tolerations (core/v1 Toleration.ToleratesTaint, v1helper.FindMatchingUntoleratedTaint).
 *
 *   toleration {key k, operator Equal, value v, effect NoSchedule} tolerates taint k=v:NoSchedule
 *   toleration {operator Exists}                                  tolerates every taint
 *   toleration {key k, operator Exists} (no effect)               tolerates k with any value and effect
 *
 * An empty operator means Equal; an empty effect matches every effect; an empty key (only
 * with Exists) matches every key.
 */
import type { Taint, Toleration } from '../api/types.js';

export function toleratesTaint(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  switch (t.operator ?? '') {
    case '':
    case 'Equal':
      return (t.value ?? '') === (taint.value ?? '');
    case 'Exists':
      return true;
    default:
      return false;
  }
}

export function tolerationsTolerateTaint(tolerations: readonly Toleration[] | undefined, taint: Taint): boolean {
  if (!tolerations) return false;
  for (let i = 0; i < tolerations.length; i++) if (toleratesTaint(tolerations[i]!, taint)) return true;
  return false;
}

/** NoSchedule and NoExecute: the taints that keep pods off a node (DoNotScheduleTaintsFilterFunc). */
export function isDoNotScheduleTaint(t: Taint): boolean {
  return t.effect === 'NoSchedule' || t.effect === 'NoExecute';
}

/** The first taint passing `include` that no toleration tolerates, if any. */
export function findMatchingUntoleratedTaint(
  taints: readonly Taint[],
  tolerations: readonly Toleration[] | undefined,
  include: (t: Taint) => boolean = isDoNotScheduleTaint,
): Taint | undefined {
  for (const taint of taints) {
    if (!include(taint)) continue;
    if (!tolerationsTolerateTaint(tolerations, taint)) return taint;
  }
  return undefined;
}
