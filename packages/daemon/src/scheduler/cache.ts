/**
 * The scheduler cache (internal/cache): every node's NodeInfo with the pods bound to it, plus
 * the pods the scheduler has assumed — placed on a node in memory while their binding is in
 * flight, so the next cycle already counts them:
 *
 *   assumePod      after a cycle picks a node (before the API call)
 *   finishBinding  the binding call returned
 *   addPod         the informer shows the pod bound: an assumed pod is confirmed (on the
 *                  node the API says, should it differ)
 *   forgetPod      the binding failed: the assumed pod is taken out again
 *
 * Nodes are kept in insertion order; the snapshot orders them by zone (node tree). A node
 * deleted while pods are still bound to it lingers without a node until they go.
 */
import { type Node, type Pod, podKey } from '@kubelab/core/scheduler/api/types';
import { type ImageStateSummary, NodeInfo } from '@kubelab/core/scheduler/framework/node-info';
import { PodInfo } from '@kubelab/core/scheduler/framework/pod-info';
import { Snapshot, zoneKey } from '@kubelab/core/scheduler/framework/snapshot';

interface PodState {
  info: PodInfo;
  nodeName: string;
  assumed: boolean;
  bindingFinished: boolean;
}

export class SchedulerCache {
  private readonly nodes = new Map<string, NodeInfo>();
  private readonly pods = new Map<string, PodState>();
  private readonly images = new Map<string, ImageStateSummary>();
  private readonly snapshot = new Snapshot();
  private nodesChanged = true;
  private affinityChanged = true;

  /** The snapshot for a cycle, brought up to date (UpdateSnapshot). */
  updateSnapshot(): Snapshot {
    if (this.nodesChanged) {
      this.snapshot.setNodes([...this.nodes.values()]);
      this.nodesChanged = false;
      this.affinityChanged = false;
    } else if (this.affinityChanged) {
      this.snapshot.invalidateAffinityLists();
      this.affinityChanged = false;
    }
    return this.snapshot;
  }

  nodeCount(): number {
    return this.nodes.size;
  }

  podCount(): number {
    return this.pods.size;
  }

  isAssumedPod(uid: string): boolean {
    return this.pods.get(uid)?.assumed ?? false;
  }

  /** Where the cache has the pod, if anywhere. */
  nodeOfPod(uid: string): string | undefined {
    return this.pods.get(uid)?.nodeName;
  }

  assumePod(info: PodInfo, nodeName: string): void {
    if (this.pods.has(info.uid)) throw new Error(`pod ${info.key}(${info.uid}) is in the cache, so can't be assumed`);
    this.addToNode(info, nodeName);
    this.pods.set(info.uid, { info, nodeName, assumed: true, bindingFinished: false });
  }

  finishBinding(uid: string): void {
    const s = this.pods.get(uid);
    if (s?.assumed) s.bindingFinished = true;
  }

  /** Takes an assumed pod out again (ForgetPod). */
  forgetPod(uid: string): void {
    const s = this.pods.get(uid);
    if (!s || !s.assumed) return;
    this.removeFromNode(s.info, s.nodeName);
    this.pods.delete(uid);
  }

  /** The informer shows a bound pod (AddPod): confirms an assumed one. */
  addPod(pod: Pod): void {
    const uid = pod.metadata?.uid ?? podKey(pod);
    const nodeName = pod.spec?.nodeName ?? '';
    const existing = this.pods.get(uid);
    if (existing) {
      if (!existing.assumed) {
        this.updatePod(pod);
        return;
      }
      this.removeFromNode(existing.info, existing.nodeName);
    }
    const info = new PodInfo(pod);
    this.addToNode(info, nodeName);
    this.pods.set(uid, { info, nodeName, assumed: false, bindingFinished: true });
  }

  updatePod(pod: Pod): void {
    const uid = pod.metadata?.uid ?? podKey(pod);
    const existing = this.pods.get(uid);
    if (!existing) {
      this.addPod(pod);
      return;
    }
    this.removeFromNode(existing.info, existing.nodeName);
    const info = new PodInfo(pod);
    const nodeName = pod.spec?.nodeName ?? existing.nodeName;
    this.addToNode(info, nodeName);
    this.pods.set(uid, { info, nodeName, assumed: false, bindingFinished: true });
  }

