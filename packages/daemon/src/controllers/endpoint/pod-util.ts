/**
 * What several controllers ask of a pod, as pkg/api/v1/pod/util.go answers it: is it Ready,
 * is it terminal, read or set one of its conditions. Plus the typed view of the pod fields
 * those controllers read (objects travel as plain JSON; see @kubelab/core's meta.ts).
 *
 * The endpoints, EndpointSlice, node lifecycle, taint eviction, disruption and pod GC
 * controllers all import from here.
 */
import type { KubeObject } from '@kubelab/core';
import type { SharedInformer } from '@kubelab/core/cache/informer';
import { timestamp } from '@kubelab/core';

export interface ContainerPort {
  name?: string;
  containerPort?: number;
  protocol?: string;
}

export interface Toleration {
  key?: string;
  operator?: string;
  value?: string;
  effect?: string;
  tolerationSeconds?: number;
}

export interface PodCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastProbeTime?: string | null;
  lastTransitionTime?: string;
}

export interface Pod extends KubeObject {
  spec?: {
    nodeName?: string;
    hostname?: string;
    subdomain?: string;
    containers?: Array<{ name: string; ports?: ContainerPort[]; resources?: Record<string, unknown> }>;
    initContainers?: Array<{ name: string; ports?: ContainerPort[]; restartPolicy?: string; resources?: Record<string, unknown> }>;
    tolerations?: Toleration[];
    priorityClassName?: string;
    activeDeadlineSeconds?: number;
  };
  status?: {
    phase?: string;
    reason?: string;
    message?: string;
    podIP?: string;
    podIPs?: Array<{ ip: string }>;
    conditions?: PodCondition[];
  };
}

/** The index of pods by the node they are bound to, named as upstream's informers name it. */
export const POD_NODE_NAME_INDEX = 'spec.nodeName';

/** Adds the spec.nodeName index to the shared pod informer, once for all controllers. */
export function ensurePodNodeNameIndex(pods: SharedInformer): void {
  try {
    pods.addIndexers({ [POD_NODE_NAME_INDEX]: (p) => ((p as Pod).spec?.nodeName ? [(p as Pod).spec!.nodeName!] : []) });
  } catch {
    // Another controller added it already: the shared informer has one index for all.
  }
}

export function getPodCondition(pod: Pod, type: string): PodCondition | undefined {
  return pod.status?.conditions?.find((c) => c.type === type);
}

/** IsPodReady: the Ready condition is True. */
export function isPodReady(pod: Pod): boolean {
  return getPodCondition(pod, 'Ready')?.status === 'True';
}

/** IsPodTerminal: Failed or Succeeded. */
export function isPodTerminal(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return phase === 'Failed' || phase === 'Succeeded';
}

/**
 * UpdatePodCondition: sets the condition on a (private copy of a) pod status; the transition
 * time moves only when the status changes. Answers whether anything changed.
 */
export function updatePodCondition(pod: Pod, condition: PodCondition, now: number): boolean {
  const status = (pod.status ??= {});
  const conditions = (status.conditions ??= []);
  const i = conditions.findIndex((c) => c.type === condition.type);
  const old = i >= 0 ? conditions[i] : undefined;
  const next: PodCondition = { ...condition };
  next.lastProbeTime ??= old?.lastProbeTime ?? null;
  next.lastTransitionTime = old && old.status === condition.status && old.lastTransitionTime ? old.lastTransitionTime : timestamp(now);
  if (old) {
    const same =
      old.status === next.status &&
      (old.reason ?? '') === (next.reason ?? '') &&
      (old.message ?? '') === (next.message ?? '') &&
      old.lastTransitionTime === next.lastTransitionTime;
    if (same) return false;
    conditions[i] = next;
  } else {
    conditions.push(next);
  }
  return true;
}

/** The pod's controller owner reference (metav1.GetControllerOf). */
export function controllerOf(obj: KubeObject) {
  return obj.metadata?.ownerReferences?.find((r) => r.controller);
}
