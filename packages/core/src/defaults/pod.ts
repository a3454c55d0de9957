/**
 * Pod defaults (SetDefaults_Pod on top of the pod spec's): requests default to limits, service
 * links are on, and host-network pods publish their container ports on the host. These apply
 * to pods only, not to templates, so workload objects do not change when they are read back.
 *
 * preemptionPolicy and priority are not defaults upstream: the Priority admission plugin sets
 * them from the pod's PriorityClass (or the global default class).
 */
import type { KubeObject } from '../api/meta.js';
import { defaultPodSpec } from './pod-spec.js';
import { type Obj, child, isObj, items, setDefault } from './util.js';

function requestsFromLimits(c: Obj): void {
  const resources = isObj(c['resources']) ? c['resources'] : undefined;
  if (!resources || !isObj(resources['limits'])) return;
  const missing = Object.entries(resources['limits']).filter(([k]) => !isObj(resources['requests']) || !(k in resources['requests']));
  // An empty ResourceList is omitted from JSON, so only create requests with something in them.
  if (missing.length === 0) return;
  const requests = child(resources, 'requests');
  for (const [k, v] of missing) requests[k] = v;
}

export function defaultPod(pod: KubeObject): void {
  const spec = child(pod, 'spec');
  defaultPodSpec(spec);
  for (const c of [...items(spec, 'containers'), ...items(spec, 'initContainers')]) requestsFromLimits(c);
  setDefault(spec, 'enableServiceLinks', true);
  if (spec['hostNetwork'] === true) {
    for (const c of [...items(spec, 'containers'), ...items(spec, 'initContainers')]) {
      for (const p of items(c, 'ports')) if (!p['hostPort']) p['hostPort'] = p['containerPort'];
    }
  }
}
