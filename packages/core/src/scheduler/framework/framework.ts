/**
 * A profile's framework (runtime.frameworkImpl): its plugins at each extension point, in
 * order, with their score weights, and the runners that call them. One Framework serves
 * one schedulerName.
 */
import type { Pod } from '../api/types.js';
import type { CycleState } from './cycle-state.js';
import type { NodeToStatus } from './fit-error.js';
import type {
  BindPlugin,
  EnqueueExtensions,
  FilterPlugin,
  Handle,
  PermitPlugin,
  Plugin,
  PostBindPlugin,
  PostFilterPlugin,
  PostFilterOutcome,
  PreBindPlugin,
  PreEnqueuePlugin,
  PreFilterPlugin,
  PreScorePlugin,
  QueueSortPlugin,
  QueuedPodInfo,
  ReservePlugin,
  ScorePlugin,
} from './interface.js';
import { PreFilterResult } from './interface.js';
import type { NodeInfo } from './node-info.js';
import type { ClusterEventWithHint } from './events.js';
import type { PodInfo } from './pod-info.js';
import { Code, MAX_NODE_SCORE, MIN_NODE_SCORE, type Status, asStatus, newStatus } from './status.js';

export interface WeightedScorePlugin {
  plugin: ScorePlugin;
  weight: number;
}

/** The plugins of one profile, per extension point, in order. */
export interface ProfilePlugins {
  preEnqueue: PreEnqueuePlugin[];
  queueSort: QueueSortPlugin;
  preFilter: PreFilterPlugin[];
  filter: FilterPlugin[];
  postFilter: PostFilterPlugin[];
  preScore: PreScorePlugin[];
  score: WeightedScorePlugin[];
  reserve: ReservePlugin[];
  permit: PermitPlugin[];
  preBind: PreBindPlugin[];
  bind: BindPlugin[];
  postBind: PostBindPlugin[];
}

export interface PreFilterOutcome {
  result: PreFilterResult | undefined;
  status: Status | null;
  /** Plugins whose PreFilter rejected the pod, or whose results left no node. */
  unschedulablePlugins: Set<string>;
  /** Each PreFilter plugin's answer, for the decision record. */
  verdicts: Array<{ plugin: string; status: Status | null }>;
}

/** One score plugin's scores for the scored nodes (same order), kept for the decision record. */
export interface PluginScores {
  plugin: string;
  weight: number;
  raw: number[];
  normalized: number[];
}

export interface ScoreOutcome {
  /** Weighted sum per node, in the order of the nodes given. */
  totals: Float64Array;
  plugins: PluginScores[];
  status: Status | null;
}

export class Framework {
  readonly schedulerName: string;
  readonly percentageOfNodesToScore: number | undefined;
  readonly handle: Handle;
  readonly plugins: ProfilePlugins;
  /** Every plugin instance by name. */
  readonly pluginsByName: ReadonlyMap<string, Plugin>;

  constructor(options: {
    schedulerName: string;
    percentageOfNodesToScore?: number;
    handle: Handle;
    plugins: ProfilePlugins;
    pluginsByName: ReadonlyMap<string, Plugin>;
  }) {
    this.schedulerName = options.schedulerName;
    this.percentageOfNodesToScore = options.percentageOfNodesToScore;
    this.handle = options.handle;
    this.plugins = options.plugins;
    this.pluginsByName = options.pluginsByName;
  }

  hasFilterPlugins(): boolean {
    return this.plugins.filter.length > 0;
  }

  hasScorePlugins(): boolean {
    return this.plugins.score.length > 0;
  }

  hasPostFilterPlugins(): boolean {
    return this.plugins.postFilter.length > 0;
  }

  /** The events each plugin registers (for the queue's move decisions). */
  eventsToRegister(): Map<string, ClusterEventWithHint[]> {
    const out = new Map<string, ClusterEventWithHint[]>();
    for (const [name, p] of this.pluginsByName) {
      const ext = p as Partial<EnqueueExtensions>;
      if (typeof ext.eventsToRegister === 'function') out.set(name, ext.eventsToRegister());
    }
    return out;
  }

  less(a: QueuedPodInfo, b: QueuedPodInfo): boolean {
    return this.plugins.queueSort.less(a, b);
  }

