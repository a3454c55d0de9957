/**
 * Defaults of the cluster-scoped core kinds and small namespaced ones: Namespace (the
 * kubernetes.io/metadata.name label), Node (allocatable from capacity), Endpoints (TCP ports),
 * LimitRange (container defaults from max/min), ResourceQuota (canonical quantities).
 * Struct-valued specs that upstream always writes (`spec: {}`) are created too.
 */
import type { KubeObject } from '../api/meta.js';
import { defaultResourceList } from './canonical-quantity.js';
import { child, isObj, items, setDefaultIfZero } from './util.js';

export function defaultNamespace(ns: KubeObject): void {
  const meta = (ns.metadata ??= {});
  if (meta.name) meta.labels = { ...(meta.labels ?? {}), 'kubernetes.io/metadata.name': meta.name };
  if (isObj(ns['status'])) setDefaultIfZero(ns['status'], 'phase', 'Active');
}

export function defaultNode(node: KubeObject): void {
  child(node, 'spec');
  if (!isObj(node['status'])) return;
  const status = node['status'];
  defaultResourceList(status['capacity']);
  defaultResourceList(status['allocatable']);
  if (!isObj(status['allocatable']) && isObj(status['capacity'])) status['allocatable'] = { ...status['capacity'] };
}

export function defaultEndpoints(ep: KubeObject): void {
  for (const subset of items(ep, 'subsets')) for (const port of items(subset, 'ports')) setDefaultIfZero(port, 'protocol', 'TCP');
}

export function defaultLimitRange(lr: KubeObject): void {
  for (const item of items(child(lr, 'spec'), 'limits')) {
    for (const list of ['max', 'min', 'default', 'defaultRequest', 'maxLimitRequestRatio']) defaultResourceList(item[list]);
    if (item['type'] !== 'Container') continue;
    const def = { ...(isObj(item['default']) ? item['default'] : {}) };
    const defReq = { ...(isObj(item['defaultRequest']) ? item['defaultRequest'] : {}) };
    for (const [k, v] of Object.entries(isObj(item['max']) ? item['max'] : {})) if (!(k in def)) def[k] = v;
    for (const [k, v] of Object.entries(def)) if (!(k in defReq)) defReq[k] = v;
    for (const [k, v] of Object.entries(isObj(item['min']) ? item['min'] : {})) if (!(k in defReq)) defReq[k] = v;
    // Empty resource lists are omitted from JSON upstream.
    if (Object.keys(def).length > 0) item['default'] = def;
    if (Object.keys(defReq).length > 0) item['defaultRequest'] = defReq;
  }
}

export function defaultResourceQuota(rq: KubeObject): void {
  const spec = child(rq, 'spec');
  defaultResourceList(spec['hard']);
  if (isObj(rq['status'])) {
    defaultResourceList(rq['status']['hard']);
    defaultResourceList(rq['status']['used']);
  }
}
