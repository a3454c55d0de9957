/**
 * Object keys as client-go's tools/cache writes them: "namespace/name" for namespaced
 * objects, "name" for cluster-scoped ones. Informer handlers turn objects into keys and
 * enqueue the keys (house rule 3); workers split them back and read the current state.
 */
import type { KubeObject } from '../api/meta.js';

/** MetaNamespaceKeyFunc: "ns/name" or "name". */
export function metaNamespaceKey(obj: KubeObject): string {
  const m = obj.metadata ?? {};
  if (!m.name) throw new Error('object has no metadata.name');
  return m.namespace ? `${m.namespace}/${m.name}` : m.name;
}

/** SplitMetaNamespaceKey: the inverse of metaNamespaceKey. */
export function splitMetaNamespaceKey(key: string): { namespace: string | undefined; name: string } {
  const parts = key.split('/');
  if (parts.length === 1) return { namespace: undefined, name: parts[0]! };
  if (parts.length === 2) return { namespace: parts[0] || undefined, name: parts[1]! };
  throw new Error(`unexpected key format: "${key}"`);
}

/**
 * What onDelete receives when the informer missed the deletion itself — a relist found the
 * object gone — carrying the last state it knew (cache.DeletedFinalStateUnknown).
 */
export class DeletedFinalStateUnknown<T extends KubeObject = KubeObject> {
  constructor(
    readonly key: string,
    readonly obj: T,
  ) {}
}

/** The object in a delete notification, unwrapping DeletedFinalStateUnknown. */
export function deletedObject<T extends KubeObject>(obj: T | DeletedFinalStateUnknown<T>): T {
  return obj instanceof DeletedFinalStateUnknown ? obj.obj : obj;
}

/** DeletionHandlingMetaNamespaceKeyFunc: the key of an object or of a tombstone. */
export function deletionHandlingKey(obj: KubeObject | DeletedFinalStateUnknown): string {
  return obj instanceof DeletedFinalStateUnknown ? obj.key : metaNamespaceKey(obj);
}
