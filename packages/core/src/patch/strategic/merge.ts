/**
 * Applying a strategic merge patch (k8s.io/apimachinery strategicpatch mergeMap and
 * friends), driven by the schema's patch metadata:
 *
 * - maps merge key by key; `null` deletes; `$patch: replace` replaces the map with the rest
 *   of the patch; `$patch: delete` empties it;
 * - lists with strategy `merge` and a merge key merge element by element (`$patch: delete`
 *   on an element removes it, `$patch: replace` as an element replaces the list); merging
 *   lists of scalars union them; other lists are replaced;
 * - `$retainKeys: [...]` clears keys of the live map not listed (server side only);
 * - `$deleteFromPrimitiveList/<field>: [...]` removes scalars from a list;
 * - `$setElementOrder/<field>: [...]` fixes the final order of a merged list.
 *
 * The same routine also merges two patches into one (when kubectl computes a three-way
 * patch), in which case parallel lists and nulls are kept rather than interpreted; the
 * options say which.
 */
import type { SchemaNode } from '../../schema/node.js';
import { deepEqual, goFormat, has, isJsonObject, kindOf, type JsonObject } from '../json-value.js';
import {
  errBadArgType,
  errBadPatchFormatForPrimitiveList,
  errBadPatchFormatForRetainKeys,
  errBadPatchFormatForSetElementOrderList,
  errBadPatchType,
  errNoMergeKey,
  StrategicMergePatchError,
} from './errors.js';
import {
  DELETE_DIRECTIVE,
  DELETE_FROM_PRIMITIVE_LIST_PREFIX,
  DIRECTIVE_MARKER,
  MERGE_DIRECTIVE,
  REPLACE_DIRECTIVE,
  RETAIN_KEYS_DIRECTIVE,
  SET_ELEMENT_ORDER_PREFIX,
  deduplicateScalars,
  extractKey,
  extractToDeleteItems,
  findMapByKey,
  mergeKeyValueEqual,
  normalizeElementOrder,
  partitionMapsByPresentInList,
  partitionPrimitivesByPresentInList,
  sliceElementKind,
} from './lists.js';
import { lookupForSlice, lookupForStruct, schemaName } from './meta.js';

export interface MergeOptions {
  /** Interpret $deleteFromPrimitiveList, $retainKeys and $setElementOrder (server side). */
  mergeParallelList: boolean;
  /** Drop nulls that delete nothing instead of keeping them (server side). */
  ignoreUnmatchedNulls: boolean;
}

export const SERVER_SIDE: MergeOptions = { mergeParallelList: true, ignoreUnmatchedNulls: true };
export const PATCH_ON_PATCH: MergeOptions = { mergeParallelList: false, ignoreUnmatchedNulls: false };

/** Merges `patch` into `original`. Both may be modified; callers pass copies. */
export function mergeMap(
  original: JsonObject | undefined,
  patch: JsonObject,
  schema: SchemaNode | undefined,
  opts: MergeOptions,
): JsonObject {
  if (has(patch, DIRECTIVE_MARKER)) return directiveInMergeMap(patch[DIRECTIVE_MARKER], patch);
  const orig = original ?? {};
  applyRetainKeysDirective(orig, patch, opts);
  mergePatchIntoOriginal(orig, patch, schema, opts);

  for (let k of Object.keys(patch)) {
    const patchV = patch[k];
    let isDeleteList = false;
    if (k.startsWith(DELETE_FROM_PRIMITIVE_LIST_PREFIX)) {
      if (!opts.mergeParallelList) {
        orig[k] = patchV;
        continue;
      }
      k = extractKey(k, DELETE_FROM_PRIMITIVE_LIST_PREFIX, errBadPatchFormatForPrimitiveList);
      isDeleteList = true;
    }

    if (patchV === null) {
      delete orig[k];
      if (opts.ignoreUnmatchedNulls) continue;
    }

    if (!has(orig, k)) {
      if (!isDeleteList) setWithoutDirectives(orig, k, patchV, opts);
      continue;
    }
    const origV = orig[k];
    if (kindOf(origV) !== kindOf(patchV)) {
      if (!isDeleteList) setWithoutDirectives(orig, k, patchV, opts);
      continue;
    }
    if (isJsonObject(origV)) {
      const meta = lookupForStruct(schema, k);
      const p = patchV as JsonObject;
      orig[k] = meta.strategy === REPLACE_DIRECTIVE ? p : mergeMap(origV, p, meta.schema, opts);
    } else if (Array.isArray(origV)) {
      const meta = lookupForSlice(schema, k);
      orig[k] = mergeSliceHandler(origV, patchV as unknown[], meta.schema, meta.strategy, meta.mergeKey, isDeleteList, opts);
    } else {
      setWithoutDirectives(orig, k, patchV, { ...opts, ignoreUnmatchedNulls: false });
    }
  }
  return orig;
}

function setWithoutDirectives(target: JsonObject, k: string, v: unknown, opts: MergeOptions): void {
  if (opts.ignoreUnmatchedNulls) discardNullValues(v);
  const [value, keep] = removeDirectives(v);
  if (keep) target[k] = value;
  else delete target[k];
}

