/**
 * InterPodAffinity: pod affinity and anti-affinity, required (filtering.ts) and preferred
 * (scoring.ts), with existing pods' rules counting against the incoming pod too.
 * PreFilter and PreScore answer Skip when neither the pod nor any existing pod has rules
 * that could apply, so plain pods pay nothing.
 */
import { type CycleState, StateKey } from '../../framework/cycle-state.js';
import { ActionType, ALL, type ClusterEventWithHint } from '../../framework/events.js';
import type {
  EnqueueExtensions,
  FilterPlugin,
  Handle,
  PreFilterExtensions,
  PreFilterPlugin,
  PreScorePlugin,
  ScorePlugin,
} from '../../framework/interface.js';
import type { NodeInfo } from '../../framework/node-info.js';
import { type AffinityTerm, type PodInfo, type WeightedAffinityTerm, termSelects } from '../../framework/pod-info.js';
import { Code, type Status, asStatus, newStatus, skip } from '../../framework/status.js';
import { Names } from '../names.js';
import {
  ERR_REASON_AFFINITY_RULES_NOT_MATCH,
  ERR_REASON_ANTI_AFFINITY_RULES_NOT_MATCH,
  ERR_REASON_EXISTING_ANTI_AFFINITY_RULES_NOT_MATCH,
  PreFilterState,
  TopologyCounts,
  satisfyExistingPodsAntiAffinity,
  satisfyPodAffinity,
  satisfyPodAntiAffinity,
  updateWithAffinityTerms,
} from './filtering.js';
import { PreScoreState, type ScoreMap, normalizeScores, processExistingPod, scoreNode } from './scoring.js';

export interface InterPodAffinityArgs {
  hardPodAffinityWeight?: number;
  ignorePreferredTermsOfExistingPods?: boolean;
}

const PRE_FILTER = new StateKey<PreFilterState>(`PreFilter${Names.InterPodAffinity}`);
const PRE_SCORE = new StateKey<PreScoreState>(`PreScore${Names.InterPodAffinity}`);

export class InterPodAffinity implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin, EnqueueExtensions {
  readonly name = Names.InterPodAffinity;
  private readonly hardPodAffinityWeight: number;
  private readonly ignorePreferredTermsOfExistingPods: boolean;

  constructor(
    args: InterPodAffinityArgs,
    private readonly handle: Pick<Handle, 'snapshot' | 'listers'>,
  ) {
    this.hardPodAffinityWeight = args.hardPodAffinityWeight ?? 1;
    if (this.hardPodAffinityWeight < 0 || this.hardPodAffinityWeight > 100) {
      throw new Error(`hardPodAffinityWeight: Invalid value: ${this.hardPodAffinityWeight}: not in valid range [0-100]`);
    }
    this.ignorePreferredTermsOfExistingPods = args.ignorePreferredTermsOfExistingPods ?? false;
  }

  preFilter(state: CycleState, pod: PodInfo, allNodes: readonly NodeInfo[]): Status | null {
    const snapshot = this.handle.snapshot();
    const withAntiAffinity = snapshot.havePodsWithRequiredAntiAffinityList();
    const required = pod.requiredAffinityTerms;
    const requiredAnti = pod.requiredAntiAffinityTerms;
    if (withAntiAffinity.length === 0 && required.length === 0 && requiredAnti.length === 0) return skip();
    const nsLabels = this.namespaceLabels(pod.namespace);
    const affinityTerms = required.map((t) => this.mergeNamespaces(t));
    const antiTerms = requiredAnti.map((t) => this.mergeNamespaces(t));
    // Existing pods whose required anti-affinity selects this pod, by the domain of the node
    // they run on. The node's labels are read only for the few terms that match.
    const existing = new TopologyCounts();
    const ns = pod.namespace;
    const labels = pod.labels;
    const index = snapshot.podLabels;
    if (index) {
      // Only pods with a term this pod's labels could satisfy, or with a term of another kind.
      for (const { pod: p, nodeName } of index.antiAffinityCandidates(labels)) {
        const info = snapshot.get(nodeName);
        if (!info) continue;
        for (const t of p.requiredAntiAffinityTerms) {
          if (!termSelects(t, ns, labels, nsLabels)) continue;
          const v = info.labels[t.topologyKey];
          if (v !== undefined) existing.add(t.topologyKey, v, 1);
        }
      }
    } else {
      for (const info of withAntiAffinity) {
        for (const p of info.podsWithRequiredAntiAffinity) {
          for (const t of p.requiredAntiAffinityTerms) {
            if (!termSelects(t, ns, labels, nsLabels)) continue;
            const v = info.labels[t.topologyKey];
            if (v !== undefined) existing.add(t.topologyKey, v, 1);
          }
        }
      }
    }
    const affinity = new TopologyCounts();
    const anti = new TopologyCounts();
    if (affinityTerms.length === 0 && antiTerms.length > 0 && index && antiTerms.every((t) => t.equality)) {
      // Every anti-affinity term is key=value: only the pods so labelled can match.
      for (const t of antiTerms) {
        const [key, value] = t.equality!;
        const candidates = index.podsWith(key, value);
        if (!candidates) continue;
        for (const { pod: p, nodeName } of candidates.values()) {
          if (!termSelects(t, p.namespace, p.labels, undefined)) continue;
          const v = snapshot.get(nodeName)?.labels[t.topologyKey];
          if (v !== undefined) anti.add(t.topologyKey, v, 1);
        }
      }
    } else if (affinityTerms.length > 0 || antiTerms.length > 0) {
      for (const info of allNodes) {
        const pods = info.pods;
        if (pods.length === 0) continue;
        const node = info.node!;
        for (let i = 0; i < pods.length; i++) {
          const p = pods[i]!;
          if (affinityTerms.length > 0) updateWithAffinityTerms(affinity, affinityTerms, p, node, 1);
          for (const t of antiTerms) {
            if (!termSelects(t, p.namespace, p.labels, undefined)) continue;
            const v = info.labels[t.topologyKey];
            if (v !== undefined) anti.add(t.topologyKey, v, 1);
          }
        }
      }
    }
    if (existing.size === 0 && affinityTerms.length === 0 && antiTerms.length === 0) return skip();
    state.write(PRE_FILTER, new PreFilterState(affinityTerms, antiTerms, pod, nsLabels, existing, affinity, anti));
    return null;
  }

