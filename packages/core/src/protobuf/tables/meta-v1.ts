/**
 * Protobuf field table: k8s.io/apimachinery/pkg/apis/meta/v1.
 * Messages reachable from the kinds kubelab serves; format and sources in ../schema.ts.
 */
import type { PackageTable } from '../schema.js';

/** k8s.io/apimachinery/pkg/apis/meta/v1 */
export const META_V1: PackageTable = {
  package: 'meta.v1',
  messages: {
    Condition: [
      '1 type string',
      '2 status string',
      '3 observedGeneration int64 omitempty',
      '4 lastTransitionTime Time',
      '5 reason string',
      '6 message string',
    ],
    DeleteOptions: [
      '1 gracePeriodSeconds *int64 omitempty',
      '2 preconditions *Preconditions omitempty',
      '3 orphanDependents *bool omitempty',
      '4 propagationPolicy *string omitempty',
      '5 dryRun []string omitempty',
      '6 ignoreStoreReadErrorWithClusterBreakingPotential *bool omitempty',
    ],
    Duration: [
      '1 duration int64',
    ],
    FieldsV1: [
      '1 Raw bytes',
    ],
    LabelSelector: [
      '1 matchLabels map[string]string omitempty',
      '2 matchExpressions []LabelSelectorRequirement omitempty',
    ],
    LabelSelectorRequirement: [
      '1 key string',
      '2 operator string',
      '3 values []string omitempty',
    ],
    ManagedFieldsEntry: [
      '1 manager string omitempty',
      '2 operation string omitempty',
      '3 apiVersion string omitempty',
      '4 time *Time omitempty',
      '6 fieldsType string omitempty',
      '7 fieldsV1 *FieldsV1 omitempty',
      '8 subresource string omitempty',
    ],
    MicroTime: [
      '1 seconds int64',
      '2 nanos int32',
    ],
    ObjectMeta: [
      '1 name string omitempty',
      '2 generateName string omitempty',
      '3 namespace string omitempty',
      '4 selfLink string omitempty',
      '5 uid string omitempty',
      '6 resourceVersion string omitempty',
      '7 generation int64 omitempty',
      '8 creationTimestamp Time omitempty',
      '9 deletionTimestamp *Time omitempty',
      '10 deletionGracePeriodSeconds *int64 omitempty',
      '11 labels map[string]string omitempty',
      '12 annotations map[string]string omitempty',
      '13 ownerReferences []OwnerReference omitempty',
      '14 finalizers []string omitempty',
      '17 managedFields []ManagedFieldsEntry omitempty',
    ],
    OwnerReference: [
      '5 apiVersion string',
      '1 kind string',
      '3 name string',
      '4 uid string',
      '6 controller *bool omitempty',
      '7 blockOwnerDeletion *bool omitempty',
    ],
    Preconditions: [
      '1 uid *string omitempty',
      '2 resourceVersion *string omitempty',
    ],
    Time: [
      '1 seconds int64',
      '2 nanos int32',
    ],
  },
};
