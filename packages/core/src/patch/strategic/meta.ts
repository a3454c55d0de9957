/**
 * Patch metadata for a field, read from the schema's x-kubernetes-patch-strategy and
 * x-kubernetes-patch-merge-key — what upstream's LookupPatchMeta returns from Go struct tags
 * (server side) or OpenAPI (kubectl).
 *
 * Deliberate leniency: upstream errors on a field the struct does not declare ("unable to
 * find api field"), but only when both sides hold a map or list there, which decoded typed
 * objects never do. We treat undeclared and schemaless fields as having no metadata: maps
 * merge, lists replace.
 */
import { fieldOf, type SchemaNode } from '../../schema/node.js';
import { StrategicMergePatchError } from './errors.js';

export interface PatchMeta {
  /** The schema of the value (for a list: of its elements). */
  schema: SchemaNode | undefined;
  /** "merge", "replace" or "" (none). */
  strategy: string;
  /** Whether the field also carries the retainKeys strategy. */
  retainKeys: boolean;
  mergeKey: string;
}

/** Metadata of a map-valued (or scalar) field `key` of an object described by `schema`. */
export function lookupForStruct(schema: SchemaNode | undefined, key: string): PatchMeta {
  const field = fieldOf(schema, key);
  return { schema: field, ...strategies(field), mergeKey: field?.patchMergeKey ?? '' };
}

/** Metadata of a list-valued field `key`; `schema` of the result describes its elements. */
export function lookupForSlice(schema: SchemaNode | undefined, key: string): PatchMeta {
  const field = fieldOf(schema, key);
  return { schema: field?.items, ...strategies(field), mergeKey: field?.patchMergeKey ?? '' };
}

/** Splits "merge,retainKeys" into the retainKeys flag and the other strategy. */
function strategies(field: SchemaNode | undefined): { strategy: string; retainKeys: boolean } {
  const list = field?.patchStrategy ? field.patchStrategy.split(',') : [];
  switch (list.length) {
    case 0:
      return { strategy: '', retainKeys: false };
    case 1:
      return list[0] === 'retainKeys' ? { strategy: '', retainKeys: true } : { strategy: list[0]!, retainKeys: false };
    case 2:
      if (list[0] === 'retainKeys') return { strategy: list[1]!, retainKeys: true };
      if (list[1] === 'retainKeys') return { strategy: list[0]!, retainKeys: true };
  }
  throw new StrategicMergePatchError(`unexpected patch strategy: [${list.join(' ')}]`);
}

/** How upstream names a schema in "cannot merge lists without merge key for %s". */
export function schemaName(schema: SchemaNode | undefined): string {
  if (!schema?.type || schema.type === 'object') return 'struct';
  return schema.type;
}