  preFilterExtensions(): PreFilterExtensions {
    return {
      addPod: (state, _pod, toAdd, nodeInfo) => {
        state.read(PRE_FILTER)?.updateWithPod(toAdd, nodeInfo.node!, 1);
        return null;
      },
      removePod: (state, _pod, toRemove, nodeInfo) => {
        state.read(PRE_FILTER)?.updateWithPod(toRemove, nodeInfo.node!, -1);
        return null;
      },
    };
  }

  filter(state: CycleState, _pod: PodInfo, nodeInfo: NodeInfo): Status | null {
    const s = state.read(PRE_FILTER);
    if (!s) return asStatus(new Error(`reading "PreFilter${Names.InterPodAffinity}" from cycleState: not found`));
    if (!satisfyPodAffinity(s, nodeInfo)) return newStatus(Code.UnschedulableAndUnresolvable, ERR_REASON_AFFINITY_RULES_NOT_MATCH);
    if (!satisfyPodAntiAffinity(s, nodeInfo)) return newStatus(Code.Unschedulable, ERR_REASON_ANTI_AFFINITY_RULES_NOT_MATCH);
    if (!satisfyExistingPodsAntiAffinity(s, nodeInfo)) return newStatus(Code.Unschedulable, ERR_REASON_EXISTING_ANTI_AFFINITY_RULES_NOT_MATCH);
    return null;
  }

  preScore(state: CycleState, pod: PodInfo): Status | null {
    const hasConstraints = pod.preferredAffinityTerms.length > 0 || pod.preferredAntiAffinityTerms.length > 0;
    if (this.ignorePreferredTermsOfExistingPods && !hasConstraints) return skip();
    const snapshot = this.handle.snapshot();
    // Nothing can score: no preferred terms here, and no existing pod with terms that score.
    if (!hasConstraints && snapshot.podLabels?.noScoringTerms) return skip();
    // Without preferred terms of its own, only nodes with pods that have affinity matter.
    const nodes = hasConstraints ? snapshot.list() : snapshot.havePodsWithAffinityList();
    if (nodes.length === 0) return skip();
    const terms = {
      preferredAffinityTerms: pod.preferredAffinityTerms.map((w): WeightedAffinityTerm => ({ term: this.mergeNamespaces(w.term), weight: w.weight })),
      preferredAntiAffinityTerms: pod.preferredAntiAffinityTerms.map((w): WeightedAffinityTerm => ({ term: this.mergeNamespaces(w.term), weight: w.weight })),
    };
    const nsLabels = this.namespaceLabels(pod.namespace);
    const m: ScoreMap = new Map();
    const hard = this.hardPodAffinityWeight > 0;
    for (const info of nodes) {
      if (info.labelCount === 0) continue;
      const pods = hasConstraints ? info.pods : info.podsWithAffinity;
      for (const p of pods) {
        // Without preferred terms of its own, only an existing pod's required affinity
        // (weighted by hardPodAffinityWeight) and preferred terms can score: pods with
        // nothing but required anti-affinity are passed over, at no cost to the result.
        if (!hasConstraints && !(hard && p.requiredAffinityTerms.length > 0) && p.preferredAffinityTerms.length === 0 && p.preferredAntiAffinityTerms.length === 0) continue;
        processExistingPod(m, pod, terms, nsLabels, p, info, this.hardPodAffinityWeight);
      }
    }
    if (m.size === 0) return skip();
    state.write(PRE_SCORE, new PreScoreState(m));
    return null;
  }

  score(state: CycleState, _pod: PodInfo, nodeInfo: NodeInfo): number | Status {
    const s = state.read(PRE_SCORE);
    if (!s) return asStatus(new Error(`reading "PreScore${Names.InterPodAffinity}" from cycleState: not found`));
    return scoreNode(s, nodeInfo);
  }

  normalizeScore(state: CycleState, _pod: PodInfo, scores: number[]): Status | null {
    if (!state.read(PRE_SCORE)) return null;
    normalizeScores(scores);
    return null;
  }

  eventsToRegister(): ClusterEventWithHint[] {
    return [
      { event: { resource: 'AssignedPod', actionType: ALL } },
      { event: { resource: 'Node', actionType: ActionType.Add | ActionType.UpdateNodeLabel } },
    ];
  }

  private namespaceLabels(ns: string): Record<string, string> | undefined {
    const found = this.handle.listers.namespaces().find((n) => n.metadata?.name === ns);
    return found ? (found.metadata?.labels ?? {}) : undefined;
  }

  /** Resolves a namespaceSelector into namespace names (mergeAffinityTermNamespacesIfNotEmpty). */
  private mergeNamespaces(t: AffinityTerm): AffinityTerm {
    if (t.namespaceSelector === null) return t;
    const namespaces = new Set(t.namespaces);
    for (const n of this.handle.listers.namespaces()) {
      if (t.namespaceSelector.matches(n.metadata?.labels)) namespaces.add(n.metadata?.name ?? '');
    }
    return { ...t, namespaces, namespaceSelector: null };
  }
}

