/**
 * Small cluster-level kinds: Lease (coordination.k8s.io), PodDisruptionBudget and Eviction
 * (policy), PriorityClass (scheduling.k8s.io), StorageClass (storage.k8s.io).
 */
import { obj, req, str, int32, int64, bool, ref, arr, map, time, microTime, intOrString, type Definitions } from '../dsl.js';
import { core, coordination, policy, scheduling, storage, meta } from './names.js';

export const clusterDefinitions: Definitions = {
  [coordination('Lease')]: obj('A lease held by one holder at a time, used for leader election and node heartbeats.', {
    apiVersion: str(
      'Versioned schema of this object, such as "v1" or "apps/v1". The server converts the schemas it knows and rejects others.',
    ),
    kind: str(
      'Kind of object, in CamelCase, such as "Pod". The server can infer it from the request path. Cannot be updated.',
    ),
    metadata: ref(meta('ObjectMeta'), 'Standard object metadata.'),
    spec: ref(coordination('LeaseSpec'), 'Holder and timing of the lease.'),
  }),
  [coordination('LeaseSpec')]: obj('Holder and timing of a lease.', {
    holderIdentity: str('Identity of the current holder.'),
    leaseDurationSeconds: int32(
      'Seconds candidates must wait before taking the lease over, counted from the last renewal.',
    ),
    acquireTime: microTime('When the current holder acquired the lease.'),
    renewTime: microTime('When the current holder last renewed the lease.'),
    leaseTransitions: int32('How many times the lease changed holders.'),
    strategy: str('Strategy for picking the next holder in coordinated leader election.'),
    preferredHolder: str('Holder the lease should pass to, in coordinated leader election.'),
  }),
  [policy('PodDisruptionBudget')]: obj('Limits how many pods of a set may be down at once because of voluntary disruptions such as evictions during a drain.', {
    apiVersion: str(
      'Versioned schema of this object, such as "v1" or "apps/v1". The server converts the schemas it knows and rejects others.',
    ),
    kind: str(
      'Kind of object, in CamelCase, such as "Pod". The server can infer it from the request path. Cannot be updated.',
    ),
    metadata: ref(meta('ObjectMeta'), 'Standard object metadata.'),
    spec: ref(policy('PodDisruptionBudgetSpec'), 'The budget.'),
    status: ref(policy('PodDisruptionBudgetStatus'), 'Most recently observed state of the budget. Read-only.'),
  }),
  [policy('PodDisruptionBudgetSpec')]: obj('A disruption budget; set minAvailable or maxUnavailable.', {
    minAvailable: intOrString('Pods that must stay available after an eviction, as a number or a percentage.'),
    selector: ref(
      meta('LabelSelector'),
      'Labels of the pods the budget covers. An empty selector covers all pods of the namespace.',
      { patch: 'replace' },
    ),
    maxUnavailable: intOrString('Pods that may be unavailable after an eviction, as a number or a percentage.'),
    unhealthyPodEvictionPolicy: str(
      'When running but not ready pods may be evicted: IfHealthyBudget (default) or AlwaysAllow.',
      { enum: ['AlwaysAllow', 'IfHealthyBudget'] },
    ),
  }),
  [policy('PodDisruptionBudgetStatus')]: obj('The observed state of a disruption budget.', {
    observedGeneration: int64('Generation last acted on when computing the status.'),
    disruptedPods: map(time(), 'Pods evicted through the API but not yet seen deleted, with the eviction time.'),
    disruptionsAllowed: req(int32('Pod disruptions currently allowed.')),
    currentHealthy: req(int32('Current number of healthy pods.')),
    desiredHealthy: req(int32('Least number of healthy pods wanted.')),
    expectedPods: req(int32('Total number of pods the budget counts.')),
    conditions: arr(
      ref(meta('Condition')),
      'Current conditions, such as DisruptionAllowed.',
      { patch: 'merge', mergeKey: 'type', list: 'map', keys: ['type'] },
    ),
  }),
  [policy('Eviction')]: obj('A request to evict a pod, respecting disruption budgets; posted to the pod\'s eviction subresource.', {
    apiVersion: str(
      'Versioned schema of this object, such as "v1" or "apps/v1". The server converts the schemas it knows and rejects others.',
    ),
    kind: str(
      'Kind of object, in CamelCase, such as "Pod". The server can infer it from the request path. Cannot be updated.',
    ),
    metadata: ref(meta('ObjectMeta'), 'Name and namespace of the pod to evict.'),
    deleteOptions: ref(meta('DeleteOptions'), 'Options for deleting the pod.'),
  }),
  [scheduling('PriorityClass')]: obj('Maps a priority class name to the integer priority of pods that use it.', {
    apiVersion: str(
      'Versioned schema of this object, such as "v1" or "apps/v1". The server converts the schemas it knows and rejects others.',
    ),
    kind: str(
      'Kind of object, in CamelCase, such as "Pod". The server can infer it from the request path. Cannot be updated.',
    ),
    metadata: ref(meta('ObjectMeta'), 'Standard object metadata.'),
    value: req(
      int32('Priority of pods using the class; higher is more important. At most 1000000000 for user classes.'),
    ),
    globalDefault: bool('Use this class for pods that name none. Only one class may be the default.'),
    description: str('What the class should be used for.'),
    preemptionPolicy: str(
      'Whether pods of the class may preempt others: PreemptLowerPriority (default) or Never.',
      { enum: ['Never', 'PreemptLowerPriority'] },
    ),
  }),
  [storage('StorageClass')]: obj('A class of dynamically provisioned storage: its provisioner and parameters.', {
    apiVersion: str(
      'Versioned schema of this object, such as "v1" or "apps/v1". The server converts the schemas it knows and rejects others.',
    ),
    kind: str(
      'Kind of object, in CamelCase, such as "Pod". The server can infer it from the request path. Cannot be updated.',
    ),
    metadata: ref(meta('ObjectMeta'), 'Standard object metadata.'),
    provisioner: req(str('Name of the volume provisioner.')),
    parameters: map(str(), 'Parameters for the provisioner.'),
    reclaimPolicy: str(
      'Reclaim policy of volumes provisioned from the class: Delete (default) or Retain.',
      { enum: ['Delete', 'Recycle', 'Retain'] },
    ),
    mountOptions: arr(str(), 'Mount options of provisioned volumes, used as given.', { list: 'atomic' }),
    allowVolumeExpansion: bool('Whether claims of this class may be expanded.'),
    volumeBindingMode: str(
      'When volumes are provisioned and bound: Immediate (default) or WaitForFirstConsumer.',
      { enum: ['Immediate', 'WaitForFirstConsumer'] },
    ),
    allowedTopologies: arr(
      ref(core('TopologySelectorTerm')),
      'Topologies where volumes may be provisioned; empty means anywhere.',
      { list: 'atomic' },
    ),
  }),
  [core('TopologySelectorTerm')]: obj('Topology requirements, all of which must hold.', {
    matchLabelExpressions: arr(
      ref(core('TopologySelectorLabelRequirement')),
      'Requirements on topology labels.',
      { list: 'atomic' },
    ),
  }, { mapType: 'atomic' }),
  [core('TopologySelectorLabelRequirement')]: obj('A topology label and its allowed values.', {
    key: req(str('Label key.')),
    values: req(arr(str(), 'Allowed values; one must match.', { list: 'atomic' })),
  }),
};
