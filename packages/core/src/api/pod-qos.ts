/**
 * A pod's QoS class, as pkg/apis/core/helper/qos computes it: BestEffort when no container
 * asks for or limits cpu or memory; Guaranteed when every container has cpu and memory
 * limits equal to its requests (a request defaults to its limit); Burstable otherwise.
 */
import { parseQuantity } from '../quantity.js';
import type { KubeObject } from './meta.js';

type Resources = { requests?: Record<string, string | number>; limits?: Record<string, string | number> };
type Container = { resources?: Resources };

const QOS_RESOURCES = ['cpu', 'memory'] as const;

export function podQosClass(pod: KubeObject): 'Guaranteed' | 'Burstable' | 'BestEffort' {
  const spec = (pod['spec'] ?? {}) as { containers?: Container[]; initContainers?: Container[] };
  const containers = [...(spec.containers ?? []), ...(spec.initContainers ?? [])];
  let any = false;
  let guaranteed = containers.length > 0;
  for (const c of containers) {
    const req = c.resources?.requests ?? {};
    const lim = c.resources?.limits ?? {};
    for (const r of QOS_RESOURCES) {
      const hasReq = req[r] !== undefined && safe(req[r]!) !== 0;
      const hasLim = lim[r] !== undefined && safe(lim[r]!) !== 0;
      if (hasReq || hasLim) any = true;
      if (!hasLim) guaranteed = false;
      else if (hasReq && safe(req[r]!) !== safe(lim[r]!)) guaranteed = false;
    }
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

function safe(q: string | number): number {
  try {
    return parseQuantity(q);
  } catch {
    return 0;
  }
}
