/**
 * NamespaceLifecycle: nothing is created in a namespace that does not exist or is being
 * deleted, and the namespaces the cluster itself needs cannot be deleted
 * (plugin/pkg/admission/namespace/lifecycle upstream).
 */
import { forbidden, notFound, resourceFor } from '@kubelab/core';
import type { AdmissionPlugin } from './admission.js';

/** default, kube-system and kube-public may not be deleted. */
export const IMMORTAL_NAMESPACES = new Set(['default', 'kube-system', 'kube-public']);

export const namespaceLifecycle: AdmissionPlugin = {
  name: 'NamespaceLifecycle',
  async validate(attrs, ctx) {
    if (attrs.rt.plural === 'namespaces' && attrs.rt.group === '') {
      if (attrs.operation === 'DELETE' && IMMORTAL_NAMESPACES.has(attrs.name)) {
        throw forbidden(attrs.rt, attrs.name, 'this namespace may not be deleted');
      }
      return;
    }
    if (attrs.operation !== 'CREATE' || !attrs.rt.namespaced || !attrs.namespace) return;
    // From the namespaces' watch cache, with a store read on a miss (a namespace created a
    // moment ago), as upstream's lifecycle plugin uses its lister and a live lookup.
    const namespaces = ctx.lookup('', 'namespaces');
    await namespaces.cache.ready();
    const ns = namespaces.cache.get(attrs.namespace) ?? (await namespaces.store.get(undefined, attrs.namespace))?.object;
    if (!ns) throw notFound(resourceFor('', 'v1', 'namespaces')!, attrs.namespace);
    const phase = (ns['status'] as { phase?: string } | undefined)?.phase;
    if (phase === 'Terminating' || ns.metadata?.deletionTimestamp) {
      throw forbidden(
        attrs.rt,
        attrs.name,
        `unable to create new content in namespace ${attrs.namespace} because it is being terminated`,
      );
    }
  },
};
