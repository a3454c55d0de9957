/**
 * The ownership algorithm of server-side apply (structured-merge-diff merge.Updater), on
 * one API version:
 *
 * - Update (create, update, patch): the writer takes ownership of every field it added or
 *   changed — from whoever owned it before — and nobody owns removed fields any more.
 * - Apply: the configuration is merged into the live object; the applier owns exactly the
 *   fields of its configuration; fields it applied last time but no longer applies are
 *   removed unless another manager owns them; a field another manager owns that the apply
 *   would change is a conflict, unless forced, which moves ownership to the applier. Two
 *   managers applying the same value to a field both own it.
 */
import { deepEqual, isJsonObject } from '../patch/json-value.js';
import { compare, type Comparison, type CompareOptions } from './compare.js';
import { FieldSet } from './field-set.js';
import type { Managed } from './managed-fields.js';
import { merge } from './merge.js';
import type { Path } from './path.js';
import { ensureNamedFieldsAreMembers, removeItems } from './remove.js';
import { toFieldSet } from './to-field-set.js';
import type { TypeRef } from './typed.js';

export interface UpdaterOptions extends CompareOptions {
  schema: TypeRef | undefined;
  /** Fields no manager may own (the strategy's reset fields, e.g. status on the main resource). */
  ignored?: FieldSet;
}

export interface Conflict {
  /** Manager identifier. */
  manager: string;
  path: Path;
}

export class ConflictsError extends Error {
  constructor(readonly conflicts: Conflict[]) {
    super('apply conflicts');
    this.name = 'ConflictsError';
  }
}

function filter(set: FieldSet, ignored: FieldSet | undefined): FieldSet {
  return ignored ? set.recursiveDifference(ignored) : set;
}

function compareFiltered(oldObj: unknown, newObj: unknown, opts: UpdaterOptions): Comparison {
  const c = compare(oldObj, newObj, opts.schema, opts);
  return { added: filter(c.added, opts.ignored), modified: filter(c.modified, opts.ignored), removed: filter(c.removed, opts.ignored) };
}

/**
 * Takes fields the change touched from every manager but `workflow`; throws ConflictsError
 * when that is not allowed (not forced). Mutates `managed.fields`.
 */
function update(oldObj: unknown, newObj: unknown, managed: Managed, workflow: string, force: boolean, opts: UpdaterOptions): Comparison {
  const c = compareFiltered(oldObj, newObj, opts);
  const changed = c.modified.union(c.added);
  const conflicts = new Map<string, FieldSet>();
  for (const [manager, vs] of managed.fields) {
    if (manager === workflow) continue;
    const overlap = vs.set.intersection(changed);
    if (!overlap.empty()) conflicts.set(manager, overlap);
  }
  if (!force && conflicts.size > 0) {
    const list: Conflict[] = [];
    for (const [manager, set] of conflicts) for (const path of set.paths()) list.push({ manager, path });
    throw new ConflictsError(list);
  }
  for (const [manager, vs] of managed.fields) {
    let set = vs.set;
    const taken = conflicts.get(manager);
    if (taken) set = set.difference(taken);
    if (manager !== workflow && !c.removed.empty()) set = set.difference(c.removed);
    if (set.empty()) managed.fields.delete(manager);
    else managed.fields.set(manager, { ...vs, set });
  }
  return c;
}

/** Records a non-apply write by `manager` (an Update entry at `apiVersion`). */
export function updaterUpdate(
  live: unknown,
  updated: unknown,
  apiVersion: string,
  managed: Managed,
  manager: string,
  opts: UpdaterOptions,
): void {
  const c = update(live, updated, managed, manager, true, opts);
  const previous = managed.fields.get(manager)?.set ?? FieldSet.empty();
  const set = filter(previous.difference(c.removed).union(c.modified).union(c.added), opts.ignored);
  if (set.empty()) managed.fields.delete(manager);
  else managed.fields.set(manager, { set, apiVersion, applied: false });
}

/**
 * Applies `config` for `manager`. Returns the new object, or undefined when the apply
 * changes nothing. Throws ConflictsError unless `force`.
 */
export function updaterApply(
  live: unknown,
  config: unknown,
  apiVersion: string,
  managed: Managed,
  manager: string,
  force: boolean,
  opts: UpdaterOptions,
): unknown {
  let merged = merge(live, config, opts.schema);
  const last = managed.fields.get(manager);
  managed.fields.set(manager, { set: filter(toFieldSet(config, opts.schema), opts.ignored), apiVersion, applied: true });
  if (last && !last.set.empty()) merged = prune(merged, managed, last.set, opts);
  update(live, merged, managed, manager, force, opts);
  return deepEqual(live, merged) ? undefined : merged;
}

/**
 * Removes what `manager` applied last time (`lastSet`) and no longer applies, unless some
 * manager (this one included, through its new configuration) still owns it.
 */
function prune(merged: unknown, managed: Managed, lastSet: FieldSet, opts: UpdaterOptions): unknown {
  const ens = (s: FieldSet) => ensureNamedFieldsAreMembers(s, opts.schema);
  const remove = (v: unknown, s: FieldSet) => removeItems(v, s, opts.schema) ?? (isJsonObject(v) ? {} : v);
  const last = ens(lastSet);
  const firstCut = remove(merged, last);

  // Add back whatever any manager owns.
  let owned = FieldSet.empty();
  for (const vs of managed.fields.values()) owned = owned.union(vs.set);
  const mergedSet = ens(toFieldSet(merged, opts.schema));
  const ownedCut = remove(merged, mergedSet.difference(ens(toFieldSet(firstCut, opts.schema)).union(ens(owned))));

  // Remove only what this manager had applied; unowned fields it never applied stay.
  const prunedSet = ens(toFieldSet(ownedCut, opts.schema));
  return remove(merged, mergedSet.difference(prunedSet).intersection(last));
}
