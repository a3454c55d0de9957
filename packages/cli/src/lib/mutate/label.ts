/**
 * `kubelab label|annotate`: per object, the new label (annotation) map, sent as a merge
 * patch of metadata — what kubectl's two-way patch amounts to for these maps — and kubectl's
 * verdict: labeled, unlabeled, not labeled / annotated.
 */
import { targetName } from '../manifest/target.js';
import type { Session } from '../kube/session.js';
import type { ObjectRef } from '../kube/targets.js';
import { type KeyChanges, applyKeyChanges } from './label-args.js';

export type MetaField = 'labels' | 'annotations';

export interface LabelOptions {
  overwrite: boolean;
  dryRun: 'none' | 'client' | 'server';
  resourceVersion?: string | undefined;
  list: boolean;
}

export async function relabel(s: Session, ref: ObjectRef, field: MetaField, changes: KeyChanges, o: LabelOptions): Promise<string> {
  const obj = await s.client.get(ref.rt, ref.name, { namespace: ref.namespace });
  const current = (obj.metadata?.[field] ?? {}) as Record<string, string>;
  if (o.list) return Object.keys(current).sort().map((k) => `${k}=${current[k]}`).join('\n');
  const r = applyKeyChanges(current, changes, o.overwrite);
  for (const k of r.missing) process.stderr.write(`${field === 'labels' ? 'label' : 'annotation'} "${k}" not found.\n`);
  const patchMap: Record<string, string | null> = {};
  for (const [k, v] of changes.set) if (current[k] !== v) patchMap[k] = v;
  for (const k of changes.remove) if (k in current) patchMap[k] = null;
  const suffix = o.dryRun === 'client' ? ' (dry run)' : o.dryRun === 'server' ? ' (server dry run)' : '';
  if (Object.keys(patchMap).length > 0 && o.dryRun !== 'client') {
    const patch = { metadata: { [field]: patchMap, ...(o.resourceVersion ? { resourceVersion: o.resourceVersion } : {}) } };
    await s.client.patch(ref.rt, ref.name, 'merge', patch, { namespace: ref.namespace, dryRun: o.dryRun === 'server' });
  }
  // kubectl's updateDataChangeMsg: changed at all, and "unlabeled" when the object got shorter without --overwrite.
  const before = JSON.stringify(current);
  const after = JSON.stringify(r.next);
  const verb = field === 'annotations' ? 'annotated' : before === after && r.changed === 'none' ? 'not labeled' : !o.overwrite && after.length < before.length ? 'unlabeled' : 'labeled';
  return `${targetName(ref)} ${verb}${suffix}`;
}
