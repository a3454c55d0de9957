/**
 * Defaults of the smaller API groups: PriorityClass (scheduling.k8s.io/v1), StorageClass
 * (storage.k8s.io/v1), RBAC bindings (rbac.authorization.k8s.io/v1), EndpointSlice
 * (discovery.k8s.io/v1), Lease (coordination.k8s.io/v1) and core Events.
 */
import type { KubeObject } from '../api/meta.js';
import { child, items, setDefault, setDefaultIfZero } from './util.js';

const RBAC_GROUP = 'rbac.authorization.k8s.io';

export function defaultPriorityClass(pc: KubeObject): void {
  setDefault(pc, 'preemptionPolicy', 'PreemptLowerPriority');
}

export function defaultStorageClass(sc: KubeObject): void {
  setDefault(sc, 'reclaimPolicy', 'Delete');
  setDefault(sc, 'volumeBindingMode', 'Immediate');
}

/** SetDefaults_RoleBinding / SetDefaults_ClusterRoleBinding and SetDefaults_Subject. */
export function defaultBinding(b: KubeObject): void {
  setDefaultIfZero(child(b, 'roleRef'), 'apiGroup', RBAC_GROUP);
  for (const s of items(b, 'subjects')) {
    if (s['apiGroup']) continue;
    if (s['kind'] === 'User' || s['kind'] === 'Group') s['apiGroup'] = RBAC_GROUP;
    else if (s['kind'] === 'ServiceAccount') s['apiGroup'] = '';
  }
}

export function defaultEndpointSlice(slice: KubeObject): void {
  // `endpoints` has no omitempty upstream: an empty slice reads back as `endpoints: null`.
  if (slice['endpoints'] === undefined) slice['endpoints'] = null;
  for (const port of items(slice, 'ports')) {
    setDefault(port, 'name', '');
    setDefault(port, 'protocol', 'TCP');
  }
}

export function defaultLease(lease: KubeObject): void {
  child(lease, 'spec');
}

/**
 * core/v1 Event fields without omitempty: they read back as "" or null when unset, which
 * `kubectl get events -o yaml` shows.
 */
export function defaultEvent(ev: KubeObject): void {
  child(ev, 'involvedObject');
  child(ev, 'source');
  for (const f of ['firstTimestamp', 'lastTimestamp', 'eventTime']) if (ev[f] === undefined) ev[f] = null;
  setDefault(ev, 'reportingComponent', '');
  setDefault(ev, 'reportingInstance', '');
}
