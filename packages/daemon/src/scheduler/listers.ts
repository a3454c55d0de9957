/**
 * The scheduler's view of cluster state besides nodes and pods: shared-informer listers for
 * PodDisruptionBudgets (preemption), Services, ReplicaSets and StatefulSets (default topology
 * spreading), Namespaces (affinity namespace selectors), and PersistentVolumes, Claims and
 * StorageClasses (volume binding).
 */
import { type ResourceType, resourceFor } from '@kubelab/core';
import type { SharedInformer } from '@kubelab/core/cache/informer';
import type { SharedInformerFactory } from '@kubelab/core/cache/shared-informer-factory';
import type {
  Namespace,
  PersistentVolume,
  PersistentVolumeClaim,
  Pod,
  PodDisruptionBudget,
  Service,
  StorageClass,
  WorkloadWithSelector,
} from '@kubelab/core/scheduler/api/types';
import type { ClusterListers } from '@kubelab/core/scheduler/framework/interface';

const rt = (group: string, version: string, plural: string): ResourceType => resourceFor(group, version, plural)!;

export const SCHEDULER_RESOURCES = {
  pods: rt('', 'v1', 'pods'),
  nodes: rt('', 'v1', 'nodes'),
  pdbs: rt('policy', 'v1', 'poddisruptionbudgets'),
  services: rt('', 'v1', 'services'),
  replicaSets: rt('apps', 'v1', 'replicasets'),
  statefulSets: rt('apps', 'v1', 'statefulsets'),
  namespaces: rt('', 'v1', 'namespaces'),
  pvcs: rt('', 'v1', 'persistentvolumeclaims'),
  pvs: rt('', 'v1', 'persistentvolumes'),
  storageClasses: rt('storage.k8s.io', 'v1', 'storageclasses'),
};

export interface SchedulerInformers {
  pods: SharedInformer<Pod>;
  nodes: SharedInformer;
  pdbs: SharedInformer<PodDisruptionBudget>;
  services: SharedInformer<Service>;
  replicaSets: SharedInformer<WorkloadWithSelector>;
  statefulSets: SharedInformer<WorkloadWithSelector>;
  namespaces: SharedInformer<Namespace>;
  pvcs: SharedInformer<PersistentVolumeClaim>;
  pvs: SharedInformer<PersistentVolume>;
  storageClasses: SharedInformer<StorageClass>;
}

export function schedulerInformers(factory: SharedInformerFactory): SchedulerInformers {
  const r = SCHEDULER_RESOURCES;
  return {
    pods: factory.informerFor<Pod>(r.pods),
    nodes: factory.informerFor(r.nodes),
    pdbs: factory.informerFor<PodDisruptionBudget>(r.pdbs),
    services: factory.informerFor<Service>(r.services),
    replicaSets: factory.informerFor<WorkloadWithSelector>(r.replicaSets),
    statefulSets: factory.informerFor<WorkloadWithSelector>(r.statefulSets),
    namespaces: factory.informerFor<Namespace>(r.namespaces),
    pvcs: factory.informerFor<PersistentVolumeClaim>(r.pvcs),
    pvs: factory.informerFor<PersistentVolume>(r.pvs),
    storageClasses: factory.informerFor<StorageClass>(r.storageClasses),
  };
}

export function clusterListers(i: SchedulerInformers): ClusterListers {
  return {
    pod: (ns, name) => i.pods.lister.get(`${ns}/${name}`),
    pdbs: () => i.pdbs.lister.list(),
    services: (ns) => i.services.lister.namespace(ns).list(),
    replicaSet: (ns, name) => i.replicaSets.lister.get(`${ns}/${name}`),
    statefulSet: (ns, name) => i.statefulSets.lister.get(`${ns}/${name}`),
    namespaces: () => i.namespaces.lister.list(),
    persistentVolumeClaim: (ns, name) => i.pvcs.lister.get(`${ns}/${name}`),
    persistentVolume: (name) => i.pvs.lister.get(name),
    persistentVolumes: () => i.pvs.lister.list(),
    storageClass: (name) => i.storageClasses.lister.get(name),
  };
}
