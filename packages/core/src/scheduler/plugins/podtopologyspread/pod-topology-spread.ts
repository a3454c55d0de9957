/**
 * PodTopologySpread: spread matching pods across topology domains (zones, hosts, ...).
 * DoNotSchedule constraints filter (filtering.ts); ScheduleAnyway constraints score
 * (scoring.ts). A pod without constraints of its own gets the profile's default
 * constraints — by default the system's (hostname skew 3, zone skew 5, ScheduleAnyway) —
 * applied to the pods its Services, ReplicaSet or StatefulSet select.
 */
import type { TopologySpreadConstraint } from '../../api/types.js';
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
import type { PodInfo } from '../../framework/pod-info.js';
import { Code, type Status, asStatus, newStatus, skip } from '../../framework/status.js';
import { defaultSelector } from '../../helpers/default-selector.js';
import { labelMatcher } from '../../helpers/label-match.js';
import { Names } from '../names.js';
import { type Constraint, SYSTEM_DEFAULT_CONSTRAINTS, filterConstraints } from './common.js';
import { ERR_REASON_CONSTRAINTS_NOT_MATCH, ERR_REASON_NODE_LABEL_NOT_MATCH, PreFilterState, calPreFilterState } from './filtering.js';
import { PreScoreState, calPreScoreState, normalizeScores, scoreNode } from './scoring.js';

export interface PodTopologySpreadArgs {
  defaultConstraints?: TopologySpreadConstraint[];
  defaultingType?: 'System' | 'List';
}

/** Where PreFilter leaves its counts (tests compare them). */
export const PRE_FILTER = new StateKey<PreFilterState>(`PreFilter${Names.PodTopologySpread}`);
const PRE_SCORE = new StateKey<PreScoreState>(`PreScore${Names.PodTopologySpread}`);

export class PodTopologySpread implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin, EnqueueExtensions {
  readonly name = Names.PodTopologySpread;
  private readonly defaultConstraints: TopologySpreadConstraint[];
  private readonly systemDefaulted: boolean;

  constructor(
    args: PodTopologySpreadArgs,
    private readonly handle: Pick<Handle, 'snapshot' | 'listers'>,
  ) {
    const type = args.defaultingType ?? 'System';
    if (type === 'System' && (args.defaultConstraints?.length ?? 0) > 0) {
      throw new Error('defaultConstraints: Invalid value: when .defaultingType is "System", .defaultConstraints must be empty');
    }
    this.systemDefaulted = type === 'System';
    this.defaultConstraints = type === 'System' ? SYSTEM_DEFAULT_CONSTRAINTS : (args.defaultConstraints ?? []);
  }

  /** The pod's constraints of one action, or the defaults over its siblings. */
  constraintsFor(pod: PodInfo, action: 'DoNotSchedule' | 'ScheduleAnyway'): Constraint[] {
    const own = pod.pod.spec?.topologySpreadConstraints ?? [];
    if (own.length > 0) return filterConstraints(own, pod.labels, action);
    const constraints = filterConstraints(this.defaultConstraints, pod.labels, action);
    if (constraints.length === 0) return constraints;
    const selector = defaultSelector(pod.pod, this.handle.listers);
    if (selector.empty) return [];
    const matches = labelMatcher(selector);
    for (const c of constraints) {
      c.selector = selector;
      c.matches = matches;
    }
    return constraints;
  }

  preFilter(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]): Status | null {
    let constraints: Constraint[];
    try {
      constraints = this.constraintsFor(pod, 'DoNotSchedule');
    } catch (err) {
      return asStatus(err);
    }
    if (constraints.length === 0) return skip();
    const snapshot = this.handle.snapshot();
    state.write(PRE_FILTER, calPreFilterState(pod, constraints, nodes, snapshot.podLabels, snapshot));
    return null;
  }

  preFilterExtensions(): PreFilterExtensions {
    return {
      addPod: (state, pod, toAdd, nodeInfo) => {
        state.read(PRE_FILTER)?.updateWithPod(toAdd, pod, nodeInfo, 1);
        return null;
      },
      removePod: (state, pod, toRemove, nodeInfo) => {
        state.read(PRE_FILTER)?.updateWithPod(toRemove, pod, nodeInfo, -1);
        return null;
      },
    };
  }

  filter(state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): Status | null {
    const s = state.read(PRE_FILTER);
    if (!s) return asStatus(new Error(`reading "PreFilter${Names.PodTopologySpread}" from cycleState: not found`));
    const labels = nodeInfo.labels;
    for (let i = 0; i < s.constraints.length; i++) {
      const c = s.constraints[i]!;
      const v = labels[c.topologyKey];
      if (v === undefined) return newStatus(Code.UnschedulableAndUnresolvable, ERR_REASON_NODE_LABEL_NOT_MATCH);
      const selfMatch = c.matches(pod.labels) ? 1 : 0;
      const skew = (s.tpValueToMatchNum[i]!.get(v) ?? 0) + selfMatch - s.minMatchNum(i);
      if (skew > c.maxSkew) return newStatus(Code.Unschedulable, ERR_REASON_CONSTRAINTS_NOT_MATCH);
    }
    return null;
  }

  preScore(state: CycleState, pod: PodInfo, filteredNodes: readonly NodeInfo[]): Status | null {
    const allNodes = this.handle.snapshot().list();
    if (allNodes.length === 0) return skip();
    let constraints: Constraint[];
    try {
      constraints = this.constraintsFor(pod, 'ScheduleAnyway');
    } catch (err) {
      return asStatus(err);
    }
    if (constraints.length === 0) return skip();
    // Only the pod's own rules demand every topology label; the system defaults let nodes
    // without a zone still spread by hostname.
    const requireAll = (pod.pod.spec?.topologySpreadConstraints?.length ?? 0) > 0 || !this.systemDefaulted;
    state.write(PRE_SCORE, calPreScoreState(pod, constraints, filteredNodes, allNodes, requireAll));
    return null;
  }

  score(state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): number | Status {
    const s = state.read(PRE_SCORE);
    if (!s) return asStatus(new Error(`reading "PreScore${Names.PodTopologySpread}" from cycleState: not found`));
    return scoreNode(s, pod, nodeInfo);
  }

  normalizeScore(state: CycleState, _pod: PodInfo, scores: number[], nodes: readonly NodeInfo[]): Status | null {
    const s = state.read(PRE_SCORE);
    if (s) normalizeScores(s, scores, nodes);
    return null;
  }

  eventsToRegister(): ClusterEventWithHint[] {
    return [
      { event: { resource: 'AssignedPod', actionType: ALL } },
      { event: { resource: 'Node', actionType: ActionType.Add | ActionType.Delete | ActionType.UpdateNodeLabel | ActionType.UpdateNodeTaint } },
    ];
  }
}
