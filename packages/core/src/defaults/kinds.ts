/**
 * The kind-specific defaulters, by "group/Kind" as index.ts looks them up, built from explicit
 * imports. Kinds upstream does not default (ConfigMap, ServiceAccount, PDB, Role, ClusterRole,
 * ControllerRevision) have no entry.
 */
import type { KubeObject } from '../api/meta.js';
import { defaultEndpoints, defaultLimitRange, defaultNamespace, defaultNode, defaultResourceQuota } from './cluster.js';
import { defaultCronJob } from './cronjob.js';
import { defaultDaemonSet } from './daemonset.js';
import { defaultDeployment } from './deployment.js';
import { defaultBinding, defaultEndpointSlice, defaultEvent, defaultLease, defaultPriorityClass, defaultStorageClass } from './groups.js';
import { defaultJob } from './job.js';
import { defaultPersistentVolume, defaultPersistentVolumeClaim } from './persistent-volume.js';
import { defaultPod } from './pod.js';
import { defaultReplicaSet } from './replicaset.js';
import { defaultSecret } from './secret.js';
import { defaultService } from './service.js';
import { defaultStatefulSet } from './statefulset.js';

export type Defaulter = (obj: KubeObject) => void;

export const KIND_DEFAULTER_ENTRIES: ReadonlyArray<[string, Defaulter]> = [
  ['/Pod', defaultPod],
  ['/Service', defaultService],
  ['/Secret', defaultSecret],
  ['/Namespace', defaultNamespace],
  ['/Node', defaultNode],
  ['/Endpoints', defaultEndpoints],
  ['/Event', defaultEvent],
  ['/PersistentVolume', defaultPersistentVolume],
  ['/PersistentVolumeClaim', defaultPersistentVolumeClaim],
  ['/ResourceQuota', defaultResourceQuota],
  ['/LimitRange', defaultLimitRange],
  ['apps/Deployment', defaultDeployment],
  ['apps/ReplicaSet', defaultReplicaSet],
  ['apps/DaemonSet', defaultDaemonSet],
  ['apps/StatefulSet', defaultStatefulSet],
  ['batch/Job', defaultJob],
  ['batch/CronJob', defaultCronJob],
  ['coordination.k8s.io/Lease', defaultLease],
  ['discovery.k8s.io/EndpointSlice', defaultEndpointSlice],
  ['scheduling.k8s.io/PriorityClass', defaultPriorityClass],
  ['storage.k8s.io/StorageClass', defaultStorageClass],
  ['rbac.authorization.k8s.io/RoleBinding', defaultBinding],
  ['rbac.authorization.k8s.io/ClusterRoleBinding', defaultBinding],
];
