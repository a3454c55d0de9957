/**
 * Which fields differ between two versions of an object (typed.TypedValue.Compare): the
 * basis of ownership for non-apply writes (an updater owns what it added or modified) and
 * of conflict detection for apply (a field another manager owns that this apply modifies).
 *
 * Leaves (scalars, atomic lists and maps, and containers empty on both sides) are added,
 * removed or modified. A non-leaf that appears or disappears is itself added or removed,
 * besides everything inside it — which is why an updater that creates `metadata.labels`
 * owns `f:labels: {".": {}, ...}`.
 *
 * Built-in kinds are Go structs upstream: a nested struct, and a required field (no
 * omitempty, so a nil list encodes as null), always exists as its zero value and so never
 * appears or disappears as a whole — `f:containers` has no `.` but `f:volumes` does. With
 * `zeroValuesExist` we reproduce that for declared struct fields and required fields;
 * custom resources are unstructured upstream and get the `.` entries.
 */
import { deepEqual, isJsonObject } from '../patch/json-value.js';
import { FieldSet } from './field-set.js';
import { compareElements, type PathElement } from './path.js';
import { isDeclared, itemElement, memberType, resolve, type Atom, type TypeRef } from './typed.js';

export interface Comparison {
  added: FieldSet;
  modified: FieldSet;
  removed: FieldSet;
}

export interface CompareOptions {
  zeroValuesExist?: boolean;
}

const MISSING = undefined;

export function compare(lhs: unknown, rhs: unknown, ref: TypeRef | undefined, opts: CompareOptions = {}): Comparison {
  const c: Comparison = { added: FieldSet.empty(), modified: FieldSet.empty(), removed: FieldSet.empty() };
  new Walker(c, opts).value(lhs, rhs, ref, [], false);
  return c;
}

function shapeOf(v: unknown): 'list' | 'map' | 'scalar' | 'null' {
  if (v === null || v === undefined) return 'null';
  return Array.isArray(v) ? 'list' : isJsonObject(v) ? 'map' : 'scalar';
}

function isEmpty(v: unknown): boolean {
  if (v === null || v === undefined) return true;
  if (Array.isArray(v)) return v.length === 0;
  if (isJsonObject(v)) return Object.keys(v).length === 0;
  return false;
}

class Walker {
  constructor(
    private readonly c: Comparison,
    private readonly opts: CompareOptions,
  ) {}

  /** Compares one value; `zeroValue` marks a field that exists upstream even when unset. */
  value(l: unknown, r: unknown, ref: TypeRef | undefined, path: PathElement[], zeroValue: boolean): void {
    // A Go struct encodes an unset field the same way (null or omitted) in both versions.
    if (this.opts.zeroValuesExist && (l === null || l === MISSING) && (r === null || r === MISSING)) return;
    const ls = shapeOf(l);
    const rs = shapeOf(r);
    let leaf: boolean;
    if (l !== MISSING && r !== MISSING && ls !== 'null' && rs !== 'null' && ls !== rs) {
      // The value changed shape: what the old shape held is gone, the new value is a leaf.
      this.atom(resolve(ref, l), l, MISSING, path);
      this.leaf(l, r, path);
      leaf = true;
    } else {
      const v = r !== MISSING && r !== null ? r : l;
      leaf = this.atom(resolve(ref, v), l, r, path);
    }
    if (leaf) return;
    if (zeroValue && this.opts.zeroValuesExist) return;
    if (l === MISSING) this.c.added.insert(path);
    else if (r === MISSING) this.c.removed.insert(path);
  }

  /** Returns whether the value was handled as a leaf. */
  private atom(atom: Atom, l: unknown, r: unknown, path: PathElement[]): boolean {
    if (atom.kind === 'scalar') {
      this.leaf(l, r, path);
      return true;
    }
    const bothEmpty = isEmpty(l) && isEmpty(r);
    if (atom.kind === 'list') {
      const ll = Array.isArray(l) ? l : undefined;
      const rl = Array.isArray(r) ? r : undefined;
      if (atom.atomic || bothEmpty || (!ll && !rl)) {
        this.leaf(l, r, path);
        return true;
      }
      this.listItems(atom, ll ?? [], rl ?? [], path);
      return false;
    }
    const lm = isJsonObject(l) ? l : undefined;
    const rm = isJsonObject(r) ? r : undefined;
    if (atom.atomic || bothEmpty || (!lm && !rm)) {
      this.leaf(l, r, path);
      return true;
    }
    const keys = new Set([...Object.keys(lm ?? {}), ...Object.keys(rm ?? {})]);
    for (const key of keys) {
      const lv = lm?.[key];
      const rv = rm?.[key];
      if (lv === undefined && rv === undefined) continue;
      const type = memberType(atom, key);
      const struct = typeof type === 'object' && type.type === 'object' && !!type.properties;
      const zeroValue = isDeclared(atom, key) && (struct || atom.required.includes(key));
      this.value(lv, rv, type, [...path, { field: key }], zeroValue);
    }
    return false;
  }

  private leaf(l: unknown, r: unknown, path: PathElement[]): void {
    if (l === MISSING) this.c.added.insert(path);
    else if (r === MISSING) this.c.removed.insert(path);
    else if (!deepEqual(l, r)) this.c.modified.insert(path);
  }

  /** Items matched by key or value; duplicated items are compared as a whole. */
  private listItems(atom: Atom & { kind: 'list' }, l: unknown[], r: unknown[], path: PathElement[]): void {
    const order: PathElement[] = [];
    const lValues = new Map<number, unknown[]>();
    const rValues = new Map<number, unknown[]>();
    const slot = (pe: PathElement): number => {
      let i = order.findIndex((o) => compareElements(o, pe) === 0);
      if (i < 0) {
        order.push(pe);
        i = order.length - 1;
      }
      return i;
    };
    for (const [list, values] of [
      [l, lValues],
      [r, rValues],
    ] as const) {
      for (const item of list) {
        const pe = itemElement(atom, item);
        if (typeof pe === 'string') continue;
        const i = slot(pe);
        values.set(i, [...(values.get(i) ?? []), item]);
      }
    }
    order.forEach((pe, i) => {
      const lv = lValues.get(i) ?? [];
      const rv = rValues.get(i) ?? [];
      const itemPath = [...path, pe];
      if (lv.length <= 1 && rv.length <= 1) {
        this.value(lv[0], rv[0], atom.elem, itemPath, false);
      } else if (lv.length >= 2 && rv.length >= 2) {
        if (!deepEqual(lv, rv)) this.c.modified.insert(itemPath);
      } else if (lv.length >= 2) {
        if (rv.length > 0) this.value(MISSING, rv[0], atom.elem, itemPath, false);
        this.c.removed.insert(itemPath);
      } else {
        if (lv.length > 0) this.value(lv[0], MISSING, atom.elem, itemPath, false);
        this.c.added.insert(itemPath);
      }
    });
  }
}
