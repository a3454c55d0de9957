/**
 * Informer events → scheduler cache and queue (pkg/scheduler/eventhandlers.go):
 *
 *   pod, unassigned, for a profile we serve   queue add / update / delete
 *   pod, assigned (not finished)              cache add / update / remove, and a cluster
 *                                             event (AssignedPod Add/Update/Delete) that may
 *                                             move unschedulable pods
 *   pod, finished (Succeeded/Failed)          out of the cache: it holds nothing any more
 *   node                                      cache, and NodeAdd / node-update events typed by
 *                                             what changed (allocatable, labels, taints, ...)
 *   PV, PVC, StorageClass                     events for VolumeBinding
 *
 * Pods for a schedulerName no profile serves are ignored: they stay Pending for whichever
 * scheduler serves that name (a custom scheduler).
 */
import type { KubeObject } from '@kubelab/core';
import { deletedObject } from '@kubelab/core/cache/keys';
import type { DeletedFinalStateUnknown } from '@kubelab/core/cache/keys';
import { type Node, type Pod, isPodTerminal } from '@kubelab/core/scheduler/api/types';
import { ActionType, type ClusterEvent, type EventResource } from '@kubelab/core/scheduler/framework/events';
import type { SchedulerCache } from './cache.js';
import type { SchedulerInformers } from './listers.js';
import type { SchedulingQueue } from './scheduling-queue.js';

export interface EventHandlerTarget {
  cache: SchedulerCache;
  queue: SchedulingQueue;
  /** True when a profile serves this schedulerName. */
  responsibleFor(pod: Pod): boolean;
  /** A pod went away or got bound elsewhere: forget its decision record, etc. */
  onPodGone?(pod: Pod): void;
}

const assigned = (p: Pod) => !!p.spec?.nodeName;

