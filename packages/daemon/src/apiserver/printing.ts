/**
 * Server-side printing: responses converted to a metav1.Table (kubectl get's columns, from
 * @kubelab/core's printers, so `kubectl get` and `kubelab get` print the same) or to
 * PartialObjectMetadata, per the Accept header.
 */
import {
  type IncludeObjectPolicy,
  IncludeObjectError,
  type KubeObject,
  type ResourceType,
  badRequest,
  parseIncludeObject,
  tableForList,
} from '@kubelab/core';

export interface TableOptions {
  includeObject: IncludeObjectPolicy;
  now: number;
  /** Omit columnDefinitions (later events of a watch). */
  noHeaders?: boolean;
}

export function toTable(
  rt: ResourceType,
  objects: KubeObject[],
  meta: { resourceVersion?: string; continue?: string; remainingItemCount?: number },
  options: TableOptions,
): KubeObject {
  const list = { apiVersion: 'v1', kind: 'List', metadata: meta, items: objects };
  return tableForList(list, {
    group: rt.group,
    version: rt.version,
    kind: rt.kind,
    now: options.now,
    includeObject: options.includeObject,
    noHeaders: options.noHeaders,
  }) as unknown as KubeObject;
}

/** includeObject=None|Metadata|Object for Table rows (default Metadata); 400 otherwise. */
export function includeObjectPolicy(query: URLSearchParams): IncludeObjectPolicy {
  try {
    return parseIncludeObject(query.get('includeObject'));
  } catch (err) {
    if (err instanceof IncludeObjectError) throw badRequest(err.message);
    throw err;
  }
}

export function partialMetadata(o: KubeObject): KubeObject {
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: o.metadata ?? {} };
}

export function partialMetadataList(items: KubeObject[], meta: Record<string, unknown>): KubeObject {
  return { kind: 'PartialObjectMetadataList', apiVersion: 'meta.k8s.io/v1', metadata: meta, items: items.map(partialMetadata) };
}
