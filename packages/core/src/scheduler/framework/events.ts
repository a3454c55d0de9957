/**
 * Cluster events (framework.ClusterEvent): what happened in the cluster that could make an
 * unschedulable pod schedulable. Each plugin registers the events that could resolve its own
 * rejections (EnqueueExtensions.EventsToRegister), optionally with a queueing hint that looks
 * at the change and says whether this pod is worth retrying; the scheduling queue moves a
 * pod rejected by plugin P only for events P registered.
 */
import type { KubeObject } from '../../api/meta.js';
import type { Pod } from '../api/types.js';

export type EventResource =
  | 'Pod'
  | 'AssignedPod'
  | 'UnscheduledPod'
  | 'Node'
  | 'PersistentVolume'
  | 'PersistentVolumeClaim'
  | 'StorageClass'
  | 'Namespace'
  | 'PodDisruptionBudget'
  | 'WildCard';

/** Action types, as bit flags (framework.ActionType). */
export const ActionType = {
  Add: 1,
  Delete: 2,
  UpdateNodeAllocatable: 4,
  UpdateNodeLabel: 8,
  UpdateNodeTaint: 16,
  UpdateNodeCondition: 32,
  UpdateNodeAnnotation: 64,
  UpdatePodLabel: 128,
  UpdatePodScaleDown: 256,
  UpdatePodTolerations: 512,
  UpdatePodSchedulingGatesEliminated: 1024,
  /** Any update of a resource without finer types (PV, PVC, StorageClass...). */
  UpdateOther: 2048,
} as const;

export const UPDATE =
  ActionType.UpdateNodeAllocatable |
  ActionType.UpdateNodeLabel |
  ActionType.UpdateNodeTaint |
  ActionType.UpdateNodeCondition |
  ActionType.UpdateNodeAnnotation |
  ActionType.UpdatePodLabel |
  ActionType.UpdatePodScaleDown |
  ActionType.UpdatePodTolerations |
  ActionType.UpdatePodSchedulingGatesEliminated |
  ActionType.UpdateOther;
export const ALL = ActionType.Add | ActionType.Delete | UPDATE;

export interface ClusterEvent {
  resource: EventResource;
  /** ActionType flags. */
  actionType: number;
  /** For messages and the decision record, e.g. "NodeAdd", "AssignedPodDelete". */
  label?: string;
}

export type QueueingHint = 'Queue' | 'QueueSkip';

export type QueueingHintFn = (pod: Pod, oldObj: KubeObject | undefined, newObj: KubeObject | undefined) => QueueingHint;

export interface ClusterEventWithHint {
  event: ClusterEvent;
  hint?: QueueingHintFn;
}

/** A registered event covers the one that happened (ClusterEvent.Match). */
export function eventMatches(registered: ClusterEvent, happened: ClusterEvent): boolean {
  if (registered.resource === 'WildCard') return (registered.actionType & happened.actionType) !== 0;
  const sameResource =
    registered.resource === happened.resource ||
    // "Pod" registers for both assigned and unscheduled pods.
    (registered.resource === 'Pod' && (happened.resource === 'AssignedPod' || happened.resource === 'UnscheduledPod'));
  return sameResource && (registered.actionType & happened.actionType) !== 0;
}

/** Events the queue uses internally. */
export const EVENTS = {
  NodeAdd: { resource: 'Node', actionType: ActionType.Add, label: 'NodeAdd' },
  AssignedPodDelete: { resource: 'AssignedPod', actionType: ActionType.Delete, label: 'AssignedPodDelete' },
  /** Unschedulable pods waited too long: retry them whatever happened (UnschedulableTimeout). */
  UnschedulableTimeout: { resource: 'WildCard', actionType: ALL, label: 'UnschedulableTimeout' },
  ForceActivate: { resource: 'WildCard', actionType: ALL, label: 'ForceActivate' },
} satisfies Record<string, ClusterEvent>;
