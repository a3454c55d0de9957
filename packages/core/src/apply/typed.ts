/**
 * How server-side apply reads a SchemaNode: the structure kube-openapi's schemaconv derives
 * from OpenAPI for structured-merge-diff. Each value is a scalar, a list or a map:
 *
 * - lists are atomic (owned whole) unless x-kubernetes-list-type says `set` (items owned by
 *   value) or `map` (items owned by their x-kubernetes-list-map-keys); without a list type,
 *   patchStrategy merge means map with the patch merge key (or set without one);
 * - maps and structs are granular (each member owned) unless x-kubernetes-map-type is
 *   `atomic`; members a struct does not declare are unknown fields, except where the
 *   schema allows any (additionalProperties, preserveUnknownFields, a free-form object);
 * - where no schema says otherwise, values are "deduced": maps granular, lists atomic.
 */
import type { SchemaNode } from '../schema/node.js';
import { isJsonObject } from '../patch/json-value.js';
import { keyElement, type PathElement } from './path.js';

/** A schema, or one of the two shapes structured-merge-diff uses for untyped values. */
export type TypeRef = SchemaNode | typeof DEDUCED | typeof UNTYPED_ATOMIC;

/** Any value; maps granular with deduced members, lists atomic (`__untyped_deduced_`). */
export const DEDUCED = Symbol('deduced');
/** Any value, owned whole (`__untyped_atomic_`). */
export const UNTYPED_ATOMIC = Symbol('untyped-atomic');

export interface ScalarAtom {
  kind: 'scalar';
}

export interface ListAtom {
  kind: 'list';
  /** atomic: owned whole; associative: items owned one by one. */
  atomic: boolean;
  /** The list-map keys; empty for a set. */
  keys: readonly string[];
  elem: TypeRef;
  /** The element schema's declared fields, for key defaults. */
  elemNode: SchemaNode | undefined;
}

export interface MapAtom {
  kind: 'map';
  atomic: boolean;
  /** Declared fields (a struct's properties). */
  fields: Readonly<Record<string, SchemaNode>>;
  /** The type of undeclared members; undefined when a struct allows none. */
  elem: TypeRef | undefined;
  /** Declared fields the schema requires. */
  required: readonly string[];
}

export type Atom = ScalarAtom | ListAtom | MapAtom;

const SCALAR: ScalarAtom = { kind: 'scalar' };

/** The atom for `value` under `ref`; the value's own shape decides where the schema allows several. */
export function resolve(ref: TypeRef | undefined, value: unknown): Atom {
  const shape = Array.isArray(value) ? 'list' : isJsonObject(value) ? 'map' : 'scalar';
  if (ref === undefined || ref === DEDUCED) {
    if (shape === 'map') return { kind: 'map', atomic: false, fields: {}, elem: DEDUCED, required: [] };
    if (shape === 'list') return { kind: 'list', atomic: true, keys: [], elem: UNTYPED_ATOMIC, elemNode: undefined };
    return SCALAR;
  }
  if (ref === UNTYPED_ATOMIC) {
    if (shape === 'map') return { kind: 'map', atomic: true, fields: {}, elem: UNTYPED_ATOMIC, required: [] };
    if (shape === 'list') return { kind: 'list', atomic: true, keys: [], elem: UNTYPED_ATOMIC, elemNode: undefined };
    return SCALAR;
  }
  switch (ref.type) {
    case 'object':
      return mapAtom(ref);
    case 'array':
      return listAtom(ref);
    case undefined:
      // No type: any value (upstream builds an atom that is scalar, list and map at once).
      if (shape === 'map') return mapAtom(ref);
      if (shape === 'list') return listAtom(ref);
      return SCALAR;
    default:
      return SCALAR;
  }
}

