/**
 * A small language for writing kind definitions the way upstream's OpenAPI documents name
 * them: a definition is a struct (`obj`) whose fields are primitives, references to other
 * definitions by name (`ref`), lists (`arr`) and maps (`map`), each carrying the
 * x-kubernetes-* extensions upstream puts on it. Definitions stay in this referencing form so
 * the OpenAPI documents can print `$ref`s; `resolve.ts` turns them into SchemaNode trees.
 */
import type { SchemaNode, SchemaType } from './node.js';

/** A schema as written in a definition: a SchemaNode that may name another definition. */
export interface Schema {
  type?: SchemaType;
  description?: string;
  format?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: Schema;
  items?: Schema;
  enum?: string[];
  /** The name of the definition this schema stands for ("io.k8s.api.core.v1.Container"). */
  ref?: string;
  intOrString?: boolean;
  preserveUnknownFields?: boolean;
  patchStrategy?: string;
  patchMergeKey?: string;
  listType?: 'atomic' | 'set' | 'map';
  listMapKeys?: string[];
  mapType?: 'atomic' | 'granular';
}

/** Definitions by OpenAPI name. */
export type Definitions = Record<string, Schema>;

/** A struct field, possibly marked required with `req`. */
export type Field = Schema & { [REQUIRED]?: true };

const REQUIRED = Symbol('required');

/** Marks a field as required in its struct (upstream: no +optional and no omitempty). */
export function req(field: Schema): Field {
  return { ...field, [REQUIRED]: true };
}

function described<T extends Schema>(schema: T, description: string | undefined): T {
  return description === undefined ? schema : { ...schema, description };
}

export function str(description?: string, opts: { enum?: string[]; format?: string } = {}): Schema {
  const s: Schema = described({ type: 'string' }, description);
  if (opts.format) s.format = opts.format;
  if (opts.enum) s.enum = opts.enum;
  return s;
}

export function int32(description?: string): Schema {
  return described({ type: 'integer', format: 'int32' }, description);
}

export function int64(description?: string): Schema {
  return described({ type: 'integer', format: 'int64' }, description);
}

export function double(description?: string): Schema {
  return described({ type: 'number', format: 'double' }, description);
}

export function bool(description?: string): Schema {
  return described({ type: 'boolean' }, description);
}

/** Base64-encoded bytes ([]byte in Go). */
export function bytes(description?: string): Schema {
  return described({ type: 'string', format: 'byte' }, description);
}

/**
 * A field whose value is the named definition. A few struct fields carry a patch strategy
 * of their own upstream (Deployment spec.strategy: retainKeys, PodDisruptionBudget
 * spec.selector: replace).
 */
export function ref(name: string, description?: string, opts: { patch?: string } = {}): Schema {
  const s = described<Schema>({ ref: name }, description);
  if (opts.patch) s.patchStrategy = opts.patch;
  return s;
}

/** How a list merges: patch strategy and merge key (strategic merge patch), list type and keys (server-side apply). */
export interface ListOpts {
  patch?: string;
  mergeKey?: string;
  list?: 'atomic' | 'set' | 'map';
  keys?: string[];
}

export function arr(items: Schema, description?: string, opts: ListOpts = {}): Schema {
  const s: Schema = described({ type: 'array', items }, description);
  if (opts.patch) s.patchStrategy = opts.patch;
  if (opts.mergeKey) s.patchMergeKey = opts.mergeKey;
  if (opts.list) s.listType = opts.list;
  if (opts.keys) s.listMapKeys = opts.keys;
  return s;
}

/** A map with string keys and values of one schema. */
export function map(values: Schema, description?: string, opts: { mapType?: 'atomic' | 'granular' } = {}): Schema {
  const s: Schema = described({ type: 'object', additionalProperties: values }, description);
  if (opts.mapType) s.mapType = opts.mapType;
  return s;
}

/** A struct definition. Required fields are those wrapped in `req`, in field order. */
export function obj(
  description: string,
  fields: Record<string, Field>,
  opts: { mapType?: 'atomic' | 'granular'; preserveUnknownFields?: boolean } = {},
): Schema {
  const properties: Record<string, Schema> = {};
  const required: string[] = [];
  for (const [name, field] of Object.entries(fields)) {
    const { [REQUIRED]: isRequired, ...schema } = field;
    if (isRequired) required.push(name);
    properties[name] = schema;
  }
  const s: Schema = { type: 'object', description, properties };
  if (required.length > 0) s.required = required;
  if (opts.mapType) s.mapType = opts.mapType;
  if (opts.preserveUnknownFields) s.preserveUnknownFields = true;
  return s;
}

/**
 * A struct kubelab does not spell out field by field (legacy in-tree volume plugins,
 * deprecated node configuration): any field is accepted and kept. Strict field validation
 * therefore reports no unknown fields below it.
 */
export function opaque(description: string): Schema {
  return { type: 'object', description, preserveUnknownFields: true };
}

// Shortcuts for apimachinery's special types (defined in definitions/meta-types.ts).
export const TIME = 'io.k8s.apimachinery.pkg.apis.meta.v1.Time';
export const MICRO_TIME = 'io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime';
export const QUANTITY = 'io.k8s.apimachinery.pkg.api.resource.Quantity';
export const INT_OR_STRING = 'io.k8s.apimachinery.pkg.util.intstr.IntOrString';
export const RAW_EXTENSION = 'io.k8s.apimachinery.pkg.runtime.RawExtension';
export const FIELDS_V1 = 'io.k8s.apimachinery.pkg.apis.meta.v1.FieldsV1';
export const PATCH = 'io.k8s.apimachinery.pkg.apis.meta.v1.Patch';

export const time = (description?: string): Schema => ref(TIME, description);
export const microTime = (description?: string): Schema => ref(MICRO_TIME, description);
export const quantity = (description?: string): Schema => ref(QUANTITY, description);
export const intOrString = (description?: string): Schema => ref(INT_OR_STRING, description);
export const rawExtension = (description?: string): Schema => ref(RAW_EXTENSION, description);
export const fieldsV1 = (description?: string): Schema => ref(FIELDS_V1, description);
/** metav1.Duration travels as a Go duration string ("1h30m"). */
export const duration = (description?: string): Schema => str(description);
