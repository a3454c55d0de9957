/**
 * Protobuf field table: k8s.io/api/batch/v1.
 * Messages reachable from the kinds kubelab serves; format and sources in ../schema.ts.
 */
import type { PackageTable } from '../schema.js';

/** k8s.io/api/batch/v1 */
export const BATCH_V1: PackageTable = {
  package: 'batch.v1',
  messages: {
    CronJob: [
      '1 metadata meta.v1.ObjectMeta omitempty',
      '2 spec CronJobSpec omitempty',
      '3 status CronJobStatus omitempty',
    ],
    CronJobSpec: [
      '1 schedule string',
      '8 timeZone *string omitempty',
      '2 startingDeadlineSeconds *int64 omitempty',
      '3 concurrencyPolicy string omitempty',
      '4 suspend *bool omitempty',
      '5 jobTemplate JobTemplateSpec',
      '6 successfulJobsHistoryLimit *int32 omitempty',
      '7 failedJobsHistoryLimit *int32 omitempty',
    ],
    CronJobStatus: [
      '1 active []core.v1.ObjectReference omitempty',
      '4 lastScheduleTime *meta.v1.Time omitempty',
      '5 lastSuccessfulTime *meta.v1.Time omitempty',
    ],
    Job: [
      '1 metadata meta.v1.ObjectMeta omitempty',
      '2 spec JobSpec omitempty',
      '3 status JobStatus omitempty',
    ],
    JobCondition: [
      '1 type string',
      '2 status string',
      '3 lastProbeTime meta.v1.Time omitempty',
      '4 lastTransitionTime meta.v1.Time omitempty',
      '5 reason string omitempty',
      '6 message string omitempty',
    ],
    JobSpec: [
      '1 parallelism *int32 omitempty',
      '2 completions *int32 omitempty',
      '3 activeDeadlineSeconds *int64 omitempty',
      '11 podFailurePolicy *PodFailurePolicy omitempty',
      '16 successPolicy *SuccessPolicy omitempty',
      '7 backoffLimit *int32 omitempty',
      '12 backoffLimitPerIndex *int32 omitempty',
      '13 maxFailedIndexes *int32 omitempty',
      '4 selector *meta.v1.LabelSelector omitempty',
      '5 manualSelector *bool omitempty',
      '6 template core.v1.PodTemplateSpec',
      '8 ttlSecondsAfterFinished *int32 omitempty',
      '9 completionMode *string omitempty',
      '10 suspend *bool omitempty',
      '14 podReplacementPolicy *string omitempty',
      '15 managedBy *string omitempty',
    ],
    JobStatus: [
      '1 conditions []JobCondition omitempty',
      '2 startTime *meta.v1.Time omitempty',
      '3 completionTime *meta.v1.Time omitempty',
      '4 active int32 omitempty',
      '5 succeeded int32 omitempty',
      '6 failed int32 omitempty',
      '11 terminating *int32 omitempty',
      '7 completedIndexes string omitempty',
      '10 failedIndexes *string omitempty',
      '8 uncountedTerminatedPods *UncountedTerminatedPods omitempty',
      '9 ready *int32 omitempty',
    ],
    JobTemplateSpec: [
      '1 metadata meta.v1.ObjectMeta omitempty',
      '2 spec JobSpec omitempty',
    ],
    PodFailurePolicy: [
      '1 rules []PodFailurePolicyRule',
    ],
    PodFailurePolicyOnExitCodesRequirement: [
      '1 containerName *string omitempty',
      '2 operator string',
      '3 values []int32',
    ],
    PodFailurePolicyOnPodConditionsPattern: [
      '1 type string',
      '2 status string',
    ],
    PodFailurePolicyRule: [
      '1 action string',
      '2 onExitCodes *PodFailurePolicyOnExitCodesRequirement omitempty',
      '3 onPodConditions []PodFailurePolicyOnPodConditionsPattern omitempty',
    ],
    SuccessPolicy: [
      '1 rules []SuccessPolicyRule',
    ],
    SuccessPolicyRule: [
      '1 succeededIndexes *string omitempty',
      '2 succeededCount *int32 omitempty',
    ],
    UncountedTerminatedPods: [
      '1 succeeded []string omitempty',
      '2 failed []string omitempty',
    ],
  },
};
