/**
 * Computing strategic merge patches (strategicpatch diffMaps and friends): the patch that
 * turns one object into another, as kubectl edit/label/annotate (two-way) and kubectl apply
 * (three-way) send them. For each field:
 *
 * - added or changed: the new value (maps recurse; merging lists send only changed items,
 *   keyed by their merge key, plus `$setElementOrder/<field>` with the new order);
 * - removed: null for a map member, `{<key>: v, $patch: delete}` for a merging-list item,
 *   `$deleteFromPrimitiveList/<field>` for merging scalars;
 * - fields whose schema says retainKeys also get `$retainKeys` listing what remains.
 */
import type { SchemaNode } from '../../schema/node.js';
import { deepEqual, goFormat, has, isJsonObject, kindOf, type JsonObject } from '../json-value.js';
import { errBadArgType, errNoListOfLists, errNoMergeKey, StrategicMergePatchError } from './errors.js';
import {
  DELETE_DIRECTIVE,
  DELETE_FROM_PRIMITIVE_LIST_PREFIX,
  DIRECTIVE_MARKER,
  MERGE_DIRECTIVE,
  REPLACE_DIRECTIVE,
  RETAIN_KEYS_DIRECTIVE,
  SET_ELEMENT_ORDER_PREFIX,
  deduplicateScalars,
  normalizeSliceOrder,
  sliceElementKind,
  sortScalars,
} from './lists.js';
import { lookupForSlice, lookupForStruct } from './meta.js';

export interface DiffOptions {
  /** Emit `$setElementOrder` lists. */
  setElementOrder?: boolean;
  /** Leave out additions and changes (computing deletions only). */
  ignoreChangesAndAdditions?: boolean;
  /** Leave out deletions (computing additions and changes only). */
  ignoreDeletions?: boolean;
  /** Emit `$retainKeys` for this map (set from the field's retainKeys strategy). */
  buildRetainKeysDirective?: boolean;
}

export function diffMaps(
  original: JsonObject,
  modified: JsonObject,
  schema: SchemaNode | undefined,
  opts: DiffOptions,
): JsonObject {
  const patch: JsonObject = {};
  const retainKeys: string[] = [];
  for (const [key, modifiedValue] of Object.entries(modified)) {
    if (modifiedValue === undefined) continue;
    if (opts.buildRetainKeysDirective && modifiedValue !== null) retainKeys.push(key);
    if (!has(original, key)) {
      if (!opts.ignoreChangesAndAdditions) patch[key] = modifiedValue;
      continue;
    }
    const originalValue = original[key];
    if (key === DIRECTIVE_MARKER) {
      if (typeof originalValue !== 'string' || typeof modifiedValue !== 'string') {
        throw new StrategicMergePatchError(`invalid value for special key: ${DIRECTIVE_MARKER}`);
      }
      if (originalValue !== modifiedValue) patch[DIRECTIVE_MARKER] = modifiedValue;
      continue;
    }
    if (kindOf(originalValue) !== kindOf(modifiedValue)) {
      if (!opts.ignoreChangesAndAdditions) patch[key] = modifiedValue;
      continue;
    }
    if (isJsonObject(originalValue)) {
      diffMapField(key, originalValue, modifiedValue as JsonObject, patch, schema, opts);
    } else if (Array.isArray(originalValue)) {
      diffSliceField(key, originalValue, modifiedValue as unknown[], patch, schema, opts);
    } else {
      replaceIfNotEqual(key, originalValue, modifiedValue, patch, opts);
    }
  }
  if (!opts.ignoreDeletions) {
    for (const key of Object.keys(original)) {
      if (original[key] !== undefined && !has(modified, key)) patch[key] = null;
    }
  }
  // Tell the server which keys survive when something changed or a key must be cleared.
  if (retainKeys.length > 0 && (Object.keys(patch).length > 0 || hasAdditionalNewField(original, modified))) {
    patch[RETAIN_KEYS_DIRECTIVE] = sortScalars(retainKeys);
  }
  return patch;
}

function diffMapField(
  key: string,
  original: JsonObject,
  modified: JsonObject,
  patch: JsonObject,
  schema: SchemaNode | undefined,
  opts: DiffOptions,
): void {
  const meta = lookupForStruct(schema, key);
  if (meta.strategy === REPLACE_DIRECTIVE) {
    if (!opts.ignoreChangesAndAdditions) patch[key] = modified;
    return;
  }
  const sub = diffMaps(original, modified, meta.schema, { ...opts, buildRetainKeysDirective: meta.retainKeys });
  if (Object.keys(sub).length > 0) patch[key] = sub;
}

function diffSliceField(
  key: string,
  original: unknown[],
  modified: unknown[],
  patch: JsonObject,
  schema: SchemaNode | undefined,
  opts: DiffOptions,
): void {
  const meta = lookupForSlice(schema, key);
  if (meta.strategy !== MERGE_DIRECTIVE) {
    replaceIfNotEqual(key, original, modified, patch, opts);
    return;
  }
  const { add, del, order } = diffLists(original, modified, meta.schema, meta.mergeKey, {
    ...opts,
    buildRetainKeysDirective: meta.retainKeys,
  });
  if (add.length > 0) patch[key] = add;
  if (del.length > 0) patch[`${DELETE_FROM_PRIMITIVE_LIST_PREFIX}/${key}`] = del;
  if (order.length > 0) patch[`${SET_ELEMENT_ORDER_PREFIX}/${key}`] = order;
}

function replaceIfNotEqual(key: string, original: unknown, modified: unknown, patch: JsonObject, opts: DiffOptions): void {
  if (opts.ignoreChangesAndAdditions || deepEqual(original, modified)) return;
  patch[key] = modified;
}

