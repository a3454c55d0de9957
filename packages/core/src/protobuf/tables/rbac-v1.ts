/**
 * Protobuf field table: k8s.io/api/rbac/v1.
 * Messages reachable from the kinds kubelab serves; format and sources in ../schema.ts.
 */
import type { PackageTable } from '../schema.js';

/** k8s.io/api/rbac/v1 */
export const RBAC_V1: PackageTable = {
  package: 'rbac.v1',
  messages: {
    AggregationRule: [
      '1 clusterRoleSelectors []meta.v1.LabelSelector omitempty',
    ],
    ClusterRole: [
      '1 metadata meta.v1.ObjectMeta omitempty',
      '2 rules []PolicyRule',
      '3 aggregationRule *AggregationRule omitempty',
    ],
    ClusterRoleBinding: [
      '1 metadata meta.v1.ObjectMeta omitempty',
      '2 subjects []Subject omitempty',
      '3 roleRef RoleRef',
    ],
    PolicyRule: [
      '1 verbs []string',
      '2 apiGroups []string omitempty',
      '3 resources []string omitempty',
      '4 resourceNames []string omitempty',
      '5 nonResourceURLs []string omitempty',
    ],
    Role: [
      '1 metadata meta.v1.ObjectMeta omitempty',
      '2 rules []PolicyRule',
    ],
    RoleBinding: [
      '1 metadata meta.v1.ObjectMeta omitempty',
      '2 subjects []Subject omitempty',
      '3 roleRef RoleRef',
    ],
    RoleRef: [
      '1 apiGroup string',
      '2 kind string',
      '3 name string',
    ],
    Subject: [
      '1 kind string',
      '2 apiGroup string omitempty',
      '3 name string',
      '4 namespace string omitempty',
    ],
  },
};
