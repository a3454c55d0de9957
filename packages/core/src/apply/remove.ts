/**
 * Schema-aware operations on values and field sets used when an applier stops applying a
 * field (merge.Updater.prune): removing the items a set names from a value, and making
 * declared struct fields members of a set so that removing them is possible.
 */
import { deepClone, isJsonObject, type JsonObject } from '../patch/json-value.js';
import { FieldSet } from './field-set.js';
import type { PathElement } from './path.js';
import { itemElement, memberType, resolve, resolveType, type TypeRef } from './typed.js';

/**
 * `value` without the fields `set` names (typed.RemoveItems): a member removes the whole
 * value at its path. Maps and lists left empty by the removal disappear (undefined).
 */
export function removeItems(value: unknown, set: FieldSet, ref: TypeRef | undefined): unknown {
  const atom = resolve(ref, value);
  if (atom.kind === 'scalar' || atom.atomic) return deepClone(value);
  if (atom.kind === 'list') {
    if (!Array.isArray(value) || value.length === 0) return deepClone(value);
    const out: unknown[] = [];
    for (const item of value) {
      const pe = itemElement(atom, item);
      if (typeof pe === 'string') {
        out.push(deepClone(item));
        continue;
      }
      if (set.hasMember(pe)) continue;
      const sub = set.child(pe);
      const v = sub && !sub.empty() ? removeItems(item, sub, atom.elem) : deepClone(item);
      if (v !== undefined) out.push(v);
    }
    return out.length > 0 ? out : undefined;
  }
  if (!isJsonObject(value) || Object.keys(value).length === 0) return deepClone(value);
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(value)) {
    const pe: PathElement = { field: k };
    if (set.hasMember(pe)) continue;
    const sub = set.child(pe);
    const nv = sub && !sub.empty() ? removeItems(v, sub, memberType(atom, k)) : deepClone(v);
    if (nv !== undefined) out[k] = nv;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/**
 * The set plus, as members, the declared struct fields it has children under
 * (fieldpath.Set.EnsureNamedFieldsAreMembers): owning `.spec.replicas` makes `.spec`
 * removable too. Map members (labels) are members already.
 */
export function ensureNamedFieldsAreMembers(set: FieldSet, ref: TypeRef | undefined): FieldSet {
  const atom = resolveType(ref);
  const members = [...set.memberElements];
  const children: { pe: PathElement; set: FieldSet }[] = [];
  for (const c of set.childEntries) {
    let childRef: TypeRef | undefined;
    if ('field' in c.pe && atom.kind === 'map') {
      childRef = memberType(atom, c.pe.field);
      if (Object.prototype.hasOwnProperty.call(atom.fields, c.pe.field) && !set.hasMember(c.pe)) members.push(c.pe);
    } else if ('key' in c.pe && atom.kind === 'list') {
      childRef = atom.elem;
    }
    children.push({ pe: c.pe, set: ensureNamedFieldsAreMembers(c.set, childRef) });
  }
  return FieldSet.build(members, children);
}