  removePod(pod: Pod): void {
    const uid = pod.metadata?.uid ?? podKey(pod);
    const s = this.pods.get(uid);
    if (!s) return;
    this.removeFromNode(s.info, s.nodeName);
    this.pods.delete(uid);
  }

  addNode(node: Node): void {
    const name = node.metadata?.name ?? '';
    let info = this.nodes.get(name);
    if (info) {
      this.updateNode(node);
      return;
    }
    info = new NodeInfo(node);
    this.nodes.set(name, info);
    this.setImages(info, node);
    this.nodesChanged = true;
  }

  updateNode(node: Node): void {
    const name = node.metadata?.name ?? '';
    const info = this.nodes.get(name);
    if (!info) {
      this.addNode(node);
      return;
    }
    const wasGhost = info.node === undefined;
    const zoneBefore = zoneKey(info.node);
    const labelsBefore = info.node?.metadata?.labels;
    info.setNode(node);
    this.setImages(info, node);
    if (wasGhost || zoneBefore !== zoneKey(node)) this.nodesChanged = true;
    else if (!sameLabels(labelsBefore, node.metadata?.labels)) this.snapshot.nodeLabelsChanged();
  }

  removeNode(node: Node): void {
    const name = node.metadata?.name ?? '';
    const info = this.nodes.get(name);
    if (!info) return;
    this.clearImages(info);
    if (info.pods.length > 0) {
      // Pods are still bound to it: keep their accounting until they go.
      info.node = undefined;
    } else {
      this.nodes.delete(name);
    }
    this.nodesChanged = true;
  }

  private addToNode(info: PodInfo, nodeName: string): void {
    let n = this.nodes.get(nodeName);
    if (!n) {
      // Bound to a node we have not seen (yet): hold the pod on a node-less NodeInfo.
      n = new NodeInfo();
      this.nodes.set(nodeName, n);
    }
    const had = hasAffinityPods(n);
    n.addPodInfo(info);
    this.snapshot.podLabels.add(info, nodeName);
    if (info.hasAffinity) this.affinityPodsChanged(n, had);
  }

  private removeFromNode(info: PodInfo, nodeName: string): void {
    const n = this.nodes.get(nodeName);
    if (!n) return;
    const had = hasAffinityPods(n);
    n.removePod(info);
    this.snapshot.podLabels.remove(info);
    if (info.hasAffinity) this.affinityPodsChanged(n, had);
    if (n.node === undefined && n.pods.length === 0) {
      this.nodes.delete(nodeName);
      this.nodesChanged = true;
    }
  }

  /**
   * The snapshot's lists of nodes with (anti-)affinity pods change only when a node gains its
   * first such pod or loses its last, as upstream's UpdateSnapshot rebuilds them only then.
   */
  private affinityPodsChanged(n: NodeInfo, had: { affinity: boolean; anti: boolean }): void {
    const has = hasAffinityPods(n);
    if (has.affinity !== had.affinity || has.anti !== had.anti) this.affinityChanged = true;
  }

  private setImages(info: NodeInfo, node: Node): void {
    this.clearImages(info);
    const name = node.metadata?.name ?? '';
    for (const img of node.status?.images ?? []) {
      for (const n of img.names ?? []) {
        let s = this.images.get(n);
        if (!s) this.images.set(n, (s = { size: img.sizeBytes ?? 0, nodes: new Set() }));
        s.nodes.add(name);
        info.imageStates.set(n, s);
      }
    }
  }

  private clearImages(info: NodeInfo): void {
    for (const [n, s] of info.imageStates) {
      s.nodes.delete(info.name);
      if (s.nodes.size === 0) this.images.delete(n);
    }
    info.imageStates = new Map();
  }
}

function hasAffinityPods(n: NodeInfo): { affinity: boolean; anti: boolean } {
  return { affinity: n.podsWithAffinity.length > 0, anti: n.podsWithRequiredAntiAffinity.length > 0 };
}

/** Two nodes' label sets hold the same keys and values. */
function sameLabels(a: Record<string, string> | undefined, b: Record<string, string> | undefined): boolean {
  if (a === b) return true;
  const x = a ?? {};
  const y = b ?? {};
  let n = 0;
  for (const k in x) {
    if (x[k] !== y[k]) return false;
    n++;
  }
  for (const _ in y) n--;
  return n === 0;
}
