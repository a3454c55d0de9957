/**
 * DefaultTolerationSeconds (plugin/pkg/admission/defaulttolerationseconds): a pod that does
 * not say how long it tolerates its node being not-ready or unreachable gets 300 seconds for
 * each — after that the node lifecycle controller evicts it. The periods are the API
 * server's --default-not-ready-toleration-seconds and --default-unreachable-toleration-seconds.
 */
import type { AdmissionPlugin } from './admission.js';

export const NOT_READY_TAINT = 'node.kubernetes.io/not-ready';
export const UNREACHABLE_TAINT = 'node.kubernetes.io/unreachable';

interface Toleration {
  key?: string;
  operator?: string;
  effect?: string;
  tolerationSeconds?: number;
}

export function defaultTolerationSeconds(notReadySeconds = 300, unreachableSeconds = 300): AdmissionPlugin {
  return {
    name: 'DefaultTolerationSeconds',
    admit(attrs) {
      if (attrs.operation !== 'CREATE' || attrs.rt.group !== '' || attrs.rt.plural !== 'pods' || !attrs.object) return;
      const spec = ((attrs.object['spec'] ??= {}) as { tolerations?: Toleration[] });
      const tolerations = (spec.tolerations ??= []);
      const covers = (key: string) =>
        tolerations.some((t) => (t.effect === 'NoExecute' || !t.effect) && (t.key === key || (!t.key && t.operator === 'Exists')));
      if (!covers(NOT_READY_TAINT)) {
        tolerations.push({ key: NOT_READY_TAINT, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: notReadySeconds });
      }
      if (!covers(UNREACHABLE_TAINT)) {
        tolerations.push({ key: UNREACHABLE_TAINT, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: unreachableSeconds });
      }
    },
  };
}
