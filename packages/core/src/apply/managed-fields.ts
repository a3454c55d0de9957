/**
 * metadata.managedFields in and out (apimachinery managedfields/internal managedfields.go):
 * entries are keyed by a manager identifier — the entry's manager, operation and
 * subresource, plus apiVersion for Update entries only, as JSON — so an applier keeps one
 * entry across versions while an updater gets one per version it wrote with.
 */
import type { ManagedFieldsEntry } from '../api/meta.js';
import { isJsonObject } from '../patch/json-value.js';
import { FieldSet } from './field-set.js';

export interface VersionedSet {
  set: FieldSet;
  apiVersion: string;
  /** True for an Apply entry. */
  applied: boolean;
}

/** Field sets and times by manager identifier. */
export interface Managed {
  fields: Map<string, VersionedSet>;
  times: Map<string, string | undefined>;
}

export function emptyManaged(): Managed {
  return { fields: new Map(), times: new Map() };
}

export function cloneManaged(m: Managed): Managed {
  return { fields: new Map(m.fields), times: new Map(m.times) };
}

export interface ManagerInfo {
  manager?: string;
  operation?: 'Apply' | 'Update';
  apiVersion?: string;
  subresource?: string;
}

/**
 * The identifier: JSON of the entry without time and fields, in metav1.ManagedFieldsEntry's
 * field order with empty fields omitted, e.g. `{"manager":"kubectl","operation":"Apply"}`.
 */
export function managerIdentifier(info: ManagerInfo): string {
  // Every write names its manager; the few distinct identifiers are made once.
  const memoKey = `${info.manager ?? ''}\u0000${info.operation ?? ''}\u0000${info.apiVersion ?? ''}\u0000${info.subresource ?? ''}`;
  const known = identifiers.get(memoKey);
  if (known !== undefined) return known;
  const id = identifierOf(info);
  remember(identifiers, memoKey, id);
  return id;
}

/** Memo tables of identifiers, bounded: a client can name any number of managers. */
const MEMO_LIMIT = 1024;
const identifiers = new Map<string, string>();
const parsedIdentifiers = new Map<string, ManagerInfo | undefined>();

function remember<V>(memo: Map<string, V>, key: string, value: V): void {
  if (memo.size >= MEMO_LIMIT) memo.clear();
  memo.set(key, value);
}

function identifierOf(info: ManagerInfo): string {
  const o: Record<string, string> = {};
  if (info.manager) o.manager = info.manager;
  if (info.operation) o.operation = info.operation;
  if (info.apiVersion && info.operation !== 'Apply') o.apiVersion = info.apiVersion;
  if (info.subresource) o.subresource = info.subresource;
  return JSON.stringify(o);
}

/** The entry an identifier names; shared, so read-only. */
export function parseIdentifier(id: string): ManagerInfo | undefined {
  if (parsedIdentifiers.has(id)) return parsedIdentifiers.get(id);
  const info = parseIdentifierText(id);
  remember(parsedIdentifiers, id, info);
  return info;
}

function parseIdentifierText(id: string): ManagerInfo | undefined {
  try {
    const v = JSON.parse(id) as unknown;
    return isJsonObject(v) ? (v as ManagerInfo) : undefined;
  } catch {
    return undefined;
  }
}

/** Decodes entries; throws Error with upstream's wording for an invalid one. */
export function decodeManagedFields(entries: readonly ManagedFieldsEntry[] | undefined): Managed {
  const managed = emptyManaged();
  (entries ?? []).forEach((e, i) => {
    if (e.operation !== 'Apply' && e.operation !== 'Update') throw new Error('operation must be `Apply` or `Update`');
    if (!e.apiVersion) throw new Error('apiVersion must not be empty');
    if (!e.fieldsType) throw new Error(`missing fieldsType in managed fields entry ${i}`);
    if (e.fieldsType !== 'FieldsV1') throw new Error(`invalid fieldsType ${JSON.stringify(e.fieldsType)} in managed fields entry ${i}`);
    const id = managerIdentifier(e);
    let set: FieldSet;
    try {
      set = FieldSet.fromFieldsV1(e.fieldsV1 ?? {});
    } catch (err) {
      throw new Error(`error decoding versioned set from ${JSON.stringify(e)}: error decoding set: ${(err as Error).message}`);
    }
    managed.fields.set(id, { set, apiVersion: e.apiVersion, applied: e.operation === 'Apply' });
    managed.times.set(id, e.time);
  });
  return managed;
}

