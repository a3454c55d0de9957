/**
 * TaintToleration.
 *
 * Filter: a node with a NoSchedule or NoExecute taint the pod does not tolerate is out —
 * "node(s) had untolerated taint {key: value}" (UnschedulableAndUnresolvable: evicting pods
 * does not remove a taint).
 *
 * Score: fewer untolerated PreferNoSchedule taints is better: the raw score counts them, and
 * the normaliser reverses it (0 taints → 100).
 */
import type { Node, Toleration } from '../../api/types.js';
import { type CycleState, ImmutableState, StateKey } from '../../framework/cycle-state.js';
import { ActionType, type ClusterEventWithHint } from '../../framework/events.js';
import type { EnqueueExtensions, FilterPlugin, PreScorePlugin, ScorePlugin } from '../../framework/interface.js';
import type { NodeInfo } from '../../framework/node-info.js';
import { defaultNormalizeScore } from '../../framework/normalize.js';
import type { PodInfo } from '../../framework/pod-info.js';
import { Code, MAX_NODE_SCORE, type Status, newStatus } from '../../framework/status.js';
import { findMatchingUntoleratedTaint, tolerationsTolerateTaint } from '../../helpers/taints.js';
import { Names } from '../names.js';

class PreScoreState extends ImmutableState {
  constructor(readonly tolerationsPreferNoSchedule: Toleration[]) {
    super();
  }
}

const PRE_SCORE = new StateKey<PreScoreState>(`PreScore${Names.TaintToleration}`);

export class TaintToleration implements FilterPlugin, PreScorePlugin, ScorePlugin, EnqueueExtensions {
  readonly name = Names.TaintToleration;

  filter(_state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): Status | null {
    const taints = nodeInfo.taints;
    if (taints.length === 0) return null;
    const taint = findMatchingUntoleratedTaint(taints, pod.pod.spec?.tolerations);
    if (!taint) return null;
    return newStatus(Code.UnschedulableAndUnresolvable, `node(s) had untolerated taint {${taint.key}: ${taint.value ?? ''}}`);
  }

  preScore(state: CycleState, pod: PodInfo): Status | null {
    // An empty effect tolerates every effect, PreferNoSchedule included.
    const tolerations = (pod.pod.spec?.tolerations ?? []).filter((t) => !t.effect || t.effect === 'PreferNoSchedule');
    state.write(PRE_SCORE, new PreScoreState(tolerations));
    return null;
  }

  score(state: CycleState, _pod: PodInfo, nodeInfo: NodeInfo): number {
    const s = state.read(PRE_SCORE);
    let n = 0;
    // Indexed, not for…of: this runs for every scored node of every cycle.
    const taints = nodeInfo.taints;
    for (let i = 0; i < taints.length; i++) {
      const taint = taints[i]!;
      if (taint.effect !== 'PreferNoSchedule') continue;
      if (!tolerationsTolerateTaint(s?.tolerationsPreferNoSchedule, taint)) n++;
    }
    return n;
  }

  normalizeScore(_state: CycleState, _pod: PodInfo, scores: number[]): Status | null {
    defaultNormalizeScore(MAX_NODE_SCORE, true, scores);
    return null;
  }

  eventsToRegister(): ClusterEventWithHint[] {
    return [
      {
        event: { resource: 'Node', actionType: ActionType.Add | ActionType.UpdateNodeTaint },
        // Retry when the pod now tolerates every NoSchedule/NoExecute taint of the node.
        hint: (pod, _old, obj) => (findMatchingUntoleratedTaint((obj as Node | undefined)?.spec?.taints ?? [], pod.spec?.tolerations) ? 'QueueSkip' : 'Queue'),
      },
      { event: { resource: 'UnscheduledPod', actionType: ActionType.UpdatePodTolerations } },
    ];
  }
}
