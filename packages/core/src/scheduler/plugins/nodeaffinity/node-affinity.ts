/**
 * NodeAffinity: the pod's nodeSelector and node affinity, plus the profile's addedAffinity
 * (NodeAffinityArgs) that every pod of the profile must also satisfy.
 *
 * PreFilter: nothing to check → Skip. When every required term pins metadata.name, only
 * those nodes are searched (a PreFilterResult).
 * Filter: "node(s) didn't match Pod's node affinity/selector" (or, for the added affinity,
 * "node(s) didn't match scheduler-enforced node affinity"), UnschedulableAndUnresolvable.
 * Score: Σ weight of the preferred terms the node matches, normalised to [0, 100].
 */
import type { Node, NodeAffinity as NodeAffinitySpec } from '../../api/types.js';
import { type CycleState, ImmutableState, StateKey } from '../../framework/cycle-state.js';
import { ActionType, type ClusterEventWithHint } from '../../framework/events.js';
import {
  type EnqueueExtensions,
  type FilterPlugin,
  PreFilterResult,
  type PreFilterPlugin,
  type PreScorePlugin,
  type ScorePlugin,
} from '../../framework/interface.js';
import type { NodeInfo } from '../../framework/node-info.js';
import { defaultNormalizeScore } from '../../framework/normalize.js';
import type { PodInfo } from '../../framework/pod-info.js';
import { Code, MAX_NODE_SCORE, type Status, newStatus, skip } from '../../framework/status.js';
import {
  type CompiledPreferredTerms,
  type NodeMatcher,
  compileNodeSelector,
  compilePreferredTerms,
  hasRequiredNodeAffinity,
  requiredNodeAffinity,
} from '../../helpers/node-affinity.js';
import { Names } from '../names.js';

export const ERR_REASON_POD = "node(s) didn't match Pod's node affinity/selector";
export const ERR_REASON_ENFORCED = "node(s) didn't match scheduler-enforced node affinity";

export interface NodeAffinityArgs {
  addedAffinity?: NodeAffinitySpec;
}

class PreFilterState extends ImmutableState {
  constructor(readonly required: NodeMatcher | undefined) {
    super();
  }
}

class PreScoreState extends ImmutableState {
  constructor(readonly preferred: CompiledPreferredTerms) {
    super();
  }
}

const PRE_FILTER = new StateKey<PreFilterState>(`PreFilter${Names.NodeAffinity}`);
const PRE_SCORE = new StateKey<PreScoreState>(`PreScore${Names.NodeAffinity}`);

export class NodeAffinity implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin, EnqueueExtensions {
  readonly name = Names.NodeAffinity;
  private readonly addedRequired: NodeMatcher | undefined;
  private readonly addedPreferred: CompiledPreferredTerms;

  constructor(args: NodeAffinityArgs = {}) {
    const added = args.addedAffinity;
    this.addedRequired = added?.requiredDuringSchedulingIgnoredDuringExecution ? compileNodeSelector(added.requiredDuringSchedulingIgnoredDuringExecution) : undefined;
    this.addedPreferred = compilePreferredTerms(added?.preferredDuringSchedulingIgnoredDuringExecution);
  }

  preFilter(state: CycleState, pod: PodInfo): Status | PreFilterResult | null {
    const has = hasRequiredNodeAffinity(pod.pod);
    if (!has && !this.addedRequired) return skip();
    state.write(PRE_FILTER, new PreFilterState(has ? requiredNodeAffinity(pod.pod) : undefined));
    // Terms that all pin metadata.name In [x] narrow the search to those nodes.
    const terms = pod.pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? [];
    if (terms.length === 0) return null;
    const names = new Set<string>();
    for (const t of terms) {
      const f = (t.matchFields ?? []).find((r) => r.key === 'metadata.name' && r.operator === 'In' && r.values?.length === 1);
      if (!f) return null;
      names.add(f.values![0]!);
    }
    return new PreFilterResult(names);
  }

  filter(state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): Status | null {
    const node = nodeInfo.node!;
    if (this.addedRequired && !this.addedRequired(node)) return newStatus(Code.UnschedulableAndUnresolvable, ERR_REASON_ENFORCED);
    const s = state.read(PRE_FILTER);
    const required = s ? s.required : requiredNodeAffinity(pod.pod);
    if (required && !required(node)) return newStatus(Code.UnschedulableAndUnresolvable, ERR_REASON_POD);
    return null;
  }

  preScore(state: CycleState, pod: PodInfo): Status | null {
    const preferred = compilePreferredTerms(pod.pod.spec?.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution);
    if (preferred.empty && this.addedPreferred.empty) return skip();
    state.write(PRE_SCORE, new PreScoreState(preferred));
    return null;
  }

  score(state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): number {
    const node = nodeInfo.node!;
    const s = state.read(PRE_SCORE);
    const preferred = s ? s.preferred : compilePreferredTerms(pod.pod.spec?.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution);
    return this.addedPreferred.score(node) + preferred.score(node);
  }

  normalizeScore(_state: CycleState, _pod: PodInfo, scores: number[]): Status | null {
    defaultNormalizeScore(MAX_NODE_SCORE, false, scores);
    return null;
  }

  eventsToRegister(): ClusterEventWithHint[] {
    return [
      {
        event: { resource: 'Node', actionType: ActionType.Add | ActionType.UpdateNodeLabel },
        hint: (pod, _old, obj) => {
          const node = obj as Node | undefined;
          if (!node) return 'QueueSkip';
          if (this.addedRequired && !this.addedRequired(node)) return 'QueueSkip';
          return requiredNodeAffinity(pod)(node) ? 'Queue' : 'QueueSkip';
        },
      },
      { event: { resource: 'UnscheduledPod', actionType: ActionType.UpdateOther } },
    ];
  }
}
