/**
 * The kind-specific validators, by "group/Kind" as index.ts looks them up. Built from explicit
 * imports, so which kinds are validated does not depend on module load order. Kinds whose
 * upstream validation is metadata only (ServiceAccount) have no entry.
 */
import type { KubeObject } from '../api/meta.js';
import type { FieldError } from '../api/status.js';
import { validateConfigMap, validateConfigMapUpdate } from './configmap.js';
import { validateControllerRevision, validateControllerRevisionUpdate } from './controllerrevision.js';
import { validateCronJob, validateCronJobUpdate } from './cronjob.js';
import { validateDaemonSet, validateDaemonSetUpdate } from './daemonset.js';
import { validateDeployment, validateDeploymentUpdate } from './deployment.js';
import { validateEndpoints } from './endpoints.js';
import { validateEndpointSlice, validateEndpointSliceUpdate } from './endpointslice.js';
import { validateEvent } from './event.js';
import { validateJob, validateJobUpdate } from './job.js';
import { validateLease } from './lease.js';
import { validateLimitRange } from './limitrange.js';
import { validateNamespace, validateNamespaceUpdate } from './namespace.js';
import { validateNode, validateNodeUpdate } from './node.js';
import { validatePersistentVolume, validatePersistentVolumeUpdate } from './persistent-volume.js';
import { validatePersistentVolumeClaim, validatePersistentVolumeClaimUpdate } from './persistent-volume-claim.js';
import { validatePod, validatePodUpdate } from './pod.js';
import { validatePodDisruptionBudget } from './poddisruptionbudget.js';
import { validatePriorityClass, validatePriorityClassUpdate } from './priorityclass.js';
import { roleRefUnchanged, validateClusterRole, validateClusterRoleBinding, validateRole, validateRoleBinding } from './rbac.js';
import { validateReplicaSet, validateReplicaSetUpdate } from './replicaset.js';
import { validateResourceQuota, validateResourceQuotaUpdate } from './resourcequota.js';
import { validateSecret, validateSecretUpdate } from './secret.js';
import { validateService, validateServiceUpdate } from './service.js';
import { validateStatefulSet, validateStatefulSetUpdate } from './statefulset.js';
import { validateStorageClass, validateStorageClassUpdate } from './storageclass.js';

export interface KindValidator {
  validate?(obj: KubeObject): FieldError[];
  validateUpdate?(obj: KubeObject, old: KubeObject): FieldError[];
}

export const KIND_VALIDATOR_ENTRIES: ReadonlyArray<[string, KindValidator]> = [
  ['/Pod', { validate: validatePod, validateUpdate: validatePodUpdate }],
  ['/Service', { validate: validateService, validateUpdate: validateServiceUpdate }],
  ['/Endpoints', { validate: validateEndpoints }],
  ['/ConfigMap', { validate: validateConfigMap, validateUpdate: validateConfigMapUpdate }],
  ['/Secret', { validate: validateSecret, validateUpdate: validateSecretUpdate }],
  ['/Namespace', { validate: validateNamespace, validateUpdate: validateNamespaceUpdate }],
  ['/Node', { validate: validateNode, validateUpdate: validateNodeUpdate }],
  ['/Event', { validate: validateEvent }],
  ['/PersistentVolume', { validate: validatePersistentVolume, validateUpdate: validatePersistentVolumeUpdate }],
  ['/PersistentVolumeClaim', { validate: validatePersistentVolumeClaim, validateUpdate: validatePersistentVolumeClaimUpdate }],
  ['/ResourceQuota', { validate: validateResourceQuota, validateUpdate: validateResourceQuotaUpdate }],
  ['/LimitRange', { validate: validateLimitRange }],
  ['apps/Deployment', { validate: validateDeployment, validateUpdate: validateDeploymentUpdate }],
  ['apps/ReplicaSet', { validate: validateReplicaSet, validateUpdate: validateReplicaSetUpdate }],
  ['apps/DaemonSet', { validate: validateDaemonSet, validateUpdate: validateDaemonSetUpdate }],
  ['apps/StatefulSet', { validate: validateStatefulSet, validateUpdate: validateStatefulSetUpdate }],
  ['apps/ControllerRevision', { validate: validateControllerRevision, validateUpdate: validateControllerRevisionUpdate }],
  ['batch/Job', { validate: validateJob, validateUpdate: validateJobUpdate }],
  ['batch/CronJob', { validate: validateCronJob, validateUpdate: validateCronJobUpdate }],
  ['coordination.k8s.io/Lease', { validate: validateLease }],
  ['discovery.k8s.io/EndpointSlice', { validate: validateEndpointSlice, validateUpdate: validateEndpointSliceUpdate }],
  ['policy/PodDisruptionBudget', { validate: validatePodDisruptionBudget }],
  ['scheduling.k8s.io/PriorityClass', { validate: validatePriorityClass, validateUpdate: validatePriorityClassUpdate }],
  ['storage.k8s.io/StorageClass', { validate: validateStorageClass, validateUpdate: validateStorageClassUpdate }],
  ['rbac.authorization.k8s.io/Role', { validate: validateRole }],
  ['rbac.authorization.k8s.io/ClusterRole', { validate: validateClusterRole }],
  [
    'rbac.authorization.k8s.io/RoleBinding',
    { validate: validateRoleBinding, validateUpdate: (b, old) => [...validateRoleBinding(b), ...roleRefUnchanged(b, old)] },
  ],
  [
    'rbac.authorization.k8s.io/ClusterRoleBinding',
    { validate: validateClusterRoleBinding, validateUpdate: (b, old) => [...validateClusterRoleBinding(b), ...roleRefUnchanged(b, old)] },
  ],
];