function directiveInMergeMap(directive: unknown, patch: JsonObject): JsonObject {
  if (directive === REPLACE_DIRECTIVE) {
    delete patch[DIRECTIVE_MARKER];
    return patch;
  }
  if (directive === DELETE_DIRECTIVE) return {};
  throw errBadPatchType(directive, patch);
}

/** Removes maps carrying a `$patch` directive from a value that is taken as is. */
export function removeDirectives(v: unknown): [unknown, boolean] {
  if (isJsonObject(v)) {
    if (has(v, DIRECTIVE_MARKER)) return [null, false];
    for (const k of Object.keys(v)) {
      const [nv, keep] = removeDirectives(v[k]);
      if (keep) v[k] = nv;
      else delete v[k];
    }
    return [v, true];
  }
  if (Array.isArray(v)) {
    const out: unknown[] = [];
    for (const x of v) {
      const [nx, keep] = removeDirectives(x);
      if (keep) out.push(nx);
    }
    return [out, true];
  }
  return [v, true];
}

function discardNullValues(v: unknown): void {
  if (isJsonObject(v)) {
    for (const k of Object.keys(v)) {
      if (v[k] === null) delete v[k];
      else discardNullValues(v[k]);
    }
  } else if (Array.isArray(v)) {
    for (const x of v) discardNullValues(x);
  }
}

/**
 * `$retainKeys`: on the server, keys of the live map not listed are cleared, and every
 * non-null key the patch sets must be listed (else 400). Merging two patches only checks
 * that both carry the same list.
 */
function applyRetainKeysDirective(original: JsonObject, patch: JsonObject, opts: MergeOptions): void {
  if (!has(patch, RETAIN_KEYS_DIRECTIVE)) return;
  const inPatch = patch[RETAIN_KEYS_DIRECTIVE];
  delete patch[RETAIN_KEYS_DIRECTIVE];
  if (!opts.mergeParallelList) {
    if (has(original, RETAIN_KEYS_DIRECTIVE)) {
      if (!deepEqual(original[RETAIN_KEYS_DIRECTIVE], inPatch)) {
        throw new StrategicMergePatchError(
          `${JSON.stringify(original[RETAIN_KEYS_DIRECTIVE])} and ${JSON.stringify(inPatch)} are not deep equal: this may happen when calculating the 3-way diff patch`,
        );
      }
    } else {
      original[RETAIN_KEYS_DIRECTIVE] = inPatch;
    }
    return;
  }
  if (!Array.isArray(inPatch)) throw errBadPatchFormatForRetainKeys();
  const keep = new Set(inPatch);
  for (const [k, v] of Object.entries(patch)) {
    if (v === null || k.startsWith(DELETE_FROM_PRIMITIVE_LIST_PREFIX) || k.startsWith(SET_ELEMENT_ORDER_PREFIX)) continue;
    if (!keep.has(k)) throw errBadPatchFormatForRetainKeys();
  }
  for (const k of Object.keys(original)) if (!keep.has(k)) delete original[k];
}

/**
 * `$setElementOrder/<field>`: merges the field's patch list (if any) into the live list and
 * orders the result: the directive's order first, then the live order for items the server
 * alone has. Consumes both the directive and the field's patch list from `patch`.
 */
function mergePatchIntoOriginal(
  original: JsonObject,
  patch: JsonObject,
  schema: SchemaNode | undefined,
  opts: MergeOptions,
): void {
  for (const key of Object.keys(patch)) {
    if (!key.startsWith(SET_ELEMENT_ORDER_PREFIX)) continue;
    const order = patch[key];
    if (!opts.mergeParallelList) {
      if (has(original, key)) {
        if (!deepEqual(original[key], order)) throw errBadPatchFormatForSetElementOrderList();
      } else {
        original[key] = order;
      }
    }
    delete patch[key];

    if (!Array.isArray(order)) throw errBadArgType('slice', order);
    const field = extractKey(key, SET_ELEMENT_ORDER_PREFIX, errBadPatchFormatForSetElementOrderList);
    const foundOriginal = has(original, field);
    const foundPatch = has(patch, field);
    let originalList: unknown[] = [];
    let patchList: unknown[] = [];
    if (foundOriginal) {
      if (!Array.isArray(original[field])) throw errBadArgType('slice', original[field]);
      originalList = original[field] as unknown[];
    }
    if (foundPatch) {
      if (!Array.isArray(patch[field])) throw errBadArgType('slice', patch[field]);
      patchList = patch[field] as unknown[];
    }
    const meta = lookupForSlice(schema, field);
    validatePatchWithSetOrderList(patchList, order, meta.mergeKey);

    let merged: unknown[];
    if (foundOriginal && !foundPatch) merged = originalList;
    else if (!foundOriginal && foundPatch) merged = removeDirectives(patchList)[0] as unknown[];
    else if (foundOriginal && foundPatch) {
      merged = mergeSliceHandler(originalList, patchList, meta.schema, meta.strategy, meta.mergeKey, false, opts);
    } else continue;

    const { inList, others } = meta.mergeKey
      ? partitionMapsByPresentInList(merged, order, meta.mergeKey)
      : partitionPrimitivesByPresentInList(merged, order);
    const kind = sliceElementKind(originalList, patchList);
    original[field] = normalizeElementOrder(inList, others, order, originalList, meta.mergeKey, kind);
    delete patch[field];
  }
}

