/**
 * Which printer kube-apiserver uses for each kind kubelab serves. Kinds without an entry get
 * the default NAME / CREATED AT table, as upstream's default table convertor gives them.
 */
import type { Printer } from './common.js';
import { configMapPrinter } from './configmap.js';
import { controllerRevisionPrinter } from './controllerrevision.js';
import { cronJobPrinter } from './cronjob.js';
import { daemonSetPrinter } from './daemonset.js';
import { defaultPrinter } from './default.js';
import { deploymentPrinter } from './deployment.js';
import { endpointsPrinter } from './endpoints.js';
import { endpointSlicePrinter } from './endpointslice.js';
import { eventPrinter } from './event.js';
import { jobPrinter } from './job.js';
import { leasePrinter } from './lease.js';
import { namespacePrinter } from './namespace.js';
import { nodePrinter } from './node.js';
import { persistentVolumePrinter } from './persistentvolume.js';
import { persistentVolumeClaimPrinter } from './persistentvolumeclaim.js';
import { podPrinter } from './pod.js';
import { podDisruptionBudgetPrinter } from './poddisruptionbudget.js';
import { priorityClassPrinter } from './priorityclass.js';
import { replicaSetPrinter } from './replicaset.js';
import { resourceQuotaPrinter } from './resourcequota.js';
import { clusterRoleBindingPrinter, roleBindingPrinter } from './rolebinding.js';
import { secretPrinter } from './secret.js';
import { servicePrinter } from './service.js';
import { serviceAccountPrinter } from './serviceaccount.js';
import { statefulSetPrinter } from './statefulset.js';
import { storageClassPrinter } from './storageclass.js';

export type { Printer } from './common.js';
export { defaultPrinter } from './default.js';

/** Keyed by "<group>/<Kind>", the core group being "". */
const PRINTERS = new Map<string, Printer>([
  ['/Pod', podPrinter],
  ['/Node', nodePrinter],
  ['/Namespace', namespacePrinter],
  ['/Service', servicePrinter],
  ['/Endpoints', endpointsPrinter],
  ['/ConfigMap', configMapPrinter],
  ['/Secret', secretPrinter],
  ['/ServiceAccount', serviceAccountPrinter],
  ['/Event', eventPrinter],
  ['/PersistentVolume', persistentVolumePrinter],
  ['/PersistentVolumeClaim', persistentVolumeClaimPrinter],
  ['/ResourceQuota', resourceQuotaPrinter],
  ['apps/Deployment', deploymentPrinter],
  ['apps/ReplicaSet', replicaSetPrinter],
  ['apps/DaemonSet', daemonSetPrinter],
  ['apps/StatefulSet', statefulSetPrinter],
  ['apps/ControllerRevision', controllerRevisionPrinter],
  ['batch/Job', jobPrinter],
  ['batch/CronJob', cronJobPrinter],
  ['coordination.k8s.io/Lease', leasePrinter],
  ['discovery.k8s.io/EndpointSlice', endpointSlicePrinter],
  ['policy/PodDisruptionBudget', podDisruptionBudgetPrinter],
  ['scheduling.k8s.io/PriorityClass', priorityClassPrinter],
  ['storage.k8s.io/StorageClass', storageClassPrinter],
  ['rbac.authorization.k8s.io/RoleBinding', roleBindingPrinter],
  ['rbac.authorization.k8s.io/ClusterRoleBinding', clusterRoleBindingPrinter],
]);

/** The printer for a kind; the default table for kinds upstream has no printer for. */
export function printerFor(group: string, kind: string): Printer {
  return PRINTERS.get(`${group}/${kind}`) ?? defaultPrinter;
}

/** Whether upstream registers a printer of its own for the kind. */
export function hasOwnPrinter(group: string, kind: string): boolean {
  return PRINTERS.has(`${group}/${kind}`);
}
