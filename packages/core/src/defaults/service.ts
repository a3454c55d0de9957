/**
 * Service defaults (SetDefaults_Service in pkg/apis/core/v1) and the IP-family fields the
 * service registry fills before allocation (normalizeClusterIPs and initIPFamilyFields in
 * pkg/registry/core/service/storage). Allocating cluster IPs and node ports is admission's job.
 */
import type { KubeObject } from '../api/meta.js';
import { type Obj, child, isObj, items, setDefault, setDefaultIfZero } from './util.js';

/** DefaultClientIPServiceAffinitySeconds: three hours. */
const DEFAULT_AFFINITY_SECONDS = 10800;

function externallyAccessible(spec: Obj): boolean {
  const type = spec['type'];
  const externalIPs = Array.isArray(spec['externalIPs']) ? spec['externalIPs'] : [];
  return type === 'LoadBalancer' || type === 'NodePort' || (type === 'ClusterIP' && externalIPs.length > 0);
}

export function defaultService(svc: KubeObject): void {
  const spec = child(svc, 'spec');
  setDefaultIfZero(spec, 'sessionAffinity', 'None');
  if (spec['sessionAffinity'] === 'None') delete spec['sessionAffinityConfig'];
  if (spec['sessionAffinity'] === 'ClientIP') {
    const config = spec['sessionAffinityConfig'];
    const clientIP = isObj(config) ? config['clientIP'] : undefined;
    if (!isObj(clientIP) || clientIP['timeoutSeconds'] === undefined || clientIP['timeoutSeconds'] === null) {
      spec['sessionAffinityConfig'] = { clientIP: { timeoutSeconds: DEFAULT_AFFINITY_SECONDS } };
    }
  }
  setDefaultIfZero(spec, 'type', 'ClusterIP');
  for (const port of items(spec, 'ports')) {
    setDefaultIfZero(port, 'protocol', 'TCP');
    // targetPort 0 or "" means "the same as port".
    setDefaultIfZero(port, 'targetPort', port['port']);
  }
  if (externallyAccessible(spec)) setDefaultIfZero(spec, 'externalTrafficPolicy', 'Cluster');
  if (['NodePort', 'LoadBalancer', 'ClusterIP'].includes(String(spec['type']))) setDefault(spec, 'internalTrafficPolicy', 'Cluster');
  if (spec['type'] === 'LoadBalancer') setDefault(spec, 'allocateLoadBalancerNodePorts', true);
  defaultIPFamilies(spec);
}

/**
 * A single-stack IPv4 cluster's family fields: clusterIPs mirrors a clusterIP the user set,
 * and every non-ExternalName service is SingleStack IPv4, except headless services without a
 * selector, which require dual stack when the cluster has it (RequireDualStack) and get the
 * families the cluster has.
 */
function defaultIPFamilies(spec: Obj): void {
  if (spec['type'] === 'ExternalName') return;
  const clusterIP = typeof spec['clusterIP'] === 'string' ? spec['clusterIP'] : '';
  const clusterIPs = Array.isArray(spec['clusterIPs']) ? spec['clusterIPs'] : [];
  if (clusterIP !== '' && clusterIPs.length === 0) spec['clusterIPs'] = [clusterIP];
  const headless = clusterIP === 'None';
  const selector = isObj(spec['selector']) ? Object.keys(spec['selector']) : [];
  setDefault(spec, 'ipFamilyPolicy', headless && selector.length === 0 ? 'RequireDualStack' : 'SingleStack');
  const families = Array.isArray(spec['ipFamilies']) ? spec['ipFamilies'] : [];
  if (families.length === 0) {
    const first = Array.isArray(spec['clusterIPs']) ? spec['clusterIPs'][0] : undefined;
    spec['ipFamilies'] = [typeof first === 'string' && first.includes(':') ? 'IPv6' : 'IPv4'];
  }
}

/**
 * normalizeClusterIPs for updates (pkg/registry/core/service/storage): an old client that
 * clears or changes only clusterIP gets clusterIPs cleared or changed to match. The API
 * server's service strategy should call this before validation on update.
 */
export function normalizeServiceClusterIPs(svc: KubeObject, old: KubeObject): void {
  const spec = child(svc, 'spec');
  const oldSpec = isObj(old['spec']) ? old['spec'] : {};
  const oldIP = typeof oldSpec['clusterIP'] === 'string' ? oldSpec['clusterIP'] : '';
  const newIP = typeof spec['clusterIP'] === 'string' ? spec['clusterIP'] : '';
  const same = JSON.stringify(spec['clusterIPs'] ?? []) === JSON.stringify(oldSpec['clusterIPs'] ?? []);
  if (oldIP !== '' && newIP === '' && same) delete spec['clusterIPs'];
  if (oldIP !== '' && newIP !== '' && oldIP !== newIP && same && Array.isArray(spec['clusterIPs'])) {
    spec['clusterIPs'] = [newIP, ...spec['clusterIPs'].slice(1)];
  }
}
