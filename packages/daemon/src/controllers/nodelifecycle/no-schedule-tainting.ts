/**
 * The node lifecycle controller's per-node pass (doNoScheduleTaintingPass and
 * reconcileNodeLabels in node_lifecycle_controller.go): the NoSchedule taints that mirror a
 * node's conditions — Ready False → not-ready, Unknown → unreachable, MemoryPressure /
 * DiskPressure / PIDPressure / NetworkUnavailable True → the matching taint, and
 * spec.unschedulable (`kubectl cordon`) → unschedulable — are added and lifted as the
 * conditions change; and the beta os/arch labels follow their GA labels.
 */
import { resourceFor } from '@kubelab/core';
import type { KubeClient } from '@kubelab/core/client/client';
import { retryUpdate } from '../retry-update.js';
import {
  type Node,
  type Taint,
  TAINT_DISK_PRESSURE,
  TAINT_MEMORY_PRESSURE,
  TAINT_NETWORK_UNAVAILABLE,
  TAINT_NOT_READY,
  TAINT_PID_PRESSURE,
  TAINT_UNREACHABLE,
  TAINT_UNSCHEDULABLE,
  swapNodeTaints,
  taintExists,
} from './taints.js';

const NODES = resourceFor('', 'v1', 'nodes')!;

/** nodeConditionToTaintKeyStatusMap: which condition status means which NoSchedule taint. */
const CONDITION_TAINTS: Record<string, Record<string, string>> = {
  Ready: { False: TAINT_NOT_READY, Unknown: TAINT_UNREACHABLE },
  MemoryPressure: { True: TAINT_MEMORY_PRESSURE },
  DiskPressure: { True: TAINT_DISK_PRESSURE },
  NetworkUnavailable: { True: TAINT_NETWORK_UNAVAILABLE },
  PIDPressure: { True: TAINT_PID_PRESSURE },
};
const CONDITION_TAINT_KEYS = new Set([...Object.values(CONDITION_TAINTS).flatMap((m) => Object.values(m)), TAINT_UNSCHEDULABLE]);

/** Beta labels kept equal to their GA source (labelReconcileInfo). */
const LABEL_RECONCILE: Array<[string, string]> = [
  ['kubernetes.io/os', 'beta.kubernetes.io/os'],
  ['kubernetes.io/arch', 'beta.kubernetes.io/arch'],
];

export async function doNoScheduleTaintingPass(client: KubeClient, node: Node, now: number): Promise<void> {
  const wanted: Taint[] = [];
  for (const c of node.status?.conditions ?? []) {
    const key = CONDITION_TAINTS[c.type]?.[c.status];
    if (key) wanted.push({ key, effect: 'NoSchedule' });
  }
  if (node.spec?.unschedulable) wanted.push({ key: TAINT_UNSCHEDULABLE, effect: 'NoSchedule' });
  // Only the controller's own NoSchedule taints are compared; others are the user's.
  const have = (node.spec?.taints ?? []).filter((t) => t.effect === 'NoSchedule' && CONDITION_TAINT_KEYS.has(t.key));
  const add = wanted.filter((w) => !taintExists(have, w));
  const remove = have.filter((h) => !taintExists(wanted, h));
  if (add.length || remove.length) await swapNodeTaints(client, node.metadata!.name!, add, remove, now);
}

export async function reconcileNodeLabels(client: KubeClient, node: Node): Promise<void> {
  const labels = node.metadata?.labels ?? {};
  const fix: Record<string, string> = {};
  for (const [primary, secondary] of LABEL_RECONCILE) {
    if (labels[primary] !== undefined && labels[secondary] !== labels[primary]) fix[secondary] = labels[primary]!;
  }
  if (Object.keys(fix).length === 0) return;
  await retryUpdate(client, NODES, { name: node.metadata!.name! }, (obj) => {
    obj.metadata = { ...obj.metadata, labels: { ...(obj.metadata?.labels ?? {}), ...fix } };
    return true;
  });
}