  /** PreEnqueue: null when the pod may enter the active queue, else the first rejection. */
  runPreEnqueuePlugins(pod: Pod): Status | null {
    for (const pl of this.plugins.preEnqueue) {
      const s = pl.preEnqueue(pod);
      if (s && !s.isSuccess()) return s.withPlugin(pl.name);
    }
    return null;
  }

  /** PreFilter (RunPreFilterPlugins), see the file comment of interface.ts. */
  runPreFilterPlugins(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]): PreFilterOutcome {
    let result: PreFilterResult | undefined;
    let returnStatus: Status | null = null;
    const withNodes: string[] = [];
    const verdicts: PreFilterOutcome['verdicts'] = [];
    const skip = new Set<string>();
    for (const pl of this.plugins.preFilter) {
      let r: Status | PreFilterResult | null;
      try {
        r = pl.preFilter(state, pod, nodes);
      } catch (err) {
        r = asStatus(err);
      }
      if (r instanceof PreFilterResult) {
        verdicts.push({ plugin: pl.name, status: null });
        withNodes.push(pl.name);
        result = result ? result.merge(r) : r;
        if (result.nodeNames.size === 0) {
          const msg = withNodes.length === 1 ? `node(s) didn't satisfy plugin ${withNodes[0]}` : `node(s) didn't satisfy plugin(s) [${withNodes.join(' ')}] simultaneously`;
          state.skipFilterPlugins = skip;
          return { result, status: newStatus(Code.UnschedulableAndUnresolvable, msg), unschedulablePlugins: new Set(withNodes), verdicts };
        }
        continue;
      }
      verdicts.push({ plugin: pl.name, status: r });
      if (!r || r.isSuccess()) continue;
      if (r.isSkip()) {
        skip.add(pl.name);
        continue;
      }
      r.withPlugin(pl.name);
      if (r.code === Code.UnschedulableAndUnresolvable) {
        // Preemption cannot help: no need to run the other PreFilter plugins.
        state.skipFilterPlugins = skip;
        return { result: undefined, status: r, unschedulablePlugins: new Set([pl.name]), verdicts };
      }
      if (r.code === Code.Unschedulable) {
        // Preemption may help, and needs every plugin's state: go on (kubernetes#119770).
        returnStatus ??= r;
        continue;
      }
      const e = asStatus(new Error(`running PreFilter plugin "${pl.name}": ${r.message()}`)).withPlugin(pl.name);
      return { result: undefined, status: e, unschedulablePlugins: new Set(), verdicts };
    }
    state.skipFilterPlugins = skip;
    state.activeFilters = undefined;
    return { result, status: returnStatus, unschedulablePlugins: returnStatus ? new Set([returnStatus.plugin]) : new Set(), verdicts };
  }

  /** Filter: the first rejection on this node, with its plugin (RunFilterPlugins). */
  runFilterPlugins(state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): Status | null {
    const filters = (state.activeFilters ??= this.plugins.filter.filter((p) => !state.skipFilterPlugins.has(p.name))) as readonly FilterPlugin[];
    let i = 0;
    try {
      for (; i < filters.length; i++) {
        const s = filters[i]!.filter(state, pod, nodeInfo);
        if (s !== null && s.code !== Code.Success) return this.filterFailure(filters[i]!, s);
      }
    } catch (err) {
      return asStatus(err).withPlugin(filters[i]!.name);
    }
    return null;
  }

  private filterFailure(pl: FilterPlugin, s: Status): Status {
    if (!s.isRejected()) return asStatus(new Error(`running "${pl.name}" filter plugin: ${s.message()}`)).withPlugin(pl.name);
    return s.withPlugin(pl.name);
  }

  /**
   * Filter with the pods nominated to this node that are at least as important as pod
   * counted as if already there; the node must pass both with and without them
   * (RunFilterPluginsWithNominatedPods), so a preemptor's room is not taken by others.
   */
  runFilterPluginsWithNominatedPods(state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): Status | null {
    const nominated = this.handle.nominator.nominatedPodsForNode(nodeInfo.name);
    if (nominated.length > 0) {
      // Nominated pods of at least the pod's priority count as if already on the node.
      let added = false;
      let stateWith = state;
      let infoWith = nodeInfo;
      for (const np of nominated) {
        if (np.priority < pod.priority || np.uid === pod.uid) continue;
        if (!added) {
          stateWith = state.clone();
          infoWith = nodeInfo.clone();
          added = true;
        }
        infoWith.addPodInfo(np);
        const s = this.runPreFilterExtensionAddPod(stateWith, pod, np, infoWith);
        if (s) return s;
      }
      if (added) {
        const s = this.runFilterPlugins(stateWith, pod, infoWith);
        if (s) return s;
      }
    }
    return this.runFilterPlugins(state, pod, nodeInfo);
  }

  runPreFilterExtensionAddPod(state: CycleState, pod: PodInfo, toAdd: PodInfo, nodeInfo: NodeInfo): Status | null {
    for (const pl of this.plugins.preFilter) {
      if (state.skipFilterPlugins.has(pl.name)) continue;
      const ext = pl.preFilterExtensions?.();
      if (!ext) continue;
      const s = ext.addPod(state, pod, toAdd, nodeInfo);
      if (s && !s.isSuccess()) return asStatus(new Error(`running AddPod on PreFilter plugin "${pl.name}": ${s.message()}`)).withPlugin(pl.name);
    }
    return null;
  }

  runPreFilterExtensionRemovePod(state: CycleState, pod: PodInfo, toRemove: PodInfo, nodeInfo: NodeInfo): Status | null {
    for (const pl of this.plugins.preFilter) {
      if (state.skipFilterPlugins.has(pl.name)) continue;
      const ext = pl.preFilterExtensions?.();
      if (!ext) continue;
      const s = ext.removePod(state, pod, toRemove, nodeInfo);
      if (s && !s.isSuccess()) return asStatus(new Error(`running RemovePod on PreFilter plugin "${pl.name}": ${s.message()}`)).withPlugin(pl.name);
    }
    return null;
  }

  /** PostFilter: the first plugin that makes room wins (RunPostFilterPlugins). */
  runPostFilterPlugins(state: CycleState, pod: PodInfo, statuses: NodeToStatus): PostFilterOutcome {
    let result: PostFilterOutcome['result'];
    const reasons: string[] = [];
    let rejector = '';
    for (const pl of this.plugins.postFilter) {
      let out: PostFilterOutcome;
      try {
        out = pl.postFilter(state, pod, statuses);
      } catch (err) {
        out = { status: asStatus(err) };
      }
      const s = out.status;
      if (!s || s.isSuccess()) return out;
      if (s.code === Code.UnschedulableAndUnresolvable) return { ...out, status: s.withPlugin(pl.name) };
      if (!s.isRejected()) return { status: asStatus(new Error(s.message())).withPlugin(pl.name) };
      if (out.result && out.result.mode !== 'Noop') result = out.result;
      reasons.push(...s.reasons);
      rejector ||= pl.name;
    }
    return { result, status: newStatus(Code.Unschedulable, ...reasons).withPlugin(rejector) };
  }

  runPreScorePlugins(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]): Status | null {
    const skip = new Set<string>();
    for (const pl of this.plugins.preScore) {
      let s: Status | null;
      try {
        s = pl.preScore(state, pod, nodes);
      } catch (err) {
        s = asStatus(err);
      }
      if (!s || s.isSuccess()) continue;
      if (s.isSkip()) {
        skip.add(pl.name);
        continue;
      }
      return asStatus(new Error(`running PreScore plugin "${pl.name}": ${s.message()}`)).withPlugin(pl.name);
    }
    state.skipScorePlugins = skip;
    return null;
  }

  /**
   * Score, NormalizeScore and weights (RunScorePlugins): each plugin scores every node,
   * normalises, and must land in [0, 100]; a node's total is Σ weight × normalised score.
   */
  runScorePlugins(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]): ScoreOutcome {
    const totals = new Float64Array(nodes.length);
    const out: PluginScores[] = [];
    for (const { plugin: pl, weight } of this.plugins.score) {
      if (state.skipScorePlugins.has(pl.name)) continue;
      // Sized up front: growing 500 scores by push reallocates half a dozen times per plugin.
      const raw = new Array<number>(nodes.length);
      for (let i = 0; i < nodes.length; i++) {
        let r: number | Status;
        try {
          r = pl.score(state, pod, nodes[i]!);
        } catch (err) {
          r = asStatus(err);
        }
        if (typeof r !== 'number') {
          return { totals, plugins: out, status: asStatus(new Error(`running Score plugin "${pl.name}": ${r.message()}`)).withPlugin(pl.name) };
        }
        raw[i] = r;
      }
      // Normalised in place on a copy; the raw scores stay for the decision record. Without
      // a normaliser the two are the same numbers, and neither changes afterwards: one array.
      const normalized = pl.normalizeScore ? raw.slice() : raw;
      if (pl.normalizeScore) {
        const s = pl.normalizeScore(state, pod, normalized, nodes);
        if (s && !s.isSuccess()) {
          return { totals, plugins: out, status: asStatus(new Error(`running Normalize on Score plugin "${pl.name}": ${s.message()}`)).withPlugin(pl.name) };
        }
      }
      for (let i = 0; i < nodes.length; i++) {
        const v = normalized[i]!;
        if (v > MAX_NODE_SCORE || v < MIN_NODE_SCORE) {
          const msg = `plugin "${pl.name}" returns an invalid score ${v}, it should in the range of [${MIN_NODE_SCORE}, ${MAX_NODE_SCORE}] after normalizing`;
          return { totals, plugins: out, status: asStatus(new Error(msg)).withPlugin(pl.name) };
        }
        totals[i] = totals[i]! + v * weight;
      }
      out.push({ plugin: pl.name, weight, raw, normalized });
    }
    return { totals, plugins: out, status: null };
  }

  runReservePluginsReserve(state: CycleState, pod: PodInfo, nodeName: string): Status | null {
    for (const pl of this.plugins.reserve) {
      const s = pl.reserve(state, pod, nodeName);
      if (s && !s.isSuccess()) {
        if (s.isRejected()) return s.withPlugin(pl.name);
        return asStatus(new Error(`running Reserve plugin "${pl.name}": ${s.message()}`)).withPlugin(pl.name);
      }
    }
    return null;
  }

  /** Unreserve, in reverse order (RunReservePluginsUnreserve). */
  runReservePluginsUnreserve(state: CycleState, pod: PodInfo, nodeName: string): void {
    for (let i = this.plugins.reserve.length - 1; i >= 0; i--) this.plugins.reserve[i]!.unreserve(state, pod, nodeName);
  }

  runPermitPlugins(state: CycleState, pod: PodInfo, nodeName: string): Status | null {
    for (const pl of this.plugins.permit) {
      const s = pl.permit(state, pod, nodeName);
      if (!s || s.isSuccess()) continue;
      if (s.isRejected()) return s.withPlugin(pl.name);
      if (s.code === Code.Wait) return asStatus(new Error(`plugin "${pl.name}" asked to wait at Permit, which kubelab does not support`)).withPlugin(pl.name);
      return asStatus(new Error(`running Permit plugin "${pl.name}": ${s.message()}`)).withPlugin(pl.name);
    }
    return null;
  }

  async runPreBindPlugins(state: CycleState, pod: PodInfo, nodeName: string): Promise<Status | null> {
    for (const pl of this.plugins.preBind) {
      let s: Status | null;
      try {
        s = await pl.preBind(state, pod, nodeName);
      } catch (err) {
        s = asStatus(err);
      }
      if (s && !s.isSuccess()) {
        if (s.isRejected()) return s.withPlugin(pl.name);
        return asStatus(new Error(`running PreBind plugin "${pl.name}": ${s.message()}`)).withPlugin(pl.name);
      }
    }
    return null;
  }

  async runBindPlugins(state: CycleState, pod: PodInfo, nodeName: string): Promise<Status | null> {
    if (this.plugins.bind.length === 0) return newStatus(Code.Skip);
    let last: Status | null = null;
    for (const pl of this.plugins.bind) {
      let s: Status | null;
      try {
        s = await pl.bind(state, pod, nodeName);
      } catch (err) {
        s = asStatus(err);
      }
      if (s && s.isSkip()) {
        last = s;
        continue;
      }
      if (s && !s.isSuccess()) {
        if (s.isRejected()) return s.withPlugin(pl.name);
        return asStatus(new Error(`binding "${pod.key}" to "${nodeName}": ${s.message()}`)).withPlugin(pl.name);
      }
      return null;
    }
    return last;
  }

  runPostBindPlugins(state: CycleState, pod: PodInfo, nodeName: string): void {
    for (const pl of this.plugins.postBind) pl.postBind(state, pod, nodeName);
  }
}

