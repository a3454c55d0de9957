/**
 * TaintNodesByCondition (plugin/pkg/admission/nodetaint): a node registers tainted
 * node.kubernetes.io/not-ready:NoSchedule, so nothing lands on it before it reports Ready
 * and the node lifecycle controller lifts the taint.
 */
import type { AdmissionPlugin } from './admission.js';
import { NOT_READY_TAINT } from './default-toleration-seconds.js';

export const taintNodesByCondition: AdmissionPlugin = {
  name: 'TaintNodesByCondition',
  admit(attrs) {
    if (attrs.operation !== 'CREATE' || attrs.rt.group !== '' || attrs.rt.plural !== 'nodes' || !attrs.object) return;
    const spec = ((attrs.object['spec'] ??= {}) as { taints?: Array<{ key: string; effect: string }> });
    const taints = (spec.taints ??= []);
    if (!taints.some((t) => t.key === NOT_READY_TAINT && t.effect === 'NoSchedule')) {
      taints.push({ key: NOT_READY_TAINT, effect: 'NoSchedule' });
    }
  },
};
