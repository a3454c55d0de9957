/**
 * DefaultStorageClass (plugin/pkg/admission/storage/storageclass/setdefault): a claim that
 * names no storage class gets the one annotated storageclass.kubernetes.io/is-default-class.
 */
import type { AdmissionPlugin } from './admission.js';

export const DEFAULT_CLASS_ANNOTATION = 'storageclass.kubernetes.io/is-default-class';

export const defaultStorageClass: AdmissionPlugin = {
  name: 'DefaultStorageClass',
  async admit(attrs, ctx) {
    if (attrs.operation !== 'CREATE' || attrs.rt.group !== '' || attrs.rt.plural !== 'persistentvolumeclaims' || !attrs.object) return;
    const spec = ((attrs.object['spec'] ??= {}) as { storageClassName?: string | null });
    if (spec.storageClassName !== undefined) return;
    const classes = await ctx.lookup('storage.k8s.io', 'storageclasses').store.list(undefined, {});
    const defaults = classes.items
      .filter((c) => c.metadata?.annotations?.[DEFAULT_CLASS_ANNOTATION] === 'true')
      .sort((a, b) => String(b.metadata?.creationTimestamp).localeCompare(String(a.metadata?.creationTimestamp)));
    // Several defaults: the newest wins, as upstream since 1.26.
    if (defaults[0]) spec.storageClassName = defaults[0].metadata!.name!;
  },
};
