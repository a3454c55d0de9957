/**
 * The selector of a pod's "siblings" for default spreading (plugins/helper.DefaultSelector):
 * the union of the selectors of the Services whose selector matches the pod, plus the
 * selector of its controlling ReplicaSet or StatefulSet. An empty result means "no
 * siblings": default constraints do not apply.
 */
import { parseApiVersion } from '../../api/meta.js';
import { type Requirement, Selector, selectorFromLabelSelector } from '../../labels/selector.js';
import type { Pod, Service } from '../api/types.js';
import type { ClusterListers } from '../framework/interface.js';

export function defaultSelector(pod: Pod, listers: ClusterListers): Selector {
  const ns = pod.metadata?.namespace ?? '';
  const labels = pod.metadata?.labels ?? {};
  const merged: Record<string, string> = {};
  for (const svc of podServices(listers.services(ns), labels)) Object.assign(merged, svc.spec?.selector ?? {});
  const reqs: Requirement[] = Object.entries(merged).map(([key, v]) => ({ key, operator: '=' as const, values: [v] }));
  const owner = (pod.metadata?.ownerReferences ?? []).find((r) => r.controller);
  if (owner) {
    const { group } = parseApiVersion(owner.apiVersion);
    const workload =
      group === 'apps' && owner.kind === 'ReplicaSet'
        ? listers.replicaSet(ns, owner.name)
        : group === 'apps' && owner.kind === 'StatefulSet'
          ? listers.statefulSet(ns, owner.name)
          : undefined;
    if (workload) {
      try {
        const s = selectorFromLabelSelector(workload.spec?.selector);
        if (s) reqs.push(...s.requirements);
      } catch {
        // An invalid selector selects nothing more.
      }
    }
  }
  reqs.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return new Selector(reqs);
}

/** Services in the pod's namespace whose (non-empty) selector matches its labels (GetPodServices). */
export function podServices(services: readonly Service[], labels: Record<string, string>): Service[] {
  return services.filter((s) => {
    const sel = s.spec?.selector;
    if (!sel || Object.keys(sel).length === 0) return false;
    for (const [k, v] of Object.entries(sel)) if (labels[k] !== v) return false;
    return true;
  });
}
