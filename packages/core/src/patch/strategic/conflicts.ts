/**
 * Whether two strategic merge patches touch the same field differently
 * (strategicpatch.MergingMapsHaveConflicts). kubectl apply uses it with --overwrite=false to
 * refuse a patch that would undo a change someone made to the live object since the last
 * apply.
 */
import type { SchemaNode } from '../../schema/node.js';
import { deepEqual, goFormat, has, isJsonObject, type JsonObject } from '../json-value.js';
import { StrategicMergePatchError } from './errors.js';
import {
  DIRECTIVE_MARKER,
  MERGE_DIRECTIVE,
  REPLACE_DIRECTIVE,
  RETAIN_KEYS_DIRECTIVE,
  deduplicateScalars,
  sliceElementKind,
  sortScalars,
} from './lists.js';
import { lookupForSlice, lookupForStruct } from './meta.js';

export function mergingMapsHaveConflicts(left: JsonObject, right: JsonObject, schema: SchemaNode | undefined): boolean {
  return fieldsHaveConflicts(left, right, schema, '', '');
}

function fieldsHaveConflicts(
  left: unknown,
  right: unknown,
  schema: SchemaNode | undefined,
  strategy: string,
  mergeKey: string,
): boolean {
  if (isJsonObject(left)) {
    if (!isJsonObject(right)) return true;
    const l = has(left, DIRECTIVE_MARKER);
    const r = has(right, DIRECTIVE_MARKER);
    // A directive acts on the whole map: differing directives (or one side only) conflict.
    if (l || r) {
      if (l !== r || left[DIRECTIVE_MARKER] !== right[DIRECTIVE_MARKER]) return true;
    }
    if (strategy === REPLACE_DIRECTIVE) return false;
    return mapsHaveConflicts(left, right, schema);
  }
  if (Array.isArray(left)) {
    if (!Array.isArray(right)) return true;
    return slicesHaveConflicts(left, right, schema, strategy, mergeKey);
  }
  return !deepEqual(left, right);
}

function mapsHaveConflicts(left: JsonObject, right: JsonObject, schema: SchemaNode | undefined): boolean {
  for (const [key, lv] of Object.entries(left)) {
    if (key === DIRECTIVE_MARKER || key === RETAIN_KEYS_DIRECTIVE || !has(right, key)) continue;
    let sub: SchemaNode | undefined;
    let strategy = '';
    let mergeKey = '';
    if (Array.isArray(lv) || isJsonObject(lv)) {
      const meta = Array.isArray(lv) ? lookupForSlice(schema, key) : lookupForStruct(schema, key);
      sub = meta.schema;
      strategy = meta.strategy;
      mergeKey = meta.mergeKey;
    }
    if (fieldsHaveConflicts(lv, right[key], sub, strategy, mergeKey)) return true;
  }
  return false;
}

function slicesHaveConflicts(
  left: unknown[],
  right: unknown[],
  schema: SchemaNode | undefined,
  strategy: string,
  mergeKey: string,
): boolean {
  const kind = sliceElementKind(left, right);
  if (strategy === MERGE_DIRECTIVE) {
    // Merging lists of scalars cannot conflict; lists of maps are compared item by item.
    if (kind !== 'map') return false;
    const l = byMergeKey(left, mergeKey);
    const r = byMergeKey(right, mergeKey);
    for (const [k, lv] of l) {
      const rv = r.get(k);
      if (rv !== undefined && fieldsHaveConflicts(lv, rv, schema, '', '')) return true;
    }
    return false;
  }
  if (left.length !== right.length) return true;
  let l = left;
  let r = right;
  if (kind !== 'map') {
    l = sortScalars(deduplicateScalars(left));
    r = sortScalars(deduplicateScalars(right));
  }
  return l.some((x, i) => fieldsHaveConflicts(x, r[i], schema, '', ''));
}

function byMergeKey(list: unknown[], mergeKey: string): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const v of list) {
    if (!isJsonObject(v)) throw new StrategicMergePatchError(`invalid element type in merging list:${goFormat(list)}`);
    if (!has(v, mergeKey)) {
      throw new StrategicMergePatchError(`cannot find merge key \`${mergeKey}\` in merging list element:${goFormat(v)}`);
    }
    out.set(goFormat(v[mergeKey]), v);
  }
  return out;
}
