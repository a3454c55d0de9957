/**
 * JSON Patch (RFC 6902, application/json-patch+json) as kube-apiserver applies it: with
 * gopkg.in/evanphx/json-patch.v4, quirks included, because kubectl users and scripts rely
 * on them:
 *
 * - `replace` of a missing object member adds it (v4 only checks that the parent exists);
 *   a missing array index is an error.
 * - Negative array indices count from the end (SupportNegativeIndices defaults to true).
 * - An operation without `value` uses null; `test` treats a missing member and null alike.
 * - `path: ""` is the whole document for `replace` and `test`, and an error for the rest.
 *
 * Errors: a body that is not a list of operations is a 400 whose message is Go's decode
 * error; more than 10,000 operations is a 413; any failed operation is the generic 422 (see
 * status-errors.ts) with the library's message kept as `cause`, e.g.
 * `testing value /spec/replicas failed: test failed`.
 */
import { badRequest, statusError, type StatusError } from '../api/status.js';
import { genericUnprocessable } from './status-errors.js';
import { deepClone, deepEqual, isJsonObject, type JsonObject } from './json-value.js';

export interface JsonPatchOperation {
  op: string;
  path?: string;
  from?: string;
  value?: unknown;
}

/** An operation that could not be applied, worded as evanphx/json-patch words it. */
export class JsonPatchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JsonPatchError';
  }
}

/** upstream: maxJSONPatchOperations in apiserver's patch handler. */
export const MAX_JSON_PATCH_OPERATIONS = 10000;

/**
 * Applies a decoded JSON patch body to a copy of `doc` for the API server. Throws a
 * StatusError shaped as kube-apiserver returns it.
 */
export function applyJsonPatch(doc: unknown, patch: unknown): unknown {
  const ops = decodeJsonPatch(patch);
  if (ops.length > MAX_JSON_PATCH_OPERATIONS) {
    throw statusError(
      413,
      'RequestEntityTooLarge',
      `Request entity too large: The allowed maximum operations in a JSON patch is ${MAX_JSON_PATCH_OPERATIONS}, got ${ops.length}`,
    );
  }
  try {
    return applyJsonPatchOperations(doc, ops);
  } catch (e) {
    if (e instanceof JsonPatchError) throw genericUnprocessable(e);
    throw e;
  }
}

/** The body as a list of operations, or the 400 Go's json.Unmarshal failure becomes. */
export function decodeJsonPatch(patch: unknown): JsonPatchOperation[] {
  if (patch === null) return [];
  if (!Array.isArray(patch)) throw decodeError(patch, 'jsonpatch.Patch');
  for (const op of patch) {
    if (op !== null && !isJsonObject(op)) throw decodeError(op, 'jsonpatch.Operation');
  }
  return patch.map((op) => (op === null ? { op: 'unknown' } : (op as unknown as JsonPatchOperation)));
}

function decodeError(v: unknown, goType: string): StatusError {
  const what = Array.isArray(v) ? 'array' : typeof v === 'boolean' ? 'bool' : isJsonObject(v) ? 'object' : typeof v;
  return badRequest(`json: cannot unmarshal ${what} into Go value of type ${goType}`);
}

/** Applies operations to a copy of `doc`; throws JsonPatchError on the first failure. */
export function applyJsonPatchOperations(doc: unknown, ops: readonly JsonPatchOperation[]): unknown {
  const root = { doc: deepClone(doc) };
  for (const op of ops) {
    const kind = typeof op.op === 'string' ? op.op : 'unknown';
    switch (kind) {
      case 'add':
        add(root.doc, op);
        break;
      case 'remove':
        remove(root.doc, op);
        break;
      case 'replace':
        replace(root, op);
        break;
      case 'move':
        move(root.doc, op);
        break;
      case 'copy':
        copy(root.doc, op);
        break;
      case 'test':
        test(root.doc, op);
        break;
      default:
        throw new JsonPatchError(`Unexpected kind: ${kind}`);
    }
  }
  return root.doc;
}

// ---- JSON pointers (RFC 6901) ----

