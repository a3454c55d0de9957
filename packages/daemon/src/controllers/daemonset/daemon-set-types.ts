/** The apps/v1 DaemonSet as its controller reads it (k8s.io/api/apps/v1 types.go). */
import { type KubeObject, type LabelSelector, resourceFor } from '@kubelab/core';
import type { PodTemplateSpec } from '../replicaset/pod-util.js';

export const DAEMON_SETS = resourceFor('apps', 'v1', 'daemonsets')!;

/** The pod label naming the ControllerRevision hash a DaemonSet pod was made from. */
export const DAEMON_SET_UNIQUE_LABEL = 'controller-revision-hash';
/** The pod label carrying the deprecated template generation (extensions/v1beta1). */
export const TEMPLATE_GENERATION_LABEL = 'pod-template-generation';
/** Set by kube-apiserver on apps/v1 DaemonSets, as the template generation. */
export const TEMPLATE_GENERATION_ANNOTATION = 'deprecated.daemonset.template.generation';

export interface DaemonSetStatus {
  currentNumberScheduled: number;
  numberMisscheduled: number;
  desiredNumberScheduled: number;
  numberReady: number;
  observedGeneration?: number;
  updatedNumberScheduled?: number;
  numberAvailable?: number;
  numberUnavailable?: number;
  collisionCount?: number;
  conditions?: unknown[];
}

export interface DaemonSet extends KubeObject {
  spec?: {
    selector?: LabelSelector;
    template?: PodTemplateSpec;
    updateStrategy?: { type?: string; rollingUpdate?: { maxUnavailable?: number | string; maxSurge?: number | string } };
    minReadySeconds?: number;
    revisionHistoryLimit?: number;
  };
  status?: DaemonSetStatus;
}

/** GetTemplateGeneration: the annotation as a number, if set. */
export function templateGeneration(ds: DaemonSet): number | undefined {
  const v = ds.metadata?.annotations?.[TEMPLATE_GENERATION_ANNOTATION];
  return v !== undefined && /^\d+$/.test(v) ? Number.parseInt(v, 10) : undefined;
}

/** IsPodUpdated: the pod carries the current hash (or the current template generation). */
export function isPodUpdated(pod: KubeObject, hash: string, generation: number | undefined): boolean {
  const labels = pod.metadata?.labels ?? {};
  const templateMatches = generation !== undefined && labels[TEMPLATE_GENERATION_LABEL] === String(generation);
  const hashMatches = hash.length > 0 && labels[DAEMON_SET_UNIQUE_LABEL] === hash;
  return hashMatches || templateMatches;
}
