/**
 * Scheduling constraints: node and pod (anti-)affinity, tolerations, topology spread.
 */
import { obj, req, str, int32, int64, ref, arr, type Definitions } from '../dsl.js';
import { core, meta } from './names.js';

export const affinityDefinitions: Definitions = {
  [core('Affinity')]: obj('Scheduling constraints of a pod relative to nodes and other pods.', {
    nodeAffinity: ref(core('NodeAffinity'), 'Rules about which nodes the pod may or prefers to run on.'),
    podAffinity: ref(core('PodAffinity'), 'Rules for placing the pod in the same topology domain as other pods.'),
    podAntiAffinity: ref(
      core('PodAntiAffinity'),
      'Rules for keeping the pod out of topology domains that run certain other pods.',
    ),
  }),
  [core('NodeAffinity')]: obj('Node selection rules for a pod.', {
    requiredDuringSchedulingIgnoredDuringExecution: ref(
      core('NodeSelector'),
      'Nodes must match for the pod to be scheduled there. A pod already running is not evicted if its node stops matching.',
    ),
    preferredDuringSchedulingIgnoredDuringExecution: arr(
      ref(core('PreferredSchedulingTerm')),
      'Weighted preferences: the scheduler favours nodes matching more weight, but may choose others.',
      { list: 'atomic' },
    ),
  }),
  [core('NodeSelector')]: obj('Node selector terms, any one of which must match. Null or empty selects no nodes.', {
    nodeSelectorTerms: req(arr(ref(core('NodeSelectorTerm')), 'The terms, ORed together.', { list: 'atomic' })),
  }, { mapType: 'atomic' }),
  [core('NodeSelectorTerm')]: obj('Requirements on a node, all of which must hold. An empty term matches nothing.', {
    matchExpressions: arr(ref(core('NodeSelectorRequirement')), 'Requirements on node labels.', { list: 'atomic' }),
    matchFields: arr(ref(core('NodeSelectorRequirement')), 'Requirements on node fields.', { list: 'atomic' }),
  }, { mapType: 'atomic' }),
  [core('NodeSelectorRequirement')]: obj('A requirement on a node label or field: a key, an operator and values.', {
    key: req(str('The label key or field name.')),
    operator: req(
      str(
        'In, NotIn, Exists, DoesNotExist, Gt or Lt.',
        { enum: ['DoesNotExist', 'Exists', 'Gt', 'In', 'Lt', 'NotIn'] },
      ),
    ),
    values: arr(
      str(),
      'Values for the operator: non-empty for In and NotIn, empty for Exists and DoesNotExist, a single integer for Gt and Lt.',
      { list: 'atomic' },
    ),
  }),
  [core('PreferredSchedulingTerm')]: obj('A node preference and its weight.', {
    weight: req(int32('Weight from 1 to 100.')),
    preference: req(ref(core('NodeSelectorTerm'), 'Requirements a preferred node matches.')),
  }),
  [core('PodAffinity')]: obj('Rules co-locating a pod with other pods.', {
    requiredDuringSchedulingIgnoredDuringExecution: arr(
      ref(core('PodAffinityTerm')),
      'Terms that must all hold when scheduling; not enforced after the pod runs.',
      { list: 'atomic' },
    ),
    preferredDuringSchedulingIgnoredDuringExecution: arr(
      ref(core('WeightedPodAffinityTerm')),
      'Weighted terms the scheduler tries to satisfy.',
      { list: 'atomic' },
    ),
  }),
  [core('PodAntiAffinity')]: obj('Rules separating a pod from other pods.', {
    requiredDuringSchedulingIgnoredDuringExecution: arr(
      ref(core('PodAffinityTerm')),
      'Terms that must all hold when scheduling; not enforced after the pod runs.',
      { list: 'atomic' },
    ),
    preferredDuringSchedulingIgnoredDuringExecution: arr(
      ref(core('WeightedPodAffinityTerm')),
      'Weighted terms the scheduler tries to satisfy.',
      { list: 'atomic' },
    ),
  }),
  [core('PodAffinityTerm')]: obj('A set of pods, in some namespaces, and the topology key defining "the same place" as them.', {
    labelSelector: ref(meta('LabelSelector'), 'Labels of the pods the term is about.'),
    namespaces: arr(
      str(),
      'Namespaces to look for the pods in; with namespaceSelector, the union is used. Empty with no selector means the pod\'s own namespace.',
      { list: 'atomic' },
    ),
    topologyKey: req(
      str('Node label key: nodes with the same value for it are in the same domain. Must not be empty.'),
    ),
    namespaceSelector: ref(
      meta('LabelSelector'),
      'Labels of namespaces to look for the pods in; empty selects all namespaces.',
    ),
    matchLabelKeys: arr(
      str(),
      'Label keys whose values are taken from the incoming pod and added to labelSelector as "In" requirements.',
      { list: 'atomic' },
    ),
    mismatchLabelKeys: arr(
      str(),
      'Label keys whose values are taken from the incoming pod and added to labelSelector as "NotIn" requirements.',
      { list: 'atomic' },
    ),
  }),
  [core('WeightedPodAffinityTerm')]: obj('A pod affinity term and its weight.', {
    weight: req(int32('Weight from 1 to 100.')),
    podAffinityTerm: req(ref(core('PodAffinityTerm'), 'The term.')),
  }),
  [core('Toleration')]: obj('Lets a pod be scheduled onto (and stay on) nodes with a matching taint.', {
    key: str('Taint key to match; empty with operator Exists matches all taints.'),
    operator: str(
      'Exists or Equal (default). Exists works like a wildcard for the value.',
      { enum: ['Equal', 'Exists'] },
    ),
    value: str('Taint value to match; empty with operator Exists.'),
    effect: str(
      'Taint effect to match; empty matches all effects. NoSchedule, PreferNoSchedule or NoExecute.',
      { enum: ['NoExecute', 'NoSchedule', 'PreferNoSchedule'] },
    ),
    tolerationSeconds: int64(
      'For NoExecute taints, how long the pod stays bound after the taint appears; unset means forever.',
    ),
  }),
  [core('TopologySpreadConstraint')]: obj('How evenly matching pods must spread over the domains of a topology key.', {
    maxSkew: req(
      int32(
        'Most by which the number of matching pods may differ between any domain and the emptiest one; at least 1.',
      ),
    ),
    topologyKey: req(str('Node label key whose values define the domains.')),
    whenUnsatisfiable: req(
      str(
        'DoNotSchedule (a hard rule) or ScheduleAnyway (preferring lower skew).',
        { enum: ['DoNotSchedule', 'ScheduleAnyway'] },
      ),
    ),
    labelSelector: ref(meta('LabelSelector'), 'Labels of the pods that are counted.'),
    minDomains: int32(
      'Minimum number of eligible domains; fewer domains count as having zero matching pods. Only with DoNotSchedule.',
    ),
    nodeAffinityPolicy: str(
      'Whether the pod\'s nodeAffinity and nodeSelector limit the domains counted: Honor (default) or Ignore.',
      { enum: ['Honor', 'Ignore'] },
    ),
    nodeTaintsPolicy: str(
      'Whether node taints limit the domains counted: Honor or Ignore (default).',
      { enum: ['Honor', 'Ignore'] },
    ),
    matchLabelKeys: arr(
      str(),
      'Label keys whose values are taken from the incoming pod and ANDed into labelSelector.',
      { list: 'atomic' },
    ),
  }),
};
