/**
 * Priority admission (plugin/pkg/admission/priority): a pod's spec.priority comes from its
 * priorityClassName — which must exist — or from the cluster's globalDefault class, else 0;
 * its preemptionPolicy follows the class. Clients may not set priority themselves.
 */
import { type KubeObject, forbidden } from '@kubelab/core';
import type { AdmissionPlugin } from './admission.js';

interface PodSpec {
  priorityClassName?: string;
  priority?: number;
  preemptionPolicy?: string;
}

export const priorityAdmission: AdmissionPlugin = {
  name: 'Priority',
  async admit(attrs, ctx) {
    if (attrs.operation !== 'CREATE' || attrs.rt.group !== '' || attrs.rt.plural !== 'pods' || !attrs.object) return;
    const spec = ((attrs.object['spec'] ??= {}) as PodSpec);
    const classes = ctx.lookup('scheduling.k8s.io', 'priorityclasses');
    let pc: KubeObject | undefined;
    if (spec.priorityClassName) {
      pc = (await classes.store.get(undefined, spec.priorityClassName))?.object;
      if (!pc) {
        throw forbidden(attrs.rt, attrs.object.metadata?.name ?? '', `no PriorityClass with name ${spec.priorityClassName} was found`);
      }
    } else {
      const all = await classes.store.list(undefined, {});
      pc = all.items.find((c) => c['globalDefault'] === true);
      if (pc) spec.priorityClassName = pc.metadata?.name;
    }
    const value = pc ? Number(pc['value'] ?? 0) : 0;
    if (spec.priority !== undefined && spec.priority !== value) {
      throw forbidden(attrs.rt, attrs.object.metadata?.name ?? '', 'the integer value of priority (' + spec.priority + ') must not be provided in pod spec; priority admission controller computed ' + value + ' from the given PriorityClass name');
    }
    spec.priority = value;
    spec.preemptionPolicy = (pc?.['preemptionPolicy'] as string | undefined) ?? spec.preemptionPolicy ?? 'PreemptLowerPriority';
  },
};
