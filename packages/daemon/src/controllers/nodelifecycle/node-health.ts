/**
 * Lease-based node health (tryUpdateNodeHealth in node_lifecycle_controller.go). The
 * controller never trusts the timestamps a kubelet writes: it remembers, per node, when *it*
 * last saw a sign of life — a new heartbeat in the Ready condition, or a newer renewTime on
 * the node's Lease in kube-node-lease — and measures silence on its own clock. A node silent
 * for longer than --node-monitor-grace-period (40 s) has its Ready, MemoryPressure,
 * DiskPressure and PIDPressure conditions set to Unknown ("Kubelet stopped posting node
 * status."); one that never reported gets --node-startup-grace-period (60 s) first.
 *
 * A controller that (re)starts sees every node for the first time and gives each a full
 * grace period, as upstream does.
 */
import { type KubeObject, timestamp } from '@kubelab/core';
import { type Node, type NodeCondition, getNodeCondition } from './taints.js';

export interface Lease extends KubeObject {
  spec?: { renewTime?: string; holderIdentity?: string; leaseDurationSeconds?: number };
}

export interface NodeHealthData {
  /** When this controller last saw the node alive (its own clock). */
  probeTimestamp: number;
  readyTransitionTimestamp: number;
  /** The Ready condition as last seen. */
  readyCondition: NodeCondition | undefined;
  /** The lease renewTime as last seen. */
  leaseRenewTime: string | undefined;
}

export interface HealthPeriods {
  gracePeriodMs: number;
  startupGracePeriodMs: number;
}

export interface HealthResult {
  health: NodeHealthData;
  /** The Ready condition before this pass (a fake Unknown one when the node never posted). */
  observedReady: NodeCondition;
  /** The Ready condition after this pass (undefined when the node never posted and is still in its grace period). */
  currentReady: NodeCondition | undefined;
  /** A private copy of the node with its conditions set Unknown, when that must be written. */
  statusUpdate: Node | undefined;
}

const CONDITIONS_SET_UNKNOWN = ['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure'];

export function tryUpdateNodeHealth(
  node: Node,
  lease: Lease | undefined,
  saved: NodeHealthData | undefined,
  now: number,
  periods: HealthPeriods,
): HealthResult {
  const created = Date.parse(node.metadata?.creationTimestamp ?? '') || now;
  const current = getNodeCondition(node, 'Ready');
  let observedReady: NodeCondition;
  let grace: number;
  let health = saved;
  if (!current) {
    // Never posted: a fake Unknown condition as of the node's creation.
    observedReady = { type: 'Ready', status: 'Unknown', lastHeartbeatTime: timestamp(created), lastTransitionTime: timestamp(created) };
    grace = periods.startupGracePeriodMs;
    health = saved
      ? { ...saved, readyCondition: undefined }
      : { probeTimestamp: created, readyTransitionTimestamp: created, readyCondition: undefined, leaseRenewTime: undefined };
  } else {
    observedReady = { ...current };
    grace = periods.gracePeriodMs;
  }
  const savedCondition = saved?.readyCondition;
  if (!health || (!savedCondition && current)) {
    health = { probeTimestamp: now, readyTransitionTimestamp: now, readyCondition: current, leaseRenewTime: saved?.leaseRenewTime };
  } else if (savedCondition && !current) {
    health = { probeTimestamp: now, readyTransitionTimestamp: now, readyCondition: undefined, leaseRenewTime: health.leaseRenewTime };
  } else if (savedCondition && current && savedCondition.lastHeartbeatTime !== current.lastHeartbeatTime) {
    const transitioned = savedCondition.lastTransitionTime !== current.lastTransitionTime;
    health = { probeTimestamp: now, readyTransitionTimestamp: transitioned ? now : health.readyTransitionTimestamp, readyCondition: current, leaseRenewTime: health.leaseRenewTime };
  } else {
    health = { ...health, readyCondition: current };
  }
  // A renewed lease is always a sign of life.
  const renewed = lease?.spec?.renewTime;
  if (renewed && (!health.leaseRenewTime || Date.parse(health.leaseRenewTime) < Date.parse(renewed))) {
    health = { ...health, leaseRenewTime: renewed, probeTimestamp: now };
  }
  let currentReady = current;
  let statusUpdate: Node | undefined;
  if (now > health.probeTimestamp + grace) {
    const copy = structuredClone(node);
    const conditions = ((copy.status ??= {}).conditions ??= []);
    for (const type of CONDITIONS_SET_UNKNOWN) {
      const c = conditions.find((x) => x.type === type);
      if (!c) {
        conditions.push({
          type,
          status: 'Unknown',
          reason: 'NodeStatusNeverUpdated',
          message: 'Kubelet never posted node status.',
          lastHeartbeatTime: timestamp(created),
          lastTransitionTime: timestamp(now),
        });
      } else if (c.status !== 'Unknown') {
        c.status = 'Unknown';
        c.reason = 'NodeStatusUnknown';
        c.message = 'Kubelet stopped posting node status.';
        c.lastTransitionTime = timestamp(now);
      }
    }
    currentReady = conditions.find((x) => x.type === 'Ready');
    if (JSON.stringify(currentReady) !== JSON.stringify(observedReady)) {
      statusUpdate = copy;
      health = { ...health, readyCondition: currentReady, readyTransitionTimestamp: now };
    }
  }
  return { health, observedReady, currentReady, statusUpdate };
}
