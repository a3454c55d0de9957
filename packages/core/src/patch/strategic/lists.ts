/**
 * List helpers shared by applying and computing strategic merge patches: directive names,
 * element typing, scalar sorting and de-duplication, and the ordering rules of
 * $setElementOrder (design: preserve-order-in-strategic-merge-patch). The ordering rules
 * matter to users: without $setElementOrder, items a patch adds to a merging list come
 * before the items only the server had (upstream prepends; kubectl's docs show a patched
 * second container listed first).
 */
import { goFormat, has, isJsonObject, kindOf, type JsonKind, type JsonObject } from '../json-value.js';
import { errBadArgType, errNoListOfLists, errNoMergeKey, StrategicMergePatchError } from './errors.js';

export const DIRECTIVE_MARKER = '$patch';
export const DELETE_DIRECTIVE = 'delete';
export const REPLACE_DIRECTIVE = 'replace';
export const MERGE_DIRECTIVE = 'merge';
export const RETAIN_KEYS_DIRECTIVE = '$retainKeys';
export const DELETE_FROM_PRIMITIVE_LIST_PREFIX = '$deleteFromPrimitiveList';
export const SET_ELEMENT_ORDER_PREFIX = '$setElementOrder';

/** The element kind of one or more lists; lists of lists and mixed lists are errors. */
export function sliceElementKind(...lists: unknown[][]): JsonKind {
  let prev: JsonKind | undefined;
  for (const list of lists) {
    for (const v of list) {
      const k = kindOf(v);
      if (prev === undefined) {
        prev = k;
        if (k === 'slice') throw errNoListOfLists();
      } else if (prev !== k) {
        throw new StrategicMergePatchError(`list element types are not identical: ${goFormat(lists)}`);
      }
    }
  }
  if (prev === undefined) throw new StrategicMergePatchError('no elements in any of the given slices');
  return prev;
}

/** How upstream compares scalars for sorting: by their `%v` text. */
function scalarText(v: unknown): string {
  return goFormat(v);
}

export function sortScalars(list: unknown[]): unknown[] {
  return [...list].sort((a, b) => {
    const x = scalarText(a);
    const y = scalarText(b);
    return x < y ? -1 : x > y ? 1 : 0;
  });
}

/** Removes duplicate scalars; order is normalised by the callers afterwards. */
export function deduplicateScalars(list: unknown[]): unknown[] {
  const out: unknown[] = [];
  for (const v of list) if (!out.some((x) => x === v)) out.push(v);
  return out;
}

/** The merge key's value of a list item, for kind map; the item itself otherwise. */
function identity(item: unknown, mergeKey: string, kind: JsonKind): unknown {
  if (kind !== 'map') return item;
  return isJsonObject(item) ? item[mergeKey] : undefined;
}

/** Index of the item with the same identity in `list`, or -1. */
export function indexOf(list: unknown[], item: unknown, mergeKey: string, kind: JsonKind): number {
  const want = identity(item, mergeKey, kind);
  return list.findIndex((v) => identity(v, mergeKey, kind) === want);
}

export function validateMergeKeyInLists(mergeKey: string, ...lists: unknown[][]): void {
  for (const list of lists) {
    for (const item of list) {
      if (!isJsonObject(item)) throw errBadArgType('map', item);
      if (!has(item, mergeKey)) throw errNoMergeKey(item, mergeKey);
    }
  }
}

/** Splits items into those without and those with `$patch: delete`. */
export function extractToDeleteItems(list: unknown[]): { keep: unknown[]; toDelete: unknown[] } {
  const keep: unknown[] = [];
  const toDelete: unknown[] = [];
  for (const v of list) {
    if (!isJsonObject(v)) throw errBadArgType('map', v);
    if (v[DIRECTIVE_MARKER] === DELETE_DIRECTIVE) toDelete.push(v);
    else keep.push(v);
  }
  return { keep, toDelete };
}