/** Whether `original` has a non-null key that `modified` dropped. */
function hasAdditionalNewField(original: JsonObject, modified: JsonObject): boolean {
  return Object.keys(original).some((k) => original[k] !== null && original[k] !== undefined && !has(modified, k));
}

interface ListDiff {
  /** Changed and added items (and, for maps, `$patch: delete` items). */
  add: unknown[];
  /** Removed scalars, for `$deleteFromPrimitiveList`. */
  del: unknown[];
  /** The `$setElementOrder` list, when one is needed. */
  order: unknown[];
}

function diffLists(
  original: unknown[],
  modified: unknown[],
  schema: SchemaNode | undefined,
  mergeKey: string,
  opts: DiffOptions,
): ListDiff {
  if (original.length === 0) {
    // An empty or missing list becomes the whole new list, without ordering directives.
    if (modified.length === 0 || opts.ignoreChangesAndAdditions) return { add: [], del: [], order: [] };
    return { add: modified, del: [], order: [] };
  }
  const kind = sliceElementKind(original, modified);
  if (kind === 'map') {
    const { patch, deletions } = diffListsOfMaps(original, modified, schema, mergeKey, opts);
    const sorted = normalizeSliceOrder(patch, modified, mergeKey, kind);
    const orderSame = isOrderSame(original, modified, mergeKey);
    const add = [...sorted, ...deletions];
    let order: unknown[] = [];
    if (
      opts.setElementOrder &&
      ((!opts.ignoreChangesAndAdditions && (add.length > 0 || !orderSame)) || (!opts.ignoreDeletions && add.length > 0))
    ) {
      order = modified.map((v) => ({ [mergeKey]: (v as JsonObject)[mergeKey] }));
    }
    return { add, del: [], order };
  }
  const { add, del } = diffListsOfScalars(original, modified, opts);
  const sorted = normalizeSliceOrder(add, modified, mergeKey, kind);
  let order: unknown[] = [];
  if (
    opts.setElementOrder &&
    ((!opts.ignoreDeletions && del.length > 0) || (!opts.ignoreChangesAndAdditions && !deepEqual(original, modified)))
  ) {
    order = modified;
  }
  return { add: sorted, del, order };
}

function isOrderSame(original: unknown[], modified: unknown[], mergeKey: string): boolean {
  if (original.length !== modified.length) return false;
  return modified.every((m, i) => {
    const o = original[i] as JsonObject;
    return (o as JsonObject)[mergeKey] === (m as JsonObject)[mergeKey];
  });
}

/** Walks both lists sorted by their `%v` text, like a merge join. */
function diffListsOfScalars(original: unknown[], modified: unknown[], opts: DiffOptions): { add: unknown[]; del: unknown[] } {
  const o = sortScalars(original);
  const m = sortScalars(modified);
  const add: unknown[] = [];
  const del: unknown[] = [];
  let i = 0;
  let j = 0;
  while (i < o.length || j < m.length) {
    const os = i < o.length ? goFormat(o[i]) : undefined;
    const ms = j < m.length ? goFormat(m[j]) : undefined;
    if (os !== undefined && ms !== undefined && os === ms) {
      i++;
      j++;
    } else if (os === undefined || (ms !== undefined && os > ms)) {
      if (!opts.ignoreChangesAndAdditions) add.push(m[j]);
      j++;
    } else {
      if (!opts.ignoreDeletions) del.push(o[i]);
      i++;
    }
  }
  return { add, del: deduplicateScalars(del) };
}

/** Items matched by merge key: changed ones as sub-patches, new ones whole, gone ones as deletes. */
function diffListsOfMaps(
  original: unknown[],
  modified: unknown[],
  schema: SchemaNode | undefined,
  mergeKey: string,
  opts: DiffOptions,
): { patch: unknown[]; deletions: unknown[] } {
  const o = sortByMergeKey(original, mergeKey);
  const m = sortByMergeKey(modified, mergeKey);
  const patch: unknown[] = [];
  const deletions: unknown[] = [];
  let i = 0;
  let j = 0;
  while (i < o.length || j < m.length) {
    const os = i < o.length ? goFormat(o[i]!.key) : undefined;
    const ms = j < m.length ? goFormat(m[j]!.key) : undefined;
    if (os !== undefined && ms !== undefined && os === ms) {
      const sub = diffMaps(o[i]!.item, m[j]!.item, schema, opts);
      if (Object.keys(sub).length > 0) {
        sub[mergeKey] = m[j]!.key;
        patch.push(sub);
      }
      i++;
      j++;
    } else if (os === undefined || (ms !== undefined && os > ms)) {
      if (!opts.ignoreChangesAndAdditions) patch.push(m[j]!.item);
      j++;
    } else {
      if (!opts.ignoreDeletions) deletions.push({ [mergeKey]: o[i]!.key, [DIRECTIVE_MARKER]: DELETE_DIRECTIVE });
      i++;
    }
  }
  return { patch, deletions };
}

function sortByMergeKey(list: unknown[], mergeKey: string): { item: JsonObject; key: unknown }[] {
  const out = list.map((v) => {
    if (Array.isArray(v)) throw errNoListOfLists();
    if (!isJsonObject(v)) throw errBadArgType('map', v);
    if (!has(v, mergeKey)) throw errNoMergeKey(v, mergeKey);
    return { item: v, key: v[mergeKey] };
  });
  return out.sort((a, b) => {
    const x = goFormat(a.key);
    const y = goFormat(b.key);
    return x < y ? -1 : x > y ? 1 : 0;
  });
}