export function addAllEventHandlers(t: EventHandlerTarget, informers: SchedulerInformers): Array<{ remove(): void }> {
  const regs: Array<{ remove(): void }> = [];
  const { cache, queue } = t;
  const unscheduledOurs = (p: Pod) => !assigned(p) && !isPodTerminal(p) && t.responsibleFor(p);
  const inCache = (p: Pod) => assigned(p) && !isPodTerminal(p);

  regs.push(
    informers.pods.addEventHandler({
      onAdd: (pod) => {
        if (inCache(pod)) {
          cache.addPod(pod);
          queue.moveAllToActiveOrBackoffQueue({ resource: 'AssignedPod', actionType: ActionType.Add, label: 'AssignedPodAdd' }, undefined, pod);
        } else if (unscheduledOurs(pod)) {
          queue.add(pod);
        }
      },
      onUpdate: (oldPod, newPod) => {
        const wasCached = inCache(oldPod);
        const nowCached = inCache(newPod);
        if (!assigned(oldPod) && assigned(newPod)) {
          // Bound (by us or anyone): it leaves the queue.
          queue.delete(oldPod);
        }
        if (nowCached) {
          if (wasCached) cache.updatePod(newPod);
          else cache.addPod(newPod);
          const type = wasCached ? assignedPodUpdateType(oldPod, newPod) : ActionType.Add;
          queue.moveAllToActiveOrBackoffQueue({ resource: 'AssignedPod', actionType: type, label: 'AssignedPodUpdate' }, oldPod, newPod);
          return;
        }
        if (wasCached) {
          // Finished (Succeeded or Failed): its resources are free.
          cache.removePod(oldPod);
          queue.moveAllToActiveOrBackoffQueue({ resource: 'AssignedPod', actionType: ActionType.Delete, label: 'AssignedPodDelete' }, oldPod, undefined);
          return;
        }
        if (unscheduledOurs(newPod)) queue.update(oldPod, newPod);
        else if (!assigned(newPod)) queue.delete(newPod);
      },
      onDelete: (obj) => {
        const pod = deletedObject(obj as Pod | DeletedFinalStateUnknown<Pod>);
        if (assigned(pod)) {
          cache.removePod(pod);
          queue.moveAllToActiveOrBackoffQueue({ resource: 'AssignedPod', actionType: ActionType.Delete, label: 'AssignedPodDelete' }, pod, undefined);
        } else {
          queue.delete(pod);
        }
        t.onPodGone?.(pod);
      },
    }),
  );

  regs.push(
    informers.nodes.addEventHandler({
      onAdd: (node) => {
        cache.addNode(node as Node);
        queue.moveAllToActiveOrBackoffQueue({ resource: 'Node', actionType: ActionType.Add, label: 'NodeAdd' }, undefined, node);
      },
      onUpdate: (oldNode, newNode) => {
        cache.updateNode(newNode as Node);
        const type = nodeUpdateType(oldNode as Node, newNode as Node);
        if (type !== 0) queue.moveAllToActiveOrBackoffQueue({ resource: 'Node', actionType: type, label: 'NodeUpdate' }, oldNode, newNode);
      },
      onDelete: (obj) => {
        cache.removeNode(deletedObject(obj) as Node);
      },
    }),
  );

  const simple = (resource: EventResource, informer: { addEventHandler: SchedulerInformers['pvs']['addEventHandler'] }) =>
    informer.addEventHandler({
      onAdd: (o: KubeObject) => queue.moveAllToActiveOrBackoffQueue({ resource, actionType: ActionType.Add, label: `${resource}Add` }, undefined, o),
      onUpdate: (a: KubeObject, b: KubeObject) => queue.moveAllToActiveOrBackoffQueue({ resource, actionType: ActionType.UpdateOther, label: `${resource}Update` }, a, b),
      onDelete: (o) => queue.moveAllToActiveOrBackoffQueue({ resource, actionType: ActionType.Delete, label: `${resource}Delete` }, deletedObject(o), undefined),
    });
  regs.push(simple('PersistentVolume', informers.pvs as never));
  regs.push(simple('PersistentVolumeClaim', informers.pvcs as never));
  regs.push(simple('StorageClass', informers.storageClasses as never));
  return regs;
}

/** What changed on a node, as action type flags (nodeSchedulingPropertiesChange). */
export function nodeUpdateType(oldNode: Node, newNode: Node): number {
  let t = 0;
  const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
  if (!same(oldNode.status?.allocatable, newNode.status?.allocatable)) t |= ActionType.UpdateNodeAllocatable;
  if (!same(oldNode.metadata?.labels, newNode.metadata?.labels)) t |= ActionType.UpdateNodeLabel;
  // Cordoning counts as a taint change, as upstream treats spec.unschedulable.
  if (!same(oldNode.spec?.taints, newNode.spec?.taints) || !!oldNode.spec?.unschedulable !== !!newNode.spec?.unschedulable) t |= ActionType.UpdateNodeTaint;
  const conds = (n: Node) => (n.status?.conditions ?? []).map((c) => [c.type, c.status]);
  if (!same(conds(oldNode), conds(newNode))) t |= ActionType.UpdateNodeCondition;
  if (!same(oldNode.metadata?.annotations, newNode.metadata?.annotations)) t |= ActionType.UpdateNodeAnnotation;
  return t;
}

/** What changed on an assigned pod, as action type flags. */
export function assignedPodUpdateType(oldPod: Pod, newPod: Pod): number {
  let t = 0;
  if (JSON.stringify(oldPod.metadata?.labels ?? {}) !== JSON.stringify(newPod.metadata?.labels ?? {})) t |= ActionType.UpdatePodLabel;
  const req = (p: Pod) => JSON.stringify(p.spec?.containers?.map((c) => c.resources?.requests) ?? []);
  if (req(oldPod) !== req(newPod)) t |= ActionType.UpdatePodScaleDown;
  return t === 0 ? ActionType.UpdateOther : t;
}

export type { ClusterEvent };