/** `~1` → `/` then `~0` → `~`, in one pass as RFC 6901 §4 requires. */
export function unescapePointerToken(token: string): string {
  return token.replace(/~[01]/g, (m) => (m === '~1' ? '/' : '~'));
}

export function escapePointerToken(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** ["metadata", "labels", "app/x"] → "/metadata/labels/app~1x". */
export function formatPointer(tokens: readonly (string | number)[]): string {
  return tokens.map((t) => `/${escapePointerToken(String(t))}`).join('');
}

type Container = JsonObject | unknown[];

function isContainer(v: unknown): v is Container {
  return Array.isArray(v) || isJsonObject(v);
}

/**
 * The container holding the last token of `path`, and that token. Like upstream, the text
 * before the first "/" is skipped and every intermediate value must be an object or array.
 */
function findParent(doc: unknown, path: string): { container: Container; key: string } | undefined {
  const split = path.split('/');
  if (split.length < 2 || !isContainer(doc)) return undefined;
  let cur: Container = doc;
  for (const part of split.slice(1, -1)) {
    let next: unknown;
    try {
      next = get(cur, unescapePointerToken(part));
    } catch {
      return undefined;
    }
    if (!isContainer(next)) return undefined;
    cur = next;
  }
  return { container: cur, key: unescapePointerToken(split[split.length - 1]!) };
}

/** strconv.Atoi: optional sign, decimal digits. */
function atoi(key: string): number {
  if (!/^[+-]?\d+$/.test(key)) throw new JsonPatchError(`strconv.Atoi: parsing ${JSON.stringify(key)}: invalid syntax`);
  return Number(key);
}

function invalidIndex(idx: number): JsonPatchError {
  return new JsonPatchError(`Unable to access invalid index: ${idx}: invalid index referenced`);
}

/** An existing index, negative ones counting from the end. */
function existingIndex(arr: unknown[], key: string): number {
  let idx = atoi(key);
  if (idx < 0) {
    if (idx < -arr.length) throw invalidIndex(idx);
    idx += arr.length;
  }
  if (idx >= arr.length) throw invalidIndex(idx);
  return idx;
}

/** A member's value (undefined when missing); throws for a bad array index. */
function get(c: Container, key: string): unknown {
  if (Array.isArray(c)) return c[existingIndex(c, key)];
  return Object.prototype.hasOwnProperty.call(c, key) ? c[key] : undefined;
}

function insert(c: Container, key: string, value: unknown): void {
  if (!Array.isArray(c)) {
    c[key] = value;
    return;
  }
  if (key === '-') {
    c.push(value);
    return;
  }
  let idx: number;
  try {
    idx = atoi(key);
  } catch (e) {
    throw new JsonPatchError(`value was not a proper array index: '${key}': ${(e as Error).message}`);
  }
  const size = c.length + 1;
  if (idx >= size) throw invalidIndex(idx);
  if (idx < 0) {
    if (idx < -size) throw invalidIndex(idx);
    idx += size;
  }
  c.splice(idx, 0, value);
}

function del(c: Container, key: string): void {
  if (Array.isArray(c)) {
    c.splice(existingIndex(c, key), 1);
    return;
  }
  if (!Object.prototype.hasOwnProperty.call(c, key)) {
    throw new JsonPatchError(`Unable to remove nonexistent key: ${key}: missing value`);
  }
  delete c[key];
}

function pathOf(op: JsonPatchOperation, verb: string): string {
  if (typeof op.path !== 'string') throw new JsonPatchError(`${verb} operation failed to decode path: missing value`);
  return op.path;
}

function fromOf(op: JsonPatchOperation, verb: string): string {
  if (typeof op.from !== 'string') {
    throw new JsonPatchError(`${verb} operation failed to decode from: operation, missing from field: missing value`);
  }
  return op.from;
}

function valueOf(op: JsonPatchOperation): unknown {
  return op.value === undefined ? null : deepClone(op.value);
}

function add(doc: unknown, op: JsonPatchOperation): void {
  const path = pathOf(op, 'add');
  const parent = findParent(doc, path);
  if (!parent) throw new JsonPatchError(`add operation does not apply: doc is missing path: "${path}": missing value`);
  try {
    insert(parent.container, parent.key, valueOf(op));
  } catch (e) {
    throw new JsonPatchError(`error in add for path: '${path}': ${(e as Error).message}`);
  }
}

function remove(doc: unknown, op: JsonPatchOperation): void {
  const path = pathOf(op, 'remove');
  const parent = findParent(doc, path);
  if (!parent) throw new JsonPatchError(`remove operation does not apply: doc is missing path: "${path}": missing value`);
  try {
    del(parent.container, parent.key);
  } catch (e) {
    throw new JsonPatchError(`error in remove for path: '${path}': ${(e as Error).message}`);
  }
}

function replace(root: { doc: unknown }, op: JsonPatchOperation): void {
  const path = pathOf(op, 'replace');
  if (path === '') {
    const v = valueOf(op);
    // Upstream wraps a nil error here, hence Go's "%!w(<nil>)".
    if (!isContainer(v)) throw new JsonPatchError('replace operation value must be object or array: %!w(<nil>)');
    root.doc = v;
    return;
  }
  const parent = findParent(root.doc, path);
  if (!parent) throw new JsonPatchError(`replace operation does not apply: doc is missing path: ${path}: missing value`);
  const { container, key } = parent;
  if (Array.isArray(container)) {
    let idx: number;
    try {
      idx = existingIndex(container, key);
    } catch {
      throw new JsonPatchError(`replace operation does not apply: doc is missing key: ${path}: missing value`);
    }
    container[idx] = valueOf(op);
  } else {
    container[key] = valueOf(op);
  }
}

function move(doc: unknown, op: JsonPatchOperation): void {
  const from = fromOf(op, 'move');
  const src = findParent(doc, from);
  if (!src) throw new JsonPatchError(`move operation does not apply: doc is missing from path: ${from}: missing value`);
  let value: unknown;
  try {
    value = get(src.container, src.key);
    del(src.container, src.key);
  } catch (e) {
    throw new JsonPatchError(`error in move for path: '${src.key}': ${(e as Error).message}`);
  }
  const path = pathOf(op, 'move');
  const dst = findParent(doc, path);
  if (!dst) throw new JsonPatchError(`move operation does not apply: doc is missing destination path: ${path}: missing value`);
  try {
    insert(dst.container, dst.key, value === undefined ? null : value);
  } catch (e) {
    throw new JsonPatchError(`error in move for path: '${path}': ${(e as Error).message}`);
  }
}

function copy(doc: unknown, op: JsonPatchOperation): void {
  const from = fromOf(op, 'copy');
  const src = findParent(doc, from);
  if (!src) throw new JsonPatchError(`copy operation does not apply: doc is missing from path: ${from}: missing value`);
  let value: unknown;
  try {
    value = get(src.container, src.key);
  } catch (e) {
    throw new JsonPatchError(`error in copy for from: '${from}': ${(e as Error).message}`);
  }
  const path = pathOf(op, 'copy');
  const dst = findParent(doc, path);
  if (!dst) throw new JsonPatchError(`copy operation does not apply: doc is missing destination path: ${path}: missing value`);
  try {
    insert(dst.container, dst.key, value === undefined ? null : deepClone(value));
  } catch (e) {
    throw new JsonPatchError(`error while adding value during copy: ${(e as Error).message}`);
  }
}

function test(doc: unknown, op: JsonPatchOperation): void {
  const path = pathOf(op, 'test');
  const failed = new JsonPatchError(`testing value ${path} failed: test failed`);
  if (path === '') {
    if (!deepEqual(doc, op.value)) throw failed;
    return;
  }
  const parent = findParent(doc, path);
  if (!parent) throw new JsonPatchError(`test operation does not apply: is missing path: ${path}: missing value`);
  let actual: unknown;
  try {
    actual = get(parent.container, parent.key);
  } catch (e) {
    throw new JsonPatchError(`error in test for path: '${path}': ${(e as Error).message}`);
  }
  // A missing member and a null one are the same to upstream: both decode to a nil node.
  const want = op.value === undefined ? null : op.value;
  if (actual === undefined || actual === null) {
    if (want !== null) throw failed;
    return;
  }
  if (!deepEqual(actual, want)) throw failed;
}
