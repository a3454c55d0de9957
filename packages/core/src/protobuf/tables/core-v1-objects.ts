/**
 * Protobuf field table: k8s.io/api/core/v1, namespaces, config maps, secrets, service accounts, events, quotas, limit ranges.
 * Messages reachable from the kinds kubelab serves; format and sources in ../schema.ts.
 */
import type { PackageTable } from '../schema.js';

/** k8s.io/api/core/v1 */
export const CORE_V1_OBJECTS: PackageTable = {
  package: 'core.v1',
  messages: {
    ConfigMap: [
      '1 metadata meta.v1.ObjectMeta omitempty',
      '4 immutable *bool omitempty',
      '2 data map[string]string omitempty',
      '3 binaryData map[string]bytes omitempty',
    ],
    Event: [
      '1 metadata meta.v1.ObjectMeta',
      '2 involvedObject ObjectReference',
      '3 reason string omitempty',
      '4 message string omitempty',
      '5 source EventSource omitempty',
      '6 firstTimestamp meta.v1.Time omitempty',
      '7 lastTimestamp meta.v1.Time omitempty',
      '8 count int32 omitempty',
      '9 type string omitempty',
      '10 eventTime meta.v1.MicroTime omitempty',
      '11 series *EventSeries omitempty',
      '12 action string omitempty',
      '13 related *ObjectReference omitempty',
      '14 reportingComponent string',
      '15 reportingInstance string',
    ],
    EventSeries: [
      '1 count int32 omitempty',
      '2 lastObservedTime meta.v1.MicroTime omitempty',
    ],
    EventSource: [
      '1 component string omitempty',
      '2 host string omitempty',
    ],
    LimitRange: [
      '1 metadata meta.v1.ObjectMeta omitempty',
      '2 spec LimitRangeSpec omitempty',
    ],
    LimitRangeItem: [
      '1 type string',
      '2 max map[string]resource.Quantity omitempty',
      '3 min map[string]resource.Quantity omitempty',
      '4 default map[string]resource.Quantity omitempty',
      '5 defaultRequest map[string]resource.Quantity omitempty',
      '6 maxLimitRequestRatio map[string]resource.Quantity omitempty',
    ],
    LimitRangeSpec: [
      '1 limits []LimitRangeItem',
    ],
    Namespace: [
      '1 metadata meta.v1.ObjectMeta omitempty',
      '2 spec NamespaceSpec omitempty',
      '3 status NamespaceStatus omitempty',
    ],
    NamespaceCondition: [
      '1 type string',
      '2 status string',
      '4 lastTransitionTime meta.v1.Time omitempty',
      '5 reason string omitempty',
      '6 message string omitempty',
    ],
    NamespaceSpec: [
      '1 finalizers []string omitempty',
    ],
    NamespaceStatus: [
      '1 phase string omitempty',
      '2 conditions []NamespaceCondition omitempty',
    ],
    ResourceQuota: [
      '1 metadata meta.v1.ObjectMeta omitempty',
      '2 spec ResourceQuotaSpec omitempty',
      '3 status ResourceQuotaStatus omitempty',
    ],
    ResourceQuotaSpec: [
      '1 hard map[string]resource.Quantity omitempty',
      '2 scopes []string omitempty',
      '3 scopeSelector *ScopeSelector omitempty',
    ],
    ResourceQuotaStatus: [
      '1 hard map[string]resource.Quantity omitempty',
      '2 used map[string]resource.Quantity omitempty',
    ],
    ScopeSelector: [
      '1 matchExpressions []ScopedResourceSelectorRequirement omitempty',
    ],
    ScopedResourceSelectorRequirement: [
      '1 scopeName string',
      '2 operator string',
      '3 values []string omitempty',
    ],
    Secret: [
      '1 metadata meta.v1.ObjectMeta omitempty',
      '5 immutable *bool omitempty',
      '2 data map[string]bytes omitempty',
      '4 stringData map[string]string omitempty',
      '3 type string omitempty',
    ],
    ServiceAccount: [
      '1 metadata meta.v1.ObjectMeta omitempty',
      '2 secrets []ObjectReference omitempty',
      '3 imagePullSecrets []LocalObjectReference omitempty',
      '4 automountServiceAccountToken *bool omitempty',
    ],
    TopologySelectorLabelRequirement: [
      '1 key string',
      '2 values []string',
    ],
    TopologySelectorTerm: [
      '1 matchLabelExpressions []TopologySelectorLabelRequirement omitempty',
    ],
  },
};