/** The atom of `ref` for walking a field set, where there is no value to look at. */
export function resolveType(ref: TypeRef | undefined): Atom {
  if (ref === undefined || typeof ref === 'symbol') return resolve(ref, {});
  if (ref.type === 'array') return listAtom(ref);
  if (ref.type === 'object' || ref.type === undefined) return mapAtom(ref);
  return SCALAR;
}

function mapAtom(node: SchemaNode): MapAtom {
  const fields = node.properties ?? {};
  let elem: TypeRef | undefined;
  if (node.additionalProperties) elem = node.additionalProperties;
  // A free-form object (no properties, no additionalProperties) takes any member.
  else if (node.preserveUnknownFields || Object.keys(fields).length === 0) elem = DEDUCED;
  return { kind: 'map', atomic: node.mapType === 'atomic', fields, elem, required: node.required ?? [] };
}

function listAtom(node: SchemaNode): ListAtom {
  const elem: TypeRef = node.items ?? UNTYPED_ATOMIC;
  const elemNode = node.items;
  const strategy = node.patchStrategy ?? '';
  if (node.listType === 'map') return { kind: 'list', atomic: false, keys: node.listMapKeys ?? [], elem, elemNode };
  if (node.listType === 'set') return { kind: 'list', atomic: false, keys: [], elem, elemNode };
  if (node.listType === 'atomic') return { kind: 'list', atomic: true, keys: [], elem, elemNode };
  if (strategy === 'merge' || strategy === 'merge,retainKeys' || strategy === 'retainKeys,merge') {
    return { kind: 'list', atomic: false, keys: node.patchMergeKey ? [node.patchMergeKey] : [], elem, elemNode };
  }
  return { kind: 'list', atomic: true, keys: [], elem, elemNode };
}

/** The type of member `key` of a map atom; undefined for an undeclared field of a strict struct. */
export function memberType(atom: MapAtom, key: string): TypeRef | undefined {
  return Object.prototype.hasOwnProperty.call(atom.fields, key) ? atom.fields[key] : atom.elem;
}

export function isDeclared(atom: MapAtom, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(atom.fields, key);
}

/**
 * The default of a list-map key field the item omits. Upstream reads the field's OpenAPI
 * default; SchemaNode carries none, so we honour a `default` if a schema has one and
 * otherwise know the one that matters: `protocol` (ports of containers and services)
 * defaults to "TCP", so `k:{"containerPort":80,"protocol":"TCP"}` matches before and after
 * defaulting.
 */
function keyDefault(elemNode: SchemaNode | undefined, key: string): unknown {
  const field = elemNode?.properties?.[key] as (SchemaNode & { default?: unknown }) | undefined;
  if (field && field.default !== undefined) return field.default;
  if (key === 'protocol') return 'TCP';
  return undefined;
}

/** The path element naming `item` in an associative list, or an error text as upstream words it. */
export function itemElement(atom: ListAtom, item: unknown): PathElement | string {
  if (atom.keys.length > 0) {
    if (item === null) return 'associative list with keys may not have a null element';
    if (!isJsonObject(item)) return 'associative list with keys may not have non-map elements';
    const fields: [string, unknown][] = [];
    for (const k of atom.keys) {
      if (Object.prototype.hasOwnProperty.call(item, k) && item[k] !== undefined) fields.push([k, item[k]]);
      else {
        const d = keyDefault(atom.elemNode, k);
        if (d !== undefined) fields.push([k, d]);
      }
    }
    if (fields.length === 0) {
      return `associative list with keys has an element that omits all key fields ${goQuoteList(atom.keys)} (and doesn't have default values for any key fields)`;
    }
    return keyElement(fields);
  }
  if (isJsonObject(item)) return "associative list without keys has an element that's a map type";
  if (Array.isArray(item)) return 'not supported: associative list with lists as elements';
  if (item === null) return "associative list without keys has an element that's an explicit null";
  return { value: item };
}

function goQuoteList(keys: readonly string[]): string {
  return `[${keys.map((k) => JSON.stringify(k)).join(' ')}]`;
}
