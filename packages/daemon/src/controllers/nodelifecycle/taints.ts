/**
 * Taints and tolerations as the node lifecycle and taint eviction controllers use them:
 * the well-known taint keys (k8s.io/api/core/v1 well_known_taints.go), whether a toleration
 * tolerates a taint (Toleration.ToleratesTaint), which tolerations a pod uses against a set of
 * taints (v1helper.GetMatchingTolerations), and adding or removing the controller's own
 * taints on a node (controllerutil.SwapNodeControllerTaint), stamping timeAdded as upstream.
 */
import { type KubeObject, resourceFor, timestamp } from '@kubelab/core';
import type { KubeClient } from '@kubelab/core/client/client';
import type { Toleration } from '../endpoint/pod-util.js';
import { retryUpdate } from '../retry-update.js';

export const TAINT_NOT_READY = 'node.kubernetes.io/not-ready';
export const TAINT_UNREACHABLE = 'node.kubernetes.io/unreachable';
export const TAINT_UNSCHEDULABLE = 'node.kubernetes.io/unschedulable';
export const TAINT_MEMORY_PRESSURE = 'node.kubernetes.io/memory-pressure';
export const TAINT_DISK_PRESSURE = 'node.kubernetes.io/disk-pressure';
export const TAINT_PID_PRESSURE = 'node.kubernetes.io/pid-pressure';
export const TAINT_NETWORK_UNAVAILABLE = 'node.kubernetes.io/network-unavailable';

export type TaintEffect = 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';

export interface Taint {
  key: string;
  value?: string;
  effect: TaintEffect | string;
  timeAdded?: string;
}

export interface NodeCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastHeartbeatTime?: string;
  lastTransitionTime?: string;
}

export interface Node extends KubeObject {
  spec?: { taints?: Taint[]; unschedulable?: boolean; providerID?: string; podCIDR?: string };
  status?: {
    conditions?: NodeCondition[];
    addresses?: Array<{ type: string; address: string }>;
    [field: string]: unknown;
  };
}

const NODES = resourceFor('', 'v1', 'nodes')!;

export function getNodeCondition(node: Node, type: string): NodeCondition | undefined {
  return node.status?.conditions?.find((c) => c.type === type);
}

/** nodeutil.IsNodeReady. */
export function isNodeReady(node: Node): boolean {
  return getNodeCondition(node, 'Ready')?.status === 'True';
}

/** Taint.MatchTaint: taints are identified by key and effect. */
export function sameTaint(a: Pick<Taint, 'key' | 'effect'>, b: Pick<Taint, 'key' | 'effect'>): boolean {
  return a.key === b.key && a.effect === b.effect;
}

export function taintExists(taints: Taint[] | undefined, taint: Pick<Taint, 'key' | 'effect'>): boolean {
  return (taints ?? []).some((t) => sameTaint(t, taint));
}

/**
 * Toleration.ToleratesTaint: the effect matches (or is empty), the key matches (or is empty
 * with Exists), and for Equal the values match.
 */
export function tolerates(toleration: Toleration, taint: Taint): boolean {
  if (toleration.effect && toleration.effect !== taint.effect) return false;
  if (toleration.key && toleration.key !== taint.key) return false;
  if (!toleration.key && toleration.operator !== 'Exists') return false;
  if (toleration.operator === 'Exists') return true;
  return (toleration.value ?? '') === (taint.value ?? '');
}

/**
 * GetMatchingTolerations: whether every taint is tolerated, and the first toleration that
 * tolerates each one.
 */
export function getMatchingTolerations(taints: Taint[], tolerations: Toleration[]): { allTolerated: boolean; used: Toleration[] } {
  const used: Toleration[] = [];
  for (const taint of taints) {
    const t = tolerations.find((tol) => tolerates(tol, taint));
    if (!t) return { allTolerated: false, used: [] };
    used.push(t);
  }
  return { allTolerated: true, used };
}

/**
 * getMinTolerationTime: the shortest tolerationSeconds among the used tolerations, in ms;
 * -1 when all of them tolerate forever, 0 when there are none (evict at once).
 */
export function minTolerationTimeMs(used: Toleration[]): number {
  if (used.length === 0) return 0;
  let min = Number.POSITIVE_INFINITY;
  for (const t of used) {
    if (t.tolerationSeconds === undefined || t.tolerationSeconds === null) continue;
    if (t.tolerationSeconds <= 0) return 0;
    min = Math.min(min, t.tolerationSeconds);
  }
  return min === Number.POSITIVE_INFINITY ? -1 : min * 1000;
}

/**
 * SwapNodeControllerTaint: adds `add` (each stamped with timeAdded now, replacing a taint of
 * the same key and effect) and removes `remove` in one read-modify-write of the node.
 * Resolves false when the node is gone.
 */
export async function swapNodeTaints(client: KubeClient, nodeName: string, add: Taint[], remove: Array<Pick<Taint, 'key' | 'effect'>>, now: number): Promise<boolean> {
  const written = await retryUpdate(client, NODES, { name: nodeName }, (obj) => {
    const node = obj as Node;
    const spec = (node.spec ??= {});
    const before = JSON.stringify(spec.taints ?? []);
    let taints = (spec.taints ?? []).filter((t) => !remove.some((r) => sameTaint(r, t)));
    for (const taint of add) {
      const existing = taints.find((t) => sameTaint(t, taint));
      if (existing && (existing.value ?? '') === (taint.value ?? '')) continue;
      taints = taints.filter((t) => !sameTaint(t, taint));
      taints.push({ ...taint, timeAdded: timestamp(now) });
    }
    if (JSON.stringify(taints) === before) return false;
    if (taints.length) spec.taints = taints;
    else delete spec.taints;
    return true;
  });
  return written !== undefined;
}