/** Sorts `toSort` by the position of each item in `order` (stable); deletions go last. */
export function normalizeSliceOrder(toSort: unknown[], order: unknown[], mergeKey: string, kind: JsonKind): unknown[] {
  let items = toSort;
  let toDelete: unknown[] = [];
  if (kind === 'map') {
    validateMergeKeyInLists(mergeKey, toSort, order);
    ({ keep: items, toDelete } = extractToDeleteItems(toSort));
  }
  const keyed = items.map((item, i) => ({ item, i, at: indexOf(order, item, mergeKey, kind) }));
  keyed.sort((a, b) => (a.at >= 0 && b.at >= 0 ? a.at - b.at : a.i - b.i));
  return [...keyed.map((k) => k.item), ...toDelete];
}

/**
 * Interleaves server-only items (`left`) into patch items (`right`), keeping each list's own
 * order. A server-only item goes before a patch item only when the live list had it earlier;
 * a patch item the live list did not have goes first.
 */
export function mergeSortedSlice(
  left: unknown[],
  right: unknown[],
  serverOrder: unknown[],
  mergeKey: string,
  kind: JsonKind,
): unknown[] {
  const out: unknown[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length || j < right.length) {
    if (i >= left.length) out.push(right[j++]);
    else if (j >= right.length) out.push(left[i++]);
    else {
      const li = indexOf(serverOrder, left[i], mergeKey, kind);
      const ri = indexOf(serverOrder, right[j], mergeKey, kind);
      if (li >= 0 && ri >= 0 && li < ri) out.push(left[i++]);
      else out.push(right[j++]);
    }
  }
  return out;
}

/** Orders patch items by `patchOrder`, server-only items by `serverOrder`, then interleaves. */
export function normalizeElementOrder(
  patch: unknown[],
  serverOnly: unknown[],
  patchOrder: unknown[],
  serverOrder: unknown[],
  mergeKey: string,
  kind: JsonKind,
): unknown[] {
  const p = normalizeSliceOrder(patch, patchOrder, mergeKey, kind);
  const s = normalizeSliceOrder(serverOnly, serverOrder, mergeKey, kind);
  return mergeSortedSlice(s, p, serverOrder, mergeKey, kind);
}

export function partitionPrimitivesByPresentInList(list: unknown[], by: unknown[]): { inList: unknown[]; others: unknown[] } {
  const inList: unknown[] = [];
  const others: unknown[] = [];
  for (const v of list) (by.some((x) => x === v) ? inList : others).push(v);
  return { inList, others };
}

export function partitionMapsByPresentInList(
  list: unknown[],
  by: unknown[],
  mergeKey: string,
): { inList: unknown[]; others: unknown[] } {
  const inList: unknown[] = [];
  const others: unknown[] = [];
  for (const v of list) {
    if (!isJsonObject(v)) throw errBadArgType('map', v);
    if (!has(v, mergeKey)) throw errNoMergeKey(v, mergeKey);
    (findMapByKey(by, mergeKey, v[mergeKey]) ? inList : others).push(v);
  }
  return { inList, others };
}

/** The first map in `list` whose `key` equals `value`, with its index. */
export function findMapByKey(
  list: unknown[],
  key: string,
  value: unknown,
): { map: JsonObject; index: number } | undefined {
  for (let i = 0; i < list.length; i++) {
    const v = list[i];
    if (!isJsonObject(v)) throw new StrategicMergePatchError(`value for key ${i} is not a map`);
    if (has(v, key) && v[key] === value) return { map: v, index: i };
  }
  return undefined;
}

export function mergeKeyValueEqual(left: unknown, right: unknown, mergeKey: string): boolean {
  if (!mergeKey) return left === right;
  if (!isJsonObject(left)) throw errBadArgType('map', left);
  if (!isJsonObject(right)) throw errBadArgType('map', right);
  if (!has(left, mergeKey)) throw errNoMergeKey(left, mergeKey);
  if (!has(right, mergeKey)) throw errNoMergeKey(right, mergeKey);
  return left[mergeKey] === right[mergeKey];
}

/** `$deleteFromPrimitiveList/finalizers` → `finalizers`; a malformed key is a 400. */
export function extractKey(s: string, prefix: string, badFormat: () => Error): string {
  const i = s.indexOf('/');
  if (i < 0 || s.slice(0, i) !== prefix) throw badFormat();
  return s.slice(i + 1);
}
