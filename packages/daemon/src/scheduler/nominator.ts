/**
 * The nominator (internal/queue nominator): which pods are nominated to which node, after a
 * preemption made room for them there. Filter counts nominated pods of equal or higher
 * priority as already on the node, so the room is not taken by someone else while the
 * victims terminate.
 *
 * A nomination comes from the pod's status.nominatedNodeName, or from the scheduler itself
 * right after preemption (before its status write comes back through the informer).
 */
import type { Pod } from '@kubelab/core/scheduler/api/types';
import type { PodNominator, PostFilterResult } from '@kubelab/core/scheduler/framework/interface';
import type { PodInfo } from '@kubelab/core/scheduler/framework/pod-info';

export class Nominator implements PodNominator {
  private readonly byNode = new Map<string, PodInfo[]>();
  private readonly nodeOf = new Map<string, string>();

  nominatedPodsForNode(nodeName: string): readonly PodInfo[] {
    if (this.byNode.size === 0) return EMPTY;
    return this.byNode.get(nodeName) ?? EMPTY;
  }

  nominatedNodeOf(uid: string): string | undefined {
    return this.nodeOf.get(uid);
  }

  /**
   * Records pod's nomination (AddNominatedPod): the given one when it overrides, else the
   * pod's own status.nominatedNodeName. Assigned pods are never nominated.
   */
  add(pi: PodInfo, nominating?: PostFilterResult): void {
    this.delete(pi.pod);
    let node = pi.pod.status?.nominatedNodeName ?? '';
    if (nominating?.mode === 'Override') node = nominating.nominatedNodeName;
    if (!node || pi.pod.spec?.nodeName) return;
    this.nodeOf.set(pi.uid, node);
    let list = this.byNode.get(node);
    if (!list) this.byNode.set(node, (list = []));
    list.push(pi);
  }

  /** Keeps a nomination the scheduler made itself when the informer brings an older copy. */
  update(oldPod: Pod, pi: PodInfo): void {
    const prev = this.nodeOf.get(pi.uid);
    const nominated = pi.pod.status?.nominatedNodeName ?? '';
    if (!nominated && prev && !oldPod.status?.nominatedNodeName && !pi.pod.spec?.nodeName) {
      this.add(pi, { nominatedNodeName: prev, mode: 'Override' });
      return;
    }
    this.add(pi);
  }

  delete(pod: Pod): void {
    const uid = pod.metadata?.uid ?? '';
    const node = this.nodeOf.get(uid);
    if (node === undefined) return;
    this.nodeOf.delete(uid);
    const list = this.byNode.get(node);
    if (!list) return;
    const i = list.findIndex((p) => p.uid === uid);
    if (i >= 0) list.splice(i, 1);
    if (list.length === 0) this.byNode.delete(node);
  }
}

const EMPTY: readonly PodInfo[] = [];
