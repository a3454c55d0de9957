/**
 * Strategic merge patch (application/strategic-merge-patch+json): the API server's apply
 * step, and the two-way and three-way patch builders kubectl uses (edit/label/annotate and
 * client-side apply with the last-applied-configuration annotation). The merge rules come
 * from the schema's x-kubernetes-patch-strategy / -patch-merge-key; see strategic/merge.ts
 * for the directives and strategic/diff.ts for how patches are computed.
 */
import { badRequest } from '../api/status.js';
import type { SchemaNode } from '../schema/node.js';
import { deepClone, goFormat, isJsonObject, stableStringify, type JsonObject } from './json-value.js';
import { mergingMapsHaveConflicts } from './strategic/conflicts.js';
import { diffMaps } from './strategic/diff.js';
import { StrategicMergePatchError, toStatusError } from './strategic/errors.js';
import {
  DELETE_FROM_PRIMITIVE_LIST_PREFIX,
  DIRECTIVE_MARKER,
  RETAIN_KEYS_DIRECTIVE,
  SET_ELEMENT_ORDER_PREFIX,
} from './strategic/lists.js';
import { mergeMap, PATCH_ON_PATCH, SERVER_SIDE } from './strategic/merge.js';

export { StrategicMergePatchError } from './strategic/errors.js';

/**
 * Applies a decoded strategic merge patch to a copy of `original` for the API server.
 * Throws a StatusError shaped as kube-apiserver returns it (400, the generic 422, or a 500
 * without reason for errors upstream does not classify, such as a missing merge key).
 */
export function applyStrategicMergePatch(original: unknown, patch: unknown, schema: SchemaNode | undefined): JsonObject {
  if (patch !== null && !isJsonObject(patch)) {
    const what = Array.isArray(patch) ? 'array' : typeof patch === 'boolean' ? 'bool' : typeof patch;
    throw badRequest(`json: cannot unmarshal ${what} into Go value of type map[string]interface {}`);
  }
  try {
    return strategicMergePatch(isJsonObject(original) ? original : {}, patch ?? {}, schema);
  } catch (e) {
    throw e instanceof StrategicMergePatchError ? toStatusError(e) : e;
  }
}

/**
 * Applies `patch` to a copy of `original`; throws StrategicMergePatchError. Directive keys
 * never reach the result: upstream decodes the result into a typed object, which drops them.
 */
export function strategicMergePatch(original: JsonObject, patch: JsonObject, schema: SchemaNode | undefined): JsonObject {
  const merged = mergeMap(deepClone(original), deepClone(patch), schema, SERVER_SIDE);
  return stripDirectives(merged) as JsonObject;
}

function isDirectiveKey(k: string): boolean {
  return (
    k === DIRECTIVE_MARKER ||
    k === RETAIN_KEYS_DIRECTIVE ||
    k.startsWith(`${SET_ELEMENT_ORDER_PREFIX}/`) ||
    k.startsWith(`${DELETE_FROM_PRIMITIVE_LIST_PREFIX}/`)
  );
}

function stripDirectives(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(stripDirectives);
  if (isJsonObject(v)) {
    for (const k of Object.keys(v)) {
      if (isDirectiveKey(k)) delete v[k];
      else v[k] = stripDirectives(v[k]);
    }
  }
  return v;
}

/** A check kubectl runs on a computed patch (mergepatch.PreconditionFunc). */
export type PatchPrecondition = (patch: JsonObject) => boolean;

/** Fails when the patch changes a top-level key (kubectl apply: apiVersion, kind). */
export function requireKeyUnchanged(key: string): PatchPrecondition {
  return (patch) => !Object.prototype.hasOwnProperty.call(patch, key);
}

/** Fails when the patch changes a metadata key (kubectl apply: metadata.name). */
export function requireMetadataKeyUnchanged(key: string): PatchPrecondition {
  return (patch) => {
    const meta = patch.metadata;
    return !isJsonObject(meta) || !Object.prototype.hasOwnProperty.call(meta, key);
  };
}

export class PreconditionFailedError extends Error {
  constructor(patch: JsonObject) {
    super(`precondition failed for: ${goFormat(patch)}`);
    this.name = 'PreconditionFailedError';
  }
}

/** With overwrite=false, the patch would change a field that changed since the last apply. */
export class StrategicMergeConflictError extends Error {
  constructor(patch: JsonObject, changed: JsonObject) {
    super(`patch:\n${stableStringify(patch)}\nconflicts with changes made from original to current:\n${stableStringify(changed)}\n`);
    this.name = 'StrategicMergeConflictError';
  }
}

function checkPreconditions(patch: JsonObject, preconditions: readonly PatchPrecondition[]): void {
  for (const fn of preconditions) if (!fn(patch)) throw new PreconditionFailedError(patch);
}

/**
 * The patch that turns `original` into `modified` (strategicpatch.CreateTwoWayMergePatch),
 * with `$setElementOrder` for reordered or changed merging lists.
 */
export function createTwoWayMergePatch(
  original: JsonObject,
  modified: JsonObject,
  schema: SchemaNode | undefined,
  preconditions: readonly PatchPrecondition[] = [],
): JsonObject {
  const patch = diffMaps(deepClone(original), deepClone(modified), schema, { setElementOrder: true });
  checkPreconditions(patch, preconditions);
  return patch;
}

/**
 * kubectl apply's patch (strategicpatch.CreateThreeWayMergePatch): `original` is the
 * last-applied configuration, `modified` the new manifest (carrying the new annotation),
 * `current` the live object. The patch sets what differs between current and modified, and
 * deletes only what the user removed from original to modified — fields others set on the
 * live object are kept. With `overwrite` false, a patch that would change a field someone
 * else changed since the last apply throws StrategicMergeConflictError.
 */
export function createThreeWayMergePatch(
  original: JsonObject | undefined,
  modified: JsonObject,
  current: JsonObject,
  schema: SchemaNode | undefined,
  overwrite: boolean,
  preconditions: readonly PatchPrecondition[] = [],
): JsonObject {
  const orig = deepClone(original ?? {});
  const mod = deepClone(modified);
  const cur = deepClone(current);
  // Additions and changes from current to modified, and deletions from original to
  // modified; the second is then merged into the first as a patch-on-patch.
  const delta = diffMaps(cur, mod, schema, { ignoreDeletions: true, setElementOrder: true });
  const deletions = diffMaps(orig, mod, schema, { setElementOrder: true, ignoreChangesAndAdditions: true });
  const patch = mergeMap(deletions, delta, schema, PATCH_ON_PATCH);
  checkPreconditions(patch, preconditions);
  if (!overwrite) {
    const changed = diffMaps(orig, cur, schema, {});
    if (mergingMapsHaveConflicts(patch, changed, schema)) throw new StrategicMergeConflictError(patch, changed);
  }
  return patch;
}
