/**
 * The apps/v1 ReplicaSet as the controllers read it (k8s.io/api/apps/v1 types.go): a
 * selector, a pod template and a replica count in spec; counts and conditions in status.
 */
import { type KubeObject, type LabelSelector, resourceFor } from '@kubelab/core';
import type { PodTemplateSpec } from './pod-util.js';

export const REPLICA_SETS = resourceFor('apps', 'v1', 'replicasets')!;

export interface ReplicaSetCondition {
  type: string;
  status: string;
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
}

export interface ReplicaSetStatus {
  replicas: number;
  fullyLabeledReplicas?: number;
  readyReplicas?: number;
  availableReplicas?: number;
  observedGeneration?: number;
  conditions?: ReplicaSetCondition[];
}

export interface ReplicaSet extends KubeObject {
  spec?: {
    replicas?: number;
    minReadySeconds?: number;
    selector?: LabelSelector;
    template?: PodTemplateSpec;
  };
  status?: ReplicaSetStatus;
}

/** spec.replicas, 1 when unset (the API server defaults it). */
export function replicasOf(rs: ReplicaSet): number {
  return rs.spec?.replicas ?? 1;
}
