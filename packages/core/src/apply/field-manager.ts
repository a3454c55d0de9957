/**
 * The API server's field manager (k8s.io/apimachinery managedfields FieldManager and the
 * managers it stacks): the two entry points the handlers call.
 *
 * - `applyServerSide`: a PATCH of type application/apply-patch+yaml for a field manager.
 * - `updateManagedFields`: after any other write (create, update, patch), records what the
 *   writer changed as an Update entry.
 *
 * Behaviour reproduced from the upstream stack, outermost first:
 * - the apply configuration must name the resource's apiVersion and kind (400 otherwise),
 *   must not carry managedFields (400), and must fit the schema (500, upstream's wording);
 * - `kubectl` upgrading from client-side apply: conflicts on fields its last-applied
 *   annotation set (with the live values) are not conflicts, and the annotation is kept in
 *   step with what it applies;
 * - an object without managedFields gets a `before-first-apply` Update entry owning what
 *   it has before the first apply; an update of such an object is not tracked at all;
 * - at most 10 Update entries, the oldest folded into `ancient-changes`;
 * - apiVersion, kind, metadata.name/namespace/uid/resourceVersion/generation/
 *   creationTimestamp/managedFields are never owned;
 * - an entry's time is when its manager last changed the object.
 */
import { badRequest } from '../api/status.js';
import { parseApiVersion, type KubeObject, type ManagedFieldsEntry } from '../api/meta.js';
import type { SchemaNode } from '../schema/node.js';
import { deepClone, isJsonObject, type JsonObject } from '../patch/json-value.js';
import { unknownServerError } from '../patch/status-errors.js';
import { compare } from './compare.js';
import { applyConflictError } from './conflicts.js';
import { FieldSet } from './field-set.js';
import {
  capUpdateManagers,
  cloneManaged,
  decodeManagedFields,
  emptyManaged,
  encodeManagedFields,
  managerIdentifier,
  type Managed,
} from './managed-fields.js';
import { goJson, type Path } from './path.js';
import { toFieldSet, validateApplied } from './to-field-set.js';
import { ConflictsError, updaterApply, updaterUpdate, type UpdaterOptions } from './updater.js';

export const LAST_APPLIED_ANNOTATION = 'kubectl.kubernetes.io/last-applied-configuration';

export interface FieldManagerOptions {
  /** The schema of the kind; undefined treats every value as untyped. */
  schema: SchemaNode | undefined;
  /** The group/version the request is served at ("apps/v1"). */
  apiVersion: string;
  kind: string;
  /** The time to stamp on entries, RFC 3339 (timestamp(clock.now())). */
  now: string;
  /** "status", "scale" ... for writes to a subresource. */
  subresource?: string;
  /** Fields the strategy resets and no manager owns, e.g. [["status"]] for the main resource. */
  resetFields?: readonly (readonly string[])[];
  /** Custom resources are unstructured upstream: nested objects are owned as they appear. */
  customResource?: boolean;
}

const fieldPath = (...names: string[]): Path => names.map((field) => ({ field }));

/** Fields never recorded as owned (stripmeta.go). */
const STRIPPED = FieldSet.of(
  fieldPath('apiVersion'),
  fieldPath('kind'),
  fieldPath('metadata'),
  ...['name', 'namespace', 'creationTimestamp', 'selfLink', 'uid', 'clusterName', 'generation', 'managedFields', 'resourceVersion'].map(
    (f) => fieldPath('metadata', f),
  ),
);

const CURRENT_OPERATION = 'current-operation';
const BEFORE_FIRST_APPLY = 'before-first-apply';

function updaterOptions(opts: FieldManagerOptions): UpdaterOptions {
  const ignored = opts.resetFields?.length ? FieldSet.of(...opts.resetFields.map((p) => fieldPath(...p))) : undefined;
  return { schema: opts.schema, ignored, zeroValuesExist: !opts.customResource };
}

function withoutManagedFields(o: KubeObject | undefined): KubeObject {
  const c = deepClone(o ?? {});
  if (isJsonObject(c.metadata)) delete c.metadata.managedFields;
  return c;
}

