/**
 * Which nodes a DaemonSet runs on (pkg/controller/daemon/daemon_controller.go
 * NodeShouldRunDaemonPod, and pkg/controller/daemon/util): a node qualifies when the pod's
 * nodeName (if any) names it, its nodeSelector and required node affinity match it, and its
 * pod tolerates the node's NoSchedule and NoExecute taints.
 *
 * Every DaemonSet pod tolerates the node conditions that would keep ordinary pods off
 * (AddOrUpdateDaemonPodTolerations): not-ready and unreachable (NoExecute), disk-, memory-
 * and pid-pressure and unschedulable (NoSchedule) — so a cordoned node still runs its
 * DaemonSet pods — and, for host-network pods, network-unavailable.
 *
 * A pod already running on a node whose taints changed keeps running unless a NoExecute
 * taint it does not tolerate appeared (shouldContinueRunning).
 */
import type { KubeObject } from '@kubelab/core';
import type { NodeSelector, NodeSelectorRequirement, Pod, PodSpec, PodTemplateSpec, Toleration } from '../replicaset/pod-util.js';

export interface Taint {
  key: string;
  value?: string;
  effect: string;
}

export interface Node extends KubeObject {
  spec?: { taints?: Taint[]; unschedulable?: boolean; [k: string]: unknown };
  status?: { conditions?: Array<{ type: string; status: string }>; [k: string]: unknown };
}

/** The tolerations every DaemonSet pod gets. */
export function addDaemonPodTolerations(spec: PodSpec): void {
  const add = (key: string, effect: string) => {
    const tolerations = (spec.tolerations ??= []);
    if (tolerations.some((t) => t.key === key && t.operator === 'Exists' && t.effect === effect)) return;
    tolerations.push({ key, operator: 'Exists', effect });
  };
  add('node.kubernetes.io/not-ready', 'NoExecute');
  add('node.kubernetes.io/unreachable', 'NoExecute');
  add('node.kubernetes.io/disk-pressure', 'NoSchedule');
  add('node.kubernetes.io/memory-pressure', 'NoSchedule');
  add('node.kubernetes.io/pid-pressure', 'NoSchedule');
  add('node.kubernetes.io/unschedulable', 'NoSchedule');
  if (spec.hostNetwork) add('node.kubernetes.io/network-unavailable', 'NoSchedule');
}

/** Toleration.ToleratesTaint */
export function toleratesTaint(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  if (!t.key && t.operator !== 'Exists') return false;
  if (t.operator === 'Exists') return true;
  return (t.value ?? '') === (taint.value ?? '');
}

/** FindMatchingUntoleratedTaint: the first taint passing filter that no toleration tolerates. */
export function untoleratedTaint(taints: readonly Taint[], tolerations: readonly Toleration[], filter: (t: Taint) => boolean): Taint | undefined {
  return taints.find((taint) => filter(taint) && !tolerations.some((t) => toleratesTaint(t, taint)));
}

function matchRequirement(req: NodeSelectorRequirement, value: string | undefined): boolean {
  const values = req.values ?? [];
  switch (req.operator) {
    case 'In':
      return value !== undefined && values.includes(value);
    case 'NotIn':
      return value === undefined || !values.includes(value);
    case 'Exists':
      return value !== undefined;
    case 'DoesNotExist':
      return value === undefined;
    case 'Gt':
    case 'Lt': {
      if (value === undefined || values.length !== 1) return false;
      const n = Number.parseInt(value, 10);
      const bound = Number.parseInt(values[0]!, 10);
      if (Number.isNaN(n) || Number.isNaN(bound)) return false;
      return req.operator === 'Gt' ? n > bound : n < bound;
    }
    default:
      return false;
  }
}

