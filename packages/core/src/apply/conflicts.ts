/**
 * The 409 an apply answers when it would change fields other managers own
 * (managedfields/internal conflict.go), e.g.
 *
 *   Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using apps/v1: .spec.replicas
 *
 *   Apply failed with 2 conflicts: conflicts with "hpa" using autoscaling/v2:
 *   - .spec.replicas
 *   ...
 *
 * Managers print by name, with `with subresource "status"` and, for Update entries,
 * `using <apiVersion>`. Each conflict is also a cause of type FieldManagerConflict.
 */
import { statusError, type StatusCause, type StatusError } from '../api/status.js';
import { parseIdentifier } from './managed-fields.js';
import { pathString } from './path.js';
import type { Conflict } from './updater.js';

export function printManager(id: string): string {
  const info = parseIdentifier(id);
  if (!info) return JSON.stringify(id);
  let s = JSON.stringify(info.manager ?? '');
  if (info.subresource) s += ` with subresource ${JSON.stringify(info.subresource)}`;
  if (info.operation === 'Update') s += ` using ${info.apiVersion ?? ''}`;
  return s;
}

export function conflictMessage(conflicts: readonly Conflict[]): string {
  if (conflicts.length === 1) {
    const c = conflicts[0]!;
    return `Apply failed with 1 conflict: conflict with ${printManager(c.manager)}: ${pathString(c.path)}`;
  }
  const byManager = new Map<string, string[]>();
  for (const c of conflicts) byManager.set(c.manager, [...(byManager.get(c.manager) ?? []), pathString(c.path)]);
  const lines: string[] = [];
  for (const manager of [...byManager.keys()].sort()) {
    lines.push(`conflicts with ${printManager(manager)}:`);
    for (const p of byManager.get(manager)!) lines.push(`- ${p}`);
  }
  return `Apply failed with ${conflicts.length} conflicts: ${lines.join('\n')}`;
}

/** errors.NewApplyConflict: 409 Conflict with one FieldManagerConflict cause per field. */
export function applyConflictError(conflicts: readonly Conflict[]): StatusError {
  const sorted = [...conflicts].sort((a, b) => (a.manager < b.manager ? -1 : a.manager > b.manager ? 1 : 0));
  const causes: StatusCause[] = sorted.map((c) => ({
    reason: 'FieldManagerConflict',
    message: `conflict with ${printManager(c.manager)}`,
    field: pathString(c.path),
  }));
  return statusError(409, 'Conflict', conflictMessage(sorted), { causes });
}
