/**
 * PrioritySort (queuesort): the active queue pops the highest spec.priority first, and among
 * equal priorities the pod that entered the queue first.
 */
import type { QueueSortPlugin, QueuedPodInfo } from '../../framework/interface.js';
import { Names } from '../names.js';

export class PrioritySort implements QueueSortPlugin {
  readonly name = Names.PrioritySort;

  less(a: QueuedPodInfo, b: QueuedPodInfo): boolean {
    const pa = a.podInfo.priority;
    const pb = b.podInfo.priority;
    return pa > pb || (pa === pb && a.timestamp < b.timestamp);
  }
}
