/**
 * The pods of a snapshot by label, so a plugin counting the pods an equality selector
 * (app=web) picks reads those pods instead of every pod in the cluster. InterPodAffinity and
 * PodTopologySpread count matching pods per topology domain every cycle; upstream walks all
 * nodes' pods for that, over 16 goroutines — at 5,000 nodes and tens of thousands of pods
 * this index is what keeps one thread from doing that walk.
 *
 * It holds exactly the pods of the snapshot's NodeInfos: whoever adds or removes a pod
 * there (the scheduler cache, Snapshot.fromObjects) tells the index too. NodeInfo clones
 * made for simulations (preemption) do not touch it.
 */
import type { PodInfo } from './pod-info.js';

export interface IndexedPod {
  pod: PodInfo;
  nodeName: string;
}

export class PodLabelIndex {
  /** "key\0value" → uid → pod. */
  private readonly byLabel = new Map<string, Map<string, IndexedPod>>();
  /** Pods with required anti-affinity: by the key=value of each term that is one, else in other. */
  private readonly antiByLabel = new Map<string, Map<string, IndexedPod>>();
  private readonly antiOther = new Map<string, IndexedPod>();
  /** Pods whose own terms can score another pod (required affinity, preferred (anti-)affinity). */
  private scoring = 0;

  add(pod: PodInfo, nodeName: string): void {
    const entry = { pod, nodeName };
    this.antiTerms(pod, (m) => m.set(pod.uid, entry));
    if (canScore(pod)) this.scoring++;
    for (const k in pod.labels) {
      const key = `${k}\u0000${pod.labels[k]}`;
      let m = this.byLabel.get(key);
      if (!m) this.byLabel.set(key, (m = new Map()));
      m.set(pod.uid, entry);
    }
  }

  /** Removes the pod with pod's uid under pod's labels (those it was added with). */
  remove(pod: PodInfo): void {
    this.antiTerms(pod, (m, key) => {
      m.delete(pod.uid);
      if (key !== undefined && m.size === 0) this.antiByLabel.delete(key);
    });
    if (canScore(pod)) this.scoring--;
    for (const k in pod.labels) {
      const key = `${k}\u0000${pod.labels[k]}`;
      const m = this.byLabel.get(key);
      if (!m) continue;
      m.delete(pod.uid);
      if (m.size === 0) this.byLabel.delete(key);
    }
  }

  /**
   * The pods whose required anti-affinity may select a pod with these labels: those with a
   * key=value term the labels carry, and those with any other kind of term.
   */
  antiAffinityCandidates(labels: Record<string, string>): IndexedPod[] {
    const out = [...this.antiOther.values()];
    const seen = new Set<string>(this.antiOther.keys());
    for (const k in labels) {
      const m = this.antiByLabel.get(`${k}\u0000${labels[k]}`);
      if (!m) continue;
      for (const [uid, e] of m) {
        if (seen.has(uid)) continue;
        seen.add(uid);
        out.push(e);
      }
    }
    return out;
  }

  /** No pod has terms that could score another (InterPodAffinity's PreScore may skip). */
  get noScoringTerms(): boolean {
    return this.scoring === 0;
  }

  private antiTerms(pod: PodInfo, fn: (m: Map<string, IndexedPod>, key?: string) => void): void {
    const terms = pod.requiredAntiAffinityTerms;
    if (terms.length === 0) return;
    if (!terms.every((t) => t.equality)) {
      fn(this.antiOther);
      return;
    }
    for (const t of terms) {
      const key = `${t.equality![0]}\u0000${t.equality![1]}`;
      let m = this.antiByLabel.get(key);
      if (!m) this.antiByLabel.set(key, (m = new Map()));
      fn(m, key);
    }
  }

  /** The pods labelled key=value (none: undefined). */
  podsWith(key: string, value: string): ReadonlyMap<string, IndexedPod> | undefined {
    return this.byLabel.get(`${key}\u0000${value}`);
  }
}

function canScore(pod: PodInfo): boolean {
  return pod.requiredAffinityTerms.length > 0 || pod.preferredAffinityTerms.length > 0 || pod.preferredAntiAffinityTerms.length > 0;
}