/** The patch list's items (deletions aside) must appear in the directive, in its order. */
function validatePatchWithSetOrderList(patchList: unknown[], order: unknown[], mergeKey: string): void {
  if (order.length === 0 || patchList.length === 0) return;
  const nonDelete = mergeKey ? extractToDeleteItems(patchList).keep : patchList;
  let p = 0;
  let o = 0;
  while (p < nonDelete.length && o < order.length) {
    const item = nonDelete[p];
    if (isJsonObject(item) && has(item, DIRECTIVE_MARKER)) {
      p++;
      continue;
    }
    if (mergeKeyValueEqual(item, order[o], mergeKey)) p++;
    o++;
  }
  if (p < nonDelete.length && o >= order.length) {
    throw new StrategicMergePatchError(
      `The order in patch list:\n${goFormat(patchList)}\n doesn't match ${SET_ELEMENT_ORDER_PREFIX} list:\n${goFormat(order)}\n`,
    );
  }
}

function mergeSliceHandler(
  original: unknown[],
  patch: unknown[],
  schema: SchemaNode | undefined,
  strategy: string,
  mergeKey: string,
  isDeleteList: boolean,
  opts: MergeOptions,
): unknown[] {
  // Deletion lists are handled alike whatever the field's strategy.
  if (strategy === MERGE_DIRECTIVE || isDeleteList) return mergeSlice(original, patch, schema, mergeKey, opts, isDeleteList);
  return patch;
}

function mergeSlice(
  original: unknown[],
  patch: unknown[],
  schema: SchemaNode | undefined,
  mergeKey: string,
  opts: MergeOptions,
  isDeleteList: boolean,
): unknown[] {
  if (original.length === 0 && patch.length === 0) return original;
  const kind = sliceElementKind(original, patch);
  let merged: unknown[];
  let serverOrder = original;
  let patchItems = patch;
  if (kind !== 'map') {
    if (opts.mergeParallelList && isDeleteList) return original.filter((v) => !patch.some((d) => d === v));
    merged = deduplicateScalars([...original, ...patch]);
  } else {
    if (!mergeKey) throw new StrategicMergePatchError(`cannot merge lists without merge key for ${schemaName(schema)}`);
    ({ original: serverOrder, patch: patchItems } = mergeSliceWithSpecialElements(original, patch, mergeKey));
    merged = mergeSliceWithoutSpecialElements([...serverOrder], patchItems, mergeKey, schema, opts);
  }
  const { inList, others } = mergeKey
    ? partitionMapsByPresentInList(merged, patchItems, mergeKey)
    : partitionPrimitivesByPresentInList(merged, patchItems);
  return normalizeElementOrder(inList, others, patchItems, serverOrder, mergeKey, kind);
}

/** Applies `$patch: delete` / `$patch: replace` elements; returns the rest of the patch. */
function mergeSliceWithSpecialElements(
  original: unknown[],
  patch: unknown[],
  mergeKey: string,
): { original: unknown[]; patch: unknown[] } {
  const plain: unknown[] = [];
  let replace = false;
  let orig = original;
  for (const v of patch) {
    const item = v as JsonObject;
    if (!has(item, DIRECTIVE_MARKER)) {
      plain.push(v);
      continue;
    }
    const directive = item[DIRECTIVE_MARKER];
    if (directive === DELETE_DIRECTIVE) {
      if (!has(item, mergeKey)) throw errNoMergeKey(item, mergeKey);
      orig = orig.filter((x) => !(isJsonObject(x) && has(x, mergeKey) && x[mergeKey] === item[mergeKey]));
    } else if (directive === REPLACE_DIRECTIVE) {
      replace = true;
    } else if (directive === MERGE_DIRECTIVE) {
      throw new StrategicMergePatchError('merging lists cannot yet be specified in the patch');
    } else {
      throw errBadPatchType(directive, item);
    }
  }
  return replace ? { original: plain, patch: [] } : { original: orig, patch: plain };
}

/** Merges each patch element into the live element with the same key, or appends it. */
function mergeSliceWithoutSpecialElements(
  original: unknown[],
  patch: unknown[],
  mergeKey: string,
  schema: SchemaNode | undefined,
  opts: MergeOptions,
): unknown[] {
  for (const v of patch) {
    const item = v as JsonObject;
    if (!has(item, mergeKey)) throw errNoMergeKey(item, mergeKey);
    const found = findMapByKey(original, mergeKey, item[mergeKey]);
    if (found) original[found.index] = mergeMap(found.map, item, schema, opts);
    else original.push(v);
  }
  return original;
}
