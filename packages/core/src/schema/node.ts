/**
 * A structural schema node: what the API server knows about the shape of a field. It is the
 * one description of each kind from which kubelab derives its OpenAPI documents (for
 * `kubectl explain` and kubectl's field-validation check), strict unknown-field detection,
 * and the merge rules of strategic merge patch and server-side apply — as upstream derives
 * them from its OpenAPI extensions (x-kubernetes-patch-strategy, -patch-merge-key,
 * -list-type, -list-map-keys, -map-type).
 */
export type SchemaType = 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';

export interface SchemaNode {
  /** Absent for "any value" (with preserveUnknownFields) and for int-or-string. */
  type?: SchemaType;
  description?: string;
  /** "int32", "int64", "date-time", "byte", "int-or-string", "quantity" ... */
  format?: string;
  /** Fixed fields of a struct. */
  properties?: Record<string, SchemaNode>;
  required?: string[];
  /** The value schema of a map (object with arbitrary keys). */
  additionalProperties?: SchemaNode;
  /** The element schema of an array. */
  items?: SchemaNode;
  enum?: string[];
  /** x-kubernetes-int-or-string */
  intOrString?: boolean;
  /** x-kubernetes-preserve-unknown-fields: any field is accepted below here. */
  preserveUnknownFields?: boolean;
  /** x-kubernetes-patch-strategy: "merge", "replace", "retainKeys", "merge,retainKeys". */
  patchStrategy?: string;
  /** x-kubernetes-patch-merge-key: the field identifying list elements ("name"). */
  patchMergeKey?: string;
  /** x-kubernetes-list-type: how server-side apply owns a list. */
  listType?: 'atomic' | 'set' | 'map';
  /** x-kubernetes-list-map-keys: the key fields of a list-type=map list. */
  listMapKeys?: string[];
  /** x-kubernetes-map-type: "atomic" maps and structs are owned as a whole. */
  mapType?: 'atomic' | 'granular';
  /** The OpenAPI definition this node came from ("io.k8s.api.core.v1.Container"). */
  definition?: string;
}

/** The node for a named field of an object node, or undefined when the schema has none. */
export function fieldOf(node: SchemaNode | undefined, name: string): SchemaNode | undefined {
  if (!node) return undefined;
  return node.properties?.[name] ?? node.additionalProperties;
}

/** The element node of an array node. */
export function itemsOf(node: SchemaNode | undefined): SchemaNode | undefined {
  return node?.items;
}
