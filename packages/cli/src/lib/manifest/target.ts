/**
 * Where a manifest's object goes: its resource (from apiVersion and kind) and namespace —
 * the object's own, else -n, else the context's — with kubectl's errors for an unknown kind
 * and for a namespace that contradicts an explicit -n.
 */
import type { KubeObject } from '@kubelab/core/api/meta';
import { type ResourceType, resourceForKind } from '@kubelab/core/api/registry';
import { KubelabError } from '../errors.js';
import type { Manifest } from './read.js';

export interface Target {
  rt: ResourceType;
  name: string;
  namespace: string | undefined;
  /** The object with its namespace set (namespaced kinds). */
  object: KubeObject;
  source: string;
}

export function targetOf(m: Manifest, namespace: string, explicitNamespace: boolean): Target {
  const obj = m.object;
  const name = obj.metadata?.name ?? '';
  const rt = resourceForKind(obj.apiVersion ?? '', obj.kind ?? '');
  if (!rt) {
    const ns = obj.metadata?.namespace ?? '';
    throw new KubelabError(`resource mapping not found for name: "${name}" namespace: "${ns}" from "${m.source}": no matches for kind "${obj.kind}" in version "${obj.apiVersion}"\nensure CRDs are installed first`);
  }
  if (!rt.namespaced) return { rt, name, namespace: undefined, object: obj, source: m.source };
  const own = obj.metadata?.namespace;
  if (own && explicitNamespace && own !== namespace) {
    throw new KubelabError(`the namespace from the provided object "${own}" does not match the namespace "${namespace}". You must pass '--namespace=${own}' to perform this operation.`);
  }
  const ns = own || namespace;
  return { rt, name, namespace: ns, object: { ...obj, metadata: { ...obj.metadata, namespace: ns } }, source: m.source };
}

/** "deployment.apps/web": how apply, create and -o name print an object. */
export function targetName(t: Pick<Target, 'rt' | 'name'>): string {
  return `${(t.rt.group ? `${t.rt.kind}.${t.rt.group}` : t.rt.kind).toLowerCase()}/${t.name}`;
}
