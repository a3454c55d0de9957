/**
 * Prints a definition the way kube-apiserver's OpenAPI documents do, in either dialect:
 * swagger 2.0 (`/openapi/v2`, refs to "#/definitions/...", siblings allowed beside $ref) or
 * OpenAPI 3.0 (`/openapi/v3`, refs to "#/components/schemas/..." wrapped in allOf when the
 * field adds a description, since 3.0 ignores siblings of $ref). Quantity and IntOrString
 * are plain strings in v2 and oneOf alternatives in v3, as upstream prints them.
 */
import { KINDS_BY_DEFINITION } from './definitions/index.js';
import { FIELDS_V1, RAW_EXTENSION, type Schema } from './dsl.js';

export type OpenAPIVersion = 2 | 3;
export type Json = Record<string, unknown>;

export function refPath(version: OpenAPIVersion, name: string): string {
  return version === 2 ? `#/definitions/${name}` : `#/components/schemas/${name}`;
}

/** A field or definition schema in the given dialect. */
export function openAPISchema(schema: Schema, version: OpenAPIVersion): Json {
  if (schema.ref !== undefined) {
    const { ref, ...siblings } = schema;
    const target: Json = { $ref: refPath(version, ref) };
    const rest = openAPISchema(siblings, version);
    if (Object.keys(rest).length === 0) return target;
    return version === 2 ? { ...target, ...rest } : { allOf: [target], ...rest };
  }
  const out: Json = {};
  if (schema.description !== undefined) out['description'] = schema.description;
  if (schema.format === 'quantity') {
    if (version === 2) out['type'] = 'string';
    else out['oneOf'] = [{ type: 'string' }, { type: 'number' }];
  } else if (schema.format === 'int-or-string') {
    out['format'] = 'int-or-string';
    if (version === 2) out['type'] = 'string';
    else out['oneOf'] = [{ type: 'integer' }, { type: 'string' }];
  } else {
    if (schema.type !== undefined) out['type'] = schema.type;
    if (schema.format !== undefined) out['format'] = schema.format;
  }
  if (schema.enum) out['enum'] = schema.enum;
  if (schema.properties) {
    const props: Json = {};
    for (const name of Object.keys(schema.properties).sort()) {
      props[name] = openAPISchema(schema.properties[name] as Schema, version);
    }
    out['properties'] = props;
  }
  if (schema.required) out['required'] = schema.required;
  if (schema.items) out['items'] = openAPISchema(schema.items, version);
  if (schema.additionalProperties) out['additionalProperties'] = openAPISchema(schema.additionalProperties, version);
  if (schema.listType) out['x-kubernetes-list-type'] = schema.listType;
  if (schema.listMapKeys) out['x-kubernetes-list-map-keys'] = schema.listMapKeys;
  if (schema.mapType) out['x-kubernetes-map-type'] = schema.mapType;
  if (schema.patchMergeKey) out['x-kubernetes-patch-merge-key'] = schema.patchMergeKey;
  if (schema.patchStrategy) out['x-kubernetes-patch-strategy'] = schema.patchStrategy;
  if (schema.preserveUnknownFields) out['x-kubernetes-preserve-unknown-fields'] = true;
  return out;
}

/** A definition in the given dialect, with x-kubernetes-group-version-kind when it is a kind. */
export function openAPIDefinition(name: string, schema: Schema, version: OpenAPIVersion): Json {
  const out = openAPISchema(schema, version);
  // Built-in embedded-object types are plain objects upstream; only kubelab's opaque
  // stand-ins for unmodelled structs say out loud that they keep unknown fields.
  if (name === RAW_EXTENSION || name === FIELDS_V1) delete out['x-kubernetes-preserve-unknown-fields'];
  const gvks = KINDS_BY_DEFINITION.get(name);
  if (gvks) out['x-kubernetes-group-version-kind'] = gvks.map((g) => ({ group: g.group, kind: g.kind, version: g.version }));
  return out;
}
