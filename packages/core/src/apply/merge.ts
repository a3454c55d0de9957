/**
 * Merging an applied configuration into the live object (typed.TypedValue.Merge): the
 * configuration wins on every leaf it sets; maps merge member by member; associative lists
 * merge item by item (by key or value); atomic lists and maps are replaced whole. The item
 * order follows the configuration for items it lists, with live-only items kept near their
 * old neighbours (structured-merge-diff's mergingWalker.visitListItems).
 *
 * Nulls in the configuration are dropped from the result, as upstream's conversion back to a
 * typed object drops them; ownership of such fields is still recorded.
 */
import { deepClone, isJsonObject, type JsonObject } from '../patch/json-value.js';
import { compareElements, type PathElement } from './path.js';
import { itemElement, memberType, resolve, type ListAtom, type TypeRef } from './typed.js';

export function merge(live: unknown, config: unknown, ref: TypeRef | undefined): unknown {
  return mergeValue(live, config, ref);
}

function isEmpty(v: unknown): boolean {
  if (v === null || v === undefined) return true;
  if (Array.isArray(v)) return v.length === 0;
  if (isJsonObject(v)) return Object.keys(v).length === 0;
  return false;
}

function mergeValue(l: unknown, r: unknown, ref: TypeRef | undefined): unknown {
  if (r === undefined) return deepClone(l);
  if (l === undefined || l === null || r === null) return dropNulls(deepClone(r));
  const atom = resolve(ref, r);
  if (atom.kind === 'scalar' || atom.atomic || (isEmpty(l) && isEmpty(r))) return dropNulls(deepClone(r));
  if (atom.kind === 'list') {
    if (!Array.isArray(l) || !Array.isArray(r)) return dropNulls(deepClone(r));
    return mergeList(atom, l, r);
  }
  if (!isJsonObject(l) || !isJsonObject(r)) return dropNulls(deepClone(r));
  const out: JsonObject = {};
  const keys = [...Object.keys(l), ...Object.keys(r).filter((k) => !Object.prototype.hasOwnProperty.call(l, k))];
  for (const key of keys) {
    const v = mergeValue(l[key], r[key], memberType(atom, key));
    if (v !== undefined && v !== null) out[key] = v;
  }
  return out;
}

function dropNulls(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(dropNulls);
  if (isJsonObject(v)) {
    for (const k of Object.keys(v)) {
      if (v[k] === null) delete v[k];
      else v[k] = dropNulls(v[k]);
    }
  }
  return v;
}

interface Indexed {
  pe: PathElement;
  item: unknown;
}

function index(atom: ListAtom, list: unknown[]): Indexed[] {
  const out: Indexed[] = [];
  for (const item of list) {
    const pe = itemElement(atom, item);
    if (typeof pe !== 'string') out.push({ pe, item });
  }
  return out;
}

function find(list: Indexed[], pe: PathElement): Indexed | undefined {
  return list.find((x) => compareElements(x.pe, pe) === 0);
}

/**
 * Walks the live and configured items together. Shared items come in the configuration's
 * order; a live item the configuration does not list stays where it was relative to the
 * shared items around it; new items come where the configuration puts them.
 */
function mergeList(atom: ListAtom, lhs: unknown[], rhs: unknown[]): unknown[] {
  const l = index(atom, lhs);
  const r = index(atom, rhs);
  const shared = r.filter((x) => find(l, x.pe));
  let nextShared = 0;
  const merged: PathElement[] = [];
  const out: unknown[] = [];
  const emit = (lv: unknown, rv: unknown) => {
    const v = mergeValue(lv, rv, atom.elem);
    if (v !== undefined) out.push(v);
  };
  let i = 0;
  let j = 0;
  while (i < l.length || j < r.length) {
    if (i < l.length && j < r.length) {
      const pe = l[i]!.pe;
      if (compareElements(pe, r[j]!.pe) === 0) {
        merged.push(pe);
        emit(find(l, pe)!.item, find(r, pe)!.item);
        i++;
        j++;
        nextShared++;
        continue;
      }
      const want = shared[nextShared];
      if (find(r, pe) && want && compareElements(want.pe, pe) !== 0) {
        // A shared item, but not the next one in the configuration's order: later.
        i++;
        continue;
      }
    }
    if (i < l.length) {
      const pe = l[i]!.pe;
      if (!find(r, pe)) {
        emit(l[i]!.item, undefined);
        i++;
        continue;
      }
      if (merged.some((m) => compareElements(m, pe) === 0)) i++;
    }
    if (j < r.length) {
      const pe = r[j]!.pe;
      merged.push(pe);
      emit(find(l, pe)?.item, r[j]!.item);
      j++;
      if (shared[nextShared] && compareElements(shared[nextShared]!.pe, pe) === 0) nextShared++;
    }
  }
  return out;
}
