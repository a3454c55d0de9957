/**
 * Protobuf field table: k8s.io/api/policy/v1.
 * Messages reachable from the kinds kubelab serves; format and sources in ../schema.ts.
 */
import type { PackageTable } from '../schema.js';

/** k8s.io/api/policy/v1 */
export const POLICY_V1: PackageTable = {
  package: 'policy.v1',
  messages: {
    Eviction: [
      '1 metadata meta.v1.ObjectMeta omitempty',
      '2 deleteOptions *meta.v1.DeleteOptions omitempty',
    ],
    PodDisruptionBudget: [
      '1 metadata meta.v1.ObjectMeta omitempty',
      '2 spec PodDisruptionBudgetSpec omitempty',
      '3 status PodDisruptionBudgetStatus omitempty',
    ],
    PodDisruptionBudgetSpec: [
      '1 minAvailable *intstr.IntOrString omitempty',
      '2 selector *meta.v1.LabelSelector omitempty',
      '3 maxUnavailable *intstr.IntOrString omitempty',
      '4 unhealthyPodEvictionPolicy *string omitempty',
    ],
    PodDisruptionBudgetStatus: [
      '1 observedGeneration int64 omitempty',
      '2 disruptedPods map[string]meta.v1.Time omitempty',
      '3 disruptionsAllowed int32',
      '4 currentHealthy int32',
      '5 desiredHealthy int32',
      '6 expectedPods int32',
      '7 conditions []meta.v1.Condition omitempty',
    ],
  },
};
