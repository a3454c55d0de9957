/**
 * JSON Merge Patch (RFC 7386, application/merge-patch+json) as kube-apiserver applies it
 * with gopkg.in/evanphx/json-patch.v4's MergePatch, and the patch builders kubectl uses on
 * objects without strategic-merge metadata (custom resources): CreateMergePatch (kubectl
 * label/annotate/edit) and k8s.io/apimachinery's CreateThreeWayJSONMergePatch (kubectl apply).
 *
 * Semantics worth knowing: null deletes a member; objects merge recursively; anything else,
 * arrays included, replaces. Nulls inside a value that lands where nothing was are pruned
 * (so `{"a": {"b": null}}` onto `{}` gives `{"a": {}}`).
 */
import { badRequest } from '../api/status.js';
import { deepClone, deepEqual, isJsonObject, kindOf, stableStringify, type JsonObject } from './json-value.js';

/**
 * Applies a decoded merge patch to a copy of `doc`. A patch that is not an object or array
 * (null, a string, a number) is the 400 upstream answers: `Invalid JSON Patch`.
 */
export function applyMergePatch(doc: unknown, patch: unknown): unknown {
  if (Array.isArray(patch)) return pruneNulls(deepClone(patch));
  if (!isJsonObject(patch)) throw badRequest('Invalid JSON Patch');
  const p = deepClone(patch);
  if (!isJsonObject(doc)) return pruneNulls(p);
  const out = deepClone(doc);
  mergeInto(out, p);
  return out;
}

function mergeInto(doc: JsonObject, patch: JsonObject): void {
  for (const [k, v] of Object.entries(patch)) {
    if (v === undefined) continue;
    if (v === null) {
      delete doc[k];
    } else if (doc[k] === undefined || doc[k] === null) {
      doc[k] = pruneNulls(v);
    } else {
      doc[k] = mergeValue(doc[k], v);
    }
  }
}

function mergeValue(cur: unknown, patch: unknown): unknown {
  // upstream: a non-object target takes the patch with nulls pruned; a non-object patch
  // replaces as is.
  if (!isJsonObject(cur)) return pruneNulls(patch);
  if (!isJsonObject(patch)) return patch;
  mergeInto(cur, patch);
  return cur;
}

/** Drops null members of objects at any depth; null array elements stay. */
function pruneNulls(v: unknown): unknown {
  if (Array.isArray(v)) return v.map((x) => (x === null ? x : pruneNulls(x)));
  if (isJsonObject(v)) {
    for (const k of Object.keys(v)) {
      if (v[k] === null) delete v[k];
      else pruneNulls(v[k]);
    }
  }
  return v;
}

/** upstream: mismatched document types for CreateMergePatch. */
export class MergePatchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MergePatchError';
  }
}

/**
 * The merge patch that turns `original` into `modified`: changed and added members with
 * their new values, removed members as null, unchanged members omitted, arrays compared as a
 * whole. Both must be objects (or both arrays of objects, diffed pairwise).
 */
export function createMergePatch(original: unknown, modified: unknown): unknown {
  if (Array.isArray(original) && Array.isArray(modified)) {
    if (original.length !== modified.length) throw new MergePatchError('Invalid JSON Document');
    return original.map((o, i) => createMergePatch(o, modified[i]));
  }
  if (Array.isArray(original) || Array.isArray(modified)) throw new MergePatchError('Mismatched JSON Documents');
  if (!isJsonObject(original) || !isJsonObject(modified)) throw new MergePatchError('Invalid JSON Document');
  return diffObjects(original, modified);
}

function diffObjects(a: JsonObject, b: JsonObject): JsonObject {
  const into: JsonObject = {};
  for (const [key, bv] of Object.entries(b)) {
    if (bv === undefined) continue;
    if (!Object.prototype.hasOwnProperty.call(a, key) || a[key] === undefined) {
      into[key] = deepClone(bv);
      continue;
    }
    const av = a[key];
    if (kindOf(av) !== kindOf(bv)) {
      into[key] = deepClone(bv);
    } else if (isJsonObject(av) && isJsonObject(bv)) {
      const sub = diffObjects(av, bv);
      if (Object.keys(sub).length > 0) into[key] = sub;
    } else if (!deepEqual(av, bv)) {
      into[key] = deepClone(bv);
    }
  }
  for (const key of Object.keys(a)) {
    if (a[key] !== undefined && (!Object.prototype.hasOwnProperty.call(b, key) || b[key] === undefined)) into[key] = null;
  }
  return into;
}

/** A 3-way patch that would undo a concurrent change to the live object (overwrite=false). */
export class MergePatchConflictError extends Error {
  constructor(patch: unknown, current: unknown) {
    super(`patch:\n${stableStringify(patch)}\nconflicts with changes made from original to current:\n${stableStringify(current)}\n`);
    this.name = 'MergePatchConflictError';
  }
}

/**
 * kubectl apply's patch for objects without strategic-merge metadata: additions and changes
 * from current (live) to modified (the new manifest), plus deletions of what the user
 * removed from original (the last-applied configuration) to modified. Fields others set on
 * the live object and that were never in the user's manifests are left alone.
 */
export function createThreeWayJsonMergePatch(original: unknown, modified: unknown, current: unknown): JsonObject {
  const orig = isJsonObject(original) ? original : {};
  const mod = isJsonObject(modified) ? modified : {};
  const cur = isJsonObject(current) ? current : {};
  const addAndChange = keepOrDeleteNull(diffObjects(cur, mod), false);
  const deletions = keepOrDeleteNull(diffObjects(orig, mod), true);
  if (hasConflicts(addAndChange, deletions)) throw new MergePatchConflictError(addAndChange, deletions);
  const merged = applyMergeMerge(deletions, addAndChange);
  return merged;
}

/** Keeps only the nulls (deletions) or only the non-nulls (additions and changes). */
function keepOrDeleteNull(m: JsonObject, keepNull: boolean): JsonObject {
  const out: JsonObject = {};
  for (const [key, val] of Object.entries(m)) {
    if (val === null) {
      if (keepNull) out[key] = null;
    } else if (isJsonObject(val)) {
      // An explicitly empty object is a value, not an empty sub-patch.
      if (Object.keys(val).length === 0) {
        if (!keepNull) out[key] = val;
        continue;
      }
      const sub = keepOrDeleteNull(val, keepNull);
      if (Object.keys(sub).length > 0) out[key] = sub;
    } else if (!keepNull) {
      out[key] = val;
    }
  }
  return out;
}

/** mergepatch.HasConflicts: both touch a key with different values. */
function hasConflicts(left: unknown, right: unknown): boolean {
  if (isJsonObject(left)) {
    if (!isJsonObject(right)) return true;
    return Object.keys(left).some((k) => Object.prototype.hasOwnProperty.call(right, k) && hasConflicts(left[k], right[k]));
  }
  if (Array.isArray(left)) {
    if (!Array.isArray(right) || left.length !== right.length) return true;
    return left.some((x, i) => hasConflicts(x, right[i]));
  }
  return !deepEqual(left, right);
}

/** Merges two merge patches so that nulls survive (evanphx MergePatch applied patch-on-patch). */
function applyMergeMerge(doc: JsonObject, patch: JsonObject): JsonObject {
  const out = deepClone(doc);
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else if (isJsonObject(out[k]) && isJsonObject(v)) out[k] = applyMergeMerge(out[k] as JsonObject, v);
    else out[k] = pruneNulls(deepClone(v));
  }
  return out;
}