/** A NodeSelector: its terms are ORed; a term's requirements ANDed; an empty term matches nothing. */
export function nodeSelectorMatches(selector: NodeSelector, node: Node): boolean {
  const labels = node.metadata?.labels ?? {};
  return (selector.nodeSelectorTerms ?? []).some((term) => {
    const exprs = term.matchExpressions ?? [];
    const fields = term.matchFields ?? [];
    if (exprs.length === 0 && fields.length === 0) return false;
    return (
      exprs.every((r) => matchRequirement(r, Object.prototype.hasOwnProperty.call(labels, r.key) ? labels[r.key] : undefined)) &&
      fields.every((r) => r.key === 'metadata.name' && matchRequirement(r, node.metadata?.name))
    );
  });
}

/** GetRequiredNodeAffinity(pod).Match(node): nodeSelector and required node affinity. */
export function requiredNodeAffinityMatches(spec: PodSpec, node: Node): boolean {
  const labels = node.metadata?.labels ?? {};
  for (const [k, v] of Object.entries(spec.nodeSelector ?? {})) if (labels[k] !== v) return false;
  const required = spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  return required ? nodeSelectorMatches(required, node) : true;
}

/**
 * The tolerations of the pod a DaemonSet would run (NewPod): its template's and the daemon
 * ones. Remembered per template object — informer objects are never changed in place, so an
 * edited DaemonSet brings a new template — because a sync asks for every node, several times.
 */
const daemonTolerations = new WeakMap<PodTemplateSpec, readonly Toleration[]>();

function tolerationsOf(template: PodTemplateSpec | undefined): readonly Toleration[] {
  if (!template) return tolerationsFor({});
  let tolerations = daemonTolerations.get(template);
  if (!tolerations) {
    tolerations = tolerationsFor(template.spec ?? {});
    daemonTolerations.set(template, tolerations);
  }
  return tolerations;
}

function tolerationsFor(spec: PodSpec): readonly Toleration[] {
  const probe: PodSpec = { tolerations: [...(spec.tolerations ?? [])], hostNetwork: spec.hostNetwork };
  addDaemonPodTolerations(probe);
  return probe.tolerations!;
}

/**
 * NodeShouldRunDaemonPod: [shouldRun, shouldContinueRunning]. Upstream builds the whole pod
 * (NewPod) to ask; only its nodeName, node affinity and tolerations matter, so those are
 * looked at without copying the template once per node.
 */
export function nodeShouldRunDaemonPod(node: Node, template: PodTemplateSpec | undefined): [boolean, boolean] {
  const name = node.metadata?.name ?? '';
  const wanted = template?.spec?.nodeName;
  if (wanted && wanted !== name) return [false, false];
  if (!requiredNodeAffinityMatches(template?.spec ?? {}, node)) return [false, false];
  const taints = node.spec?.taints ?? [];
  if (taints.length === 0) return [true, true];
  const tolerations = tolerationsOf(template);
  if (untoleratedTaint(taints, tolerations, (t) => t.effect === 'NoSchedule' || t.effect === 'NoExecute')) {
    return [false, !untoleratedTaint(taints, tolerations, (t) => t.effect === 'NoExecute')];
  }
  return [true, true];
}

/**
 * ReplaceDaemonSetPodNodeNameNodeAffinity: the created pod is pinned to its node by a required
 * node affinity on metadata.name, and the default scheduler binds it there.
 */
export function pinToNode(spec: PodSpec, nodeName: string): void {
  const required: NodeSelector = { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [nodeName] }] }] };
  const affinity = (spec.affinity ??= {});
  const nodeAffinity = (affinity.nodeAffinity ??= {});
  nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution = required;
}

/** GetTargetNodeName: spec.nodeName, else the node of the metadata.name affinity. */
export function targetNodeName(pod: Pod): string | undefined {
  if (pod.spec?.nodeName) return pod.spec.nodeName;
  const terms = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? [];
  for (const term of terms) {
    for (const f of term.matchFields ?? []) {
      if (f.key === 'metadata.name' && f.operator === 'In' && f.values?.length === 1) return f.values[0];
    }
  }
  return undefined;
}