function setManagedFields(o: KubeObject, entries: ManagedFieldsEntry[] | undefined): void {
  if (!entries) {
    if (isJsonObject(o.metadata)) delete o.metadata.managedFields;
    return;
  }
  o.metadata = { ...(o.metadata ?? {}), managedFields: entries };
}

function strip(managed: Managed, id: string): void {
  const vs = managed.fields.get(id);
  if (!vs) return;
  const set = vs.set.difference(STRIPPED);
  if (set.empty()) managed.fields.delete(id);
  else managed.fields.set(id, { ...vs, set });
}

/** The Update part of the stack below skip-non-applied: identify, record, strip, time, cap. */
function recordUpdate(live: KubeObject, updated: KubeObject, managed: Managed, manager: string, opts: FieldManagerOptions): void {
  const id = managerIdentifier({ manager: manager || 'unknown', operation: 'Update', apiVersion: opts.apiVersion, subresource: opts.subresource });
  // Record under a placeholder first, so only fields this write changed get the new time.
  updaterUpdate(live, updated, opts.apiVersion, managed, CURRENT_OPERATION, updaterOptions(opts));
  strip(managed, CURRENT_OPERATION);
  const vs = managed.fields.get(CURRENT_OPERATION);
  if (vs) {
    managed.fields.delete(CURRENT_OPERATION);
    const previous = managed.fields.get(id);
    managed.fields.set(id, { ...vs, set: previous ? vs.set.union(previous.set) : vs.set });
    managed.times.set(id, opts.now);
  }
  capUpdateManagers(managed);
}

/** An empty list, or a list of one empty entry, asks to reset managedFields. */
function isReset(entries: unknown): boolean {
  if (!Array.isArray(entries)) return false;
  if (entries.length === 0) return true;
  return entries.length === 1 && isJsonObject(entries[0]) && Object.keys(entries[0]).length === 0;
}

function decodeOrEmpty(entries: ManagedFieldsEntry[] | undefined): Managed {
  try {
    return decodeManagedFields(entries);
  } catch {
    return emptyManaged();
  }
}

/**
 * The object to store after a create, update or non-apply patch by `manager`, with
 * metadata.managedFields updated. `live` is undefined for a create. Managed fields the
 * request itself sets are honoured (an empty list resets them), as upstream allows.
 */
export function updateManagedFields(
  live: KubeObject | undefined,
  updated: KubeObject,
  manager: string,
  opts: FieldManagerOptions,
): KubeObject {
  if (live === undefined && !opts.subresource && updated.metadata?.managedFields === undefined) {
    return createdManagedFields(updated, manager, opts);
  }
  return updateManagedFieldsFully(live, updated, manager, opts);
}

function updateManagedFieldsFully(live: KubeObject | undefined, updated: KubeObject, manager: string, opts: FieldManagerOptions): KubeObject {
  const requested = updated.metadata?.managedFields;
  let managed: Managed;
  if (opts.subresource) managed = decodeOrEmpty(live?.metadata?.managedFields);
  else if (isReset(requested)) managed = emptyManaged();
  else {
    managed = decodeOrEmpty(requested);
    if (managed.fields.size === 0) managed = decodeOrEmpty(live?.metadata?.managedFields);
  }
  const out = withoutManagedFields(updated);
  try {
    // An existing object nobody tracks stays untracked until someone applies to it.
    if (managed.fields.size === 0 && live?.metadata?.uid) return out;
    // `out` is `updated` without managedFields already; comparing does not change it.
    recordUpdate(withoutManagedFields(live), out, managed, manager, opts);
    setManagedFields(out, encodeManagedFields(managed));
  } catch {
    setManagedFields(out, live?.metadata?.managedFields);
  }
  return out;
}

/**
 * What a create owns depends only on the created object's shape — which keys its maps have,
 * where it holds null — never on its scalar values; lists are left out (their items are
 * keyed by their values). So the field set of a shape is worked out once, by the full
 * algorithm, and reused for every object of that shape: a controller or client creating
 * ConfigMaps, Secrets, Events by the thousand pays for one comparison.
 */
const createdFieldsByShape = new WeakMap<object, Map<string, string>>();
const UNTYPED = {};
/** Shapes remembered per schema: a client can make any number of shapes. */
const SHAPES_PER_SCHEMA = 256;

