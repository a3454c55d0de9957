/**
 * Protobuf field table: k8s.io/api/apps/v1.
 * Messages reachable from the kinds kubelab serves; format and sources in ../schema.ts.
 */
import type { PackageTable } from '../schema.js';

/** k8s.io/api/apps/v1 */
export const APPS_V1: PackageTable = {
  package: 'apps.v1',
  messages: {
    ControllerRevision: [
      '1 metadata meta.v1.ObjectMeta omitempty',
      '2 data runtime.RawExtension omitempty',
      '3 revision int64',
    ],
    DaemonSet: [
      '1 metadata meta.v1.ObjectMeta omitempty',
      '2 spec DaemonSetSpec omitempty',
      '3 status DaemonSetStatus omitempty',
    ],
    DaemonSetCondition: [
      '1 type string',
      '2 status string',
      '3 lastTransitionTime meta.v1.Time omitempty',
      '4 reason string omitempty',
      '5 message string omitempty',
    ],
    DaemonSetSpec: [
      '1 selector *meta.v1.LabelSelector',
      '2 template core.v1.PodTemplateSpec',
      '3 updateStrategy DaemonSetUpdateStrategy omitempty',
      '4 minReadySeconds int32 omitempty',
      '6 revisionHistoryLimit *int32 omitempty',
    ],
    DaemonSetStatus: [
      '1 currentNumberScheduled int32',
      '2 numberMisscheduled int32',
      '3 desiredNumberScheduled int32',
      '4 numberReady int32',
      '5 observedGeneration int64 omitempty',
      '6 updatedNumberScheduled int32 omitempty',
      '7 numberAvailable int32 omitempty',
      '8 numberUnavailable int32 omitempty',
      '9 collisionCount *int32 omitempty',
      '10 conditions []DaemonSetCondition omitempty',
    ],
    DaemonSetUpdateStrategy: [
      '1 type string omitempty',
      '2 rollingUpdate *RollingUpdateDaemonSet omitempty',
    ],
    Deployment: [
      '1 metadata meta.v1.ObjectMeta omitempty',
      '2 spec DeploymentSpec omitempty',
      '3 status DeploymentStatus omitempty',
    ],
    DeploymentCondition: [
      '1 type string',
      '2 status string',
      '6 lastUpdateTime meta.v1.Time omitempty',
      '7 lastTransitionTime meta.v1.Time omitempty',
      '4 reason string omitempty',
      '5 message string omitempty',
    ],
    DeploymentSpec: [
      '1 replicas *int32 omitempty',
      '2 selector *meta.v1.LabelSelector',
      '3 template core.v1.PodTemplateSpec',
      '4 strategy DeploymentStrategy omitempty',
      '5 minReadySeconds int32 omitempty',
      '6 revisionHistoryLimit *int32 omitempty',
      '7 paused bool omitempty',
      '9 progressDeadlineSeconds *int32 omitempty',
    ],
    DeploymentStatus: [
      '1 observedGeneration int64 omitempty',
      '2 replicas int32 omitempty',
      '3 updatedReplicas int32 omitempty',
      '7 readyReplicas int32 omitempty',
      '4 availableReplicas int32 omitempty',
      '5 unavailableReplicas int32 omitempty',
      '9 terminatingReplicas *int32 omitempty',
      '6 conditions []DeploymentCondition omitempty',
      '8 collisionCount *int32 omitempty',
    ],
    DeploymentStrategy: [
      '1 type string omitempty',
      '2 rollingUpdate *RollingUpdateDeployment omitempty',
    ],
    ReplicaSet: [
      '1 metadata meta.v1.ObjectMeta omitempty',
      '2 spec ReplicaSetSpec omitempty',
      '3 status ReplicaSetStatus omitempty',
    ],
    ReplicaSetCondition: [
      '1 type string',
      '2 status string',
      '3 lastTransitionTime meta.v1.Time omitempty',
      '4 reason string omitempty',
      '5 message string omitempty',
    ],
    ReplicaSetSpec: [
      '1 replicas *int32 omitempty',
      '4 minReadySeconds int32 omitempty',
      '2 selector *meta.v1.LabelSelector',
      '3 template core.v1.PodTemplateSpec omitempty',
    ],
    ReplicaSetStatus: [
      '1 replicas int32',
      '2 fullyLabeledReplicas int32 omitempty',
      '4 readyReplicas int32 omitempty',
      '5 availableReplicas int32 omitempty',
      '7 terminatingReplicas *int32 omitempty',
      '3 observedGeneration int64 omitempty',
      '6 conditions []ReplicaSetCondition omitempty',
    ],
    RollingUpdateDaemonSet: [
      '1 maxUnavailable *intstr.IntOrString omitempty',
      '2 maxSurge *intstr.IntOrString omitempty',
    ],
    RollingUpdateDeployment: [
      '1 maxUnavailable *intstr.IntOrString omitempty',
      '2 maxSurge *intstr.IntOrString omitempty',
    ],
    RollingUpdateStatefulSetStrategy: [
      '1 partition *int32 omitempty',
      '2 maxUnavailable *intstr.IntOrString omitempty',
    ],
    StatefulSet: [
      '1 metadata meta.v1.ObjectMeta omitempty',
      '2 spec StatefulSetSpec omitempty',
      '3 status StatefulSetStatus omitempty',
    ],
    StatefulSetCondition: [
      '1 type string',
      '2 status string',
      '3 lastTransitionTime meta.v1.Time omitempty',
      '4 reason string omitempty',
      '5 message string omitempty',
    ],
    StatefulSetOrdinals: [
      '1 start int32',
    ],
    StatefulSetPersistentVolumeClaimRetentionPolicy: [
      '1 whenDeleted string omitempty',
      '2 whenScaled string omitempty',
    ],
    StatefulSetSpec: [
      '1 replicas *int32 omitempty',
      '2 selector *meta.v1.LabelSelector',
      '3 template core.v1.PodTemplateSpec',
      '4 volumeClaimTemplates []core.v1.PersistentVolumeClaim omitempty',
      '5 serviceName string',
      '6 podManagementPolicy string omitempty',
      '7 updateStrategy StatefulSetUpdateStrategy omitempty',
      '8 revisionHistoryLimit *int32 omitempty',
      '9 minReadySeconds int32 omitempty',
      '10 persistentVolumeClaimRetentionPolicy *StatefulSetPersistentVolumeClaimRetentionPolicy omitempty',
      '11 ordinals *StatefulSetOrdinals omitempty',
    ],
    StatefulSetStatus: [
      '1 observedGeneration int64 omitempty',
      '2 replicas int32',
      '3 readyReplicas int32 omitempty',
      '4 currentReplicas int32 omitempty',
      '5 updatedReplicas int32 omitempty',
      '6 currentRevision string omitempty',
      '7 updateRevision string omitempty',
      '9 collisionCount *int32 omitempty',
      '10 conditions []StatefulSetCondition omitempty',
      '11 availableReplicas int32',
    ],
    StatefulSetUpdateStrategy: [
      '1 type string omitempty',
      '2 rollingUpdate *RollingUpdateStatefulSetStrategy omitempty',
    ],
  },
};