/** Encodes to entries sorted as upstream sorts them: operation, time, manager, apiVersion, subresource. */
export function encodeManagedFields(managed: Managed): ManagedFieldsEntry[] | undefined {
  if (managed.fields.size === 0) return undefined;
  const entries: ManagedFieldsEntry[] = [];
  for (const [id, vs] of managed.fields) {
    const info = parseIdentifier(id) ?? {};
    const e: ManagedFieldsEntry = {};
    if (info.manager) e.manager = info.manager;
    e.operation = vs.applied ? 'Apply' : (info.operation ?? 'Update');
    e.apiVersion = vs.apiVersion;
    const time = managed.times.get(id);
    if (time) e.time = time;
    e.fieldsType = 'FieldsV1';
    e.fieldsV1 = vs.set.toFieldsV1();
    if (info.subresource) e.subresource = info.subresource;
    entries.push(e);
  }
  const seconds = (t: string | undefined) => (t ? Math.floor(Date.parse(t) / 1000) : 0);
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return entries.sort(
    (p, q) =>
      cmp(p.operation ?? '', q.operation ?? '') ||
      seconds(p.time) - seconds(q.time) ||
      cmp(p.manager ?? '', q.manager ?? '') ||
      cmp(p.apiVersion ?? '', q.apiVersion ?? '') ||
      cmp(p.subresource ?? '', q.subresource ?? ''),
  );
}

/** upstream: DefaultMaxUpdateManagers. */
export const MAX_UPDATE_MANAGERS = 10;
const ANCIENT_CHANGES = 'ancient-changes';

/**
 * Keeps at most MAX_UPDATE_MANAGERS Update entries by folding the oldest into one
 * `ancient-changes` entry per apiVersion (capmanagers.go).
 */
export function capUpdateManagers(managed: Managed, max = MAX_UPDATE_MANAGERS): void {
  const updaters = [...managed.fields.entries()].filter(([, vs]) => !vs.applied).map(([id]) => id);
  if (updaters.length <= max) return;
  const seconds = (id: string) => {
    const t = managed.times.get(id);
    return t ? Math.floor(Date.parse(t) / 1000) : 0;
  };
  updaters.sort((a, b) => seconds(a) - seconds(b) || (a < b ? -1 : a > b ? 1 : 0));
  const firstByVersion = new Map<string, string>();
  let length = updaters.length;
  for (let i = 0; i < updaters.length && length > max; i++) {
    const id = updaters[i]!;
    const vs = managed.fields.get(id)!;
    const time = managed.times.get(id);
    const bucket = managerIdentifier({ manager: ANCIENT_CHANGES, operation: 'Update', apiVersion: vs.apiVersion });
    const first = firstByVersion.get(vs.apiVersion);
    if (first === undefined) {
      firstByVersion.set(vs.apiVersion, id);
      continue;
    }
    if (!managed.fields.has(bucket)) {
      managed.fields.set(bucket, managed.fields.get(first)!);
      managed.fields.delete(first);
      managed.times.delete(first);
    }
    managed.fields.set(bucket, { set: vs.set.union(managed.fields.get(bucket)!.set), apiVersion: vs.apiVersion, applied: vs.applied });
    managed.fields.delete(id);
    managed.times.delete(id);
    managed.times.set(bucket, time);
    length--;
  }
}