function createdManagedFields(updated: KubeObject, manager: string, opts: FieldManagerOptions): KubeObject {
  const shape = shapeKey(updated);
  if (shape === undefined) return updateManagedFieldsFully(undefined, updated, manager, opts);
  const memoKey = `${opts.customResource ? 'cr' : ''}|${opts.apiVersion}|${opts.kind}|${JSON.stringify(opts.resetFields ?? [])}|${shape}`;
  let shapes = createdFieldsByShape.get(opts.schema ?? UNTYPED);
  if (!shapes) createdFieldsByShape.set(opts.schema ?? UNTYPED, (shapes = new Map()));
  const fieldsV1 = shapes.get(memoKey);
  if (fieldsV1 === undefined) {
    const out = updateManagedFieldsFully(undefined, updated, manager, opts);
    const entries = out.metadata?.managedFields;
    if (entries?.length === 1) {
      if (shapes.size >= SHAPES_PER_SCHEMA) shapes.clear();
      shapes.set(memoKey, JSON.stringify(entries[0]!.fieldsV1));
    }
    return out;
  }
  // What updateManagedFieldsFully gives for this shape: the object, and one Update entry.
  const out = withoutManagedFields(updated);
  const entry: ManagedFieldsEntry = {};
  entry.manager = manager || 'unknown';
  entry.operation = 'Update';
  entry.apiVersion = opts.apiVersion;
  if (opts.now) entry.time = opts.now;
  entry.fieldsType = 'FieldsV1';
  entry.fieldsV1 = JSON.parse(fieldsV1) as ManagedFieldsEntry['fieldsV1'];
  setManagedFields(out, [entry]);
  return out;
}

/**
 * The shape of a value for createdManagedFields: maps by their keys, scalars as s, null as
 * n. Undefined (no fast path) for lists and anything JSON does not have.
 */
function shapeKey(v: unknown): string | undefined {
  if (v === null) return 'n';
  switch (typeof v) {
    case 'string':
    case 'number':
    case 'boolean':
      return 's';
    case 'object': {
      if (Array.isArray(v)) return undefined;
      let key = '{';
      const o = v as Record<string, unknown>;
      for (const k in o) {
        if (!Object.prototype.hasOwnProperty.call(o, k)) continue;
        const x = o[k];
        // compare() passes over keys set to undefined.
        if (x === undefined) continue;
        const sub = shapeKey(x);
        if (sub === undefined) return undefined;
        key += `${JSON.stringify(k)}:${sub},`;
      }
      return `${key}}`;
    }
    default:
      return undefined;
  }
}

/**
 * The object after a server-side apply of `patch` (the decoded apply configuration) by
 * `manager`, with metadata.managedFields updated; `live` is undefined when the object does
 * not exist yet. Throws a StatusError: 400 for a configuration of the wrong type or with
 * managedFields, 409 for conflicts (unless `force`), 500 for one that does not fit the
 * schema.
 */
export function applyServerSide(
  live: KubeObject | undefined,
  patch: unknown,
  manager: string,
  force: boolean,
  opts: FieldManagerOptions,
): KubeObject {
  if (!isJsonObject(patch)) {
    const what = Array.isArray(patch) ? 'array' : patch === null ? 'null' : typeof patch;
    throw badRequest(`error decoding patch: json: cannot unmarshal ${what} into Go value of type map[string]interface {}`);
  }
  const config = patch as KubeObject;
  let managed: Managed;
  try {
    managed = decodeManagedFields(live?.metadata?.managedFields);
  } catch (e) {
    throw unknownServerError(`failed to decode managed fields: ${(e as Error).message}`);
  }
  const gvk = gvkString(config);
  const { group, version } = parseApiVersion(opts.apiVersion);
  if (gvk !== `${group}/${version}, Kind=${opts.kind}`) throw badRequest(`invalid object type: ${gvk}`);

  const liveObj = withoutManagedFields(live);
  let result: { object: KubeObject; managed: Managed };
  try {
    try {
      result = applyOnce(liveObj, config, cloneManaged(managed), manager, force, opts);
    } catch (e) {
      // kubectl taking over from client-side apply: conflicts on what it applied before
      // (per its last-applied annotation, and still live) are its own fields.
      if (!(e instanceof ConflictsError) || manager !== 'kubectl') throw e;
      const allowed = allowedFromLastApplied(liveObj, opts);
      const remaining = allowed ? e.conflicts.filter((c) => !allowed.has(c.path)) : e.conflicts;
      if (remaining.length > 0) throw new ConflictsError(remaining);
      result = applyOnce(liveObj, config, cloneManaged(managed), manager, true, opts);
    }
  } catch (e) {
    if (e instanceof ConflictsError) throw applyConflictError(e.conflicts);
    throw e;
  }
  const { object } = result;
  if (manager === 'kubectl' && typeof object.metadata?.annotations?.[LAST_APPLIED_ANNOTATION] === 'string' && object.metadata.annotations[LAST_APPLIED_ANNOTATION] !== '') {
    object.metadata.annotations[LAST_APPLIED_ANNOTATION] = lastAppliedValue(config);
  }
  setManagedFields(object, encodeManagedFields(result.managed));
  return object;
}

function applyOnce(
  live: KubeObject,
  config: KubeObject,
  managed: Managed,
  manager: string,
  force: boolean,
  opts: FieldManagerOptions,
): { object: KubeObject; managed: Managed } {
  if (managed.fields.size === 0) recordUpdate({}, live, managed, BEFORE_FIRST_APPLY, opts);
  if (config.metadata?.managedFields !== undefined && config.metadata.managedFields !== null) {
    throw badRequest('metadata.managedFields must be nil');
  }
  const errors = validateApplied(config, opts.schema);
  if (errors.length > 0) {
    const text = errors.length === 1 ? errors[0]! : ['errors:', ...errors.map((e) => `  ${e}`)].join('\n');
    const ns = config.metadata?.namespace ?? '';
    const name = config.metadata?.name ?? '';
    throw unknownServerError(`failed to create typed patch object (${ns}/${name}; ${gvkString(config)}): ${text}`);
  }
  const id = managerIdentifier({ manager, operation: 'Apply', subresource: opts.subresource });
  const merged = updaterApply(live, config, opts.apiVersion, managed, id, force, updaterOptions(opts));
  strip(managed, id);
  if (merged === undefined) return { object: deepClone(live), managed };
  managed.times.set(id, opts.now);
  return { object: merged as KubeObject, managed };
}

/** "apps/v1, Kind=Deployment"; "/v1, Kind=Pod" for the core group, as Go prints a GVK. */
function gvkString(o: KubeObject): string {
  const { group, version } = parseApiVersion(typeof o.apiVersion === 'string' ? o.apiVersion : '');
  return `${group}/${version}, Kind=${typeof o.kind === 'string' ? o.kind : ''}`;
}

/** Fields the last-applied annotation set that still hold the applied values. */
function allowedFromLastApplied(live: KubeObject, opts: FieldManagerOptions): FieldSet | undefined {
  const text = live.metadata?.annotations?.[LAST_APPLIED_ANNOTATION];
  if (!text) return undefined;
  let last: unknown;
  try {
    last = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isJsonObject(last) || last.apiVersion !== opts.apiVersion || validateApplied(last, opts.schema).length > 0) return undefined;
  const c = compare(last, live, opts.schema, { zeroValuesExist: !opts.customResource });
  return toFieldSet(last, opts.schema).difference(c.modified).difference(c.added).difference(c.removed);
}

/** The applied configuration as the annotation holds it: Go's JSON encoding, newline-terminated. */
function lastAppliedValue(config: KubeObject): string {
  const c = deepClone(config) as JsonObject & KubeObject;
  if (c.metadata?.annotations) delete c.metadata.annotations[LAST_APPLIED_ANNOTATION];
  return `${goJson(c)}\n`;
}

/**
 * The manager name for a request: its fieldManager, else the user agent up to the first "/"
 * without unprintable characters, at most 128 bytes (apiserver handlers managerOrUserAgent).
 */
export function managerOrUserAgent(fieldManager: string | undefined, userAgent: string | undefined): string {
  if (fieldManager) return fieldManager;
  const prefix = (userAgent ?? '').split('/')[0] ?? '';
  let out = '';
  for (const ch of prefix) {
    if (/\p{C}/u.test(ch)) continue;
    if (new TextEncoder().encode(out + ch).length > 128) break;
    out += ch;
  }
  return out;
}
