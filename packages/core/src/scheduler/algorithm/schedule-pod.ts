/**
 * The scheduling algorithm of one cycle (pkg/scheduler/schedule_one.go schedulePod):
 *
 *   1. PreFilter; a rejection here fails the pod on every node at once.
 *   2. If the pod carries a nominatedNodeName (left by an earlier preemption), try that
 *      node alone first.
 *   3. Filter the nodes, starting where the previous cycle stopped, until enough feasible
 *      nodes are found (numFeasibleNodesToFind: all nodes below 100, else an adaptive
 *      percentage — 50% − nodes/125, at least 5% and at least 100 nodes; at 5,000 nodes, 500).
 *   4. One feasible node: take it. Several: PreScore, Score, NormalizeScore, weights; the
 *      highest total wins, ties broken uniformly at random (reservoir sampling), or with
 *      --seed by a function of the seed, the pod and the tied nodes' names (tie-break.ts).
 *
 * Everything here is synchronous and reads one snapshot.
 */
import type { CycleState } from '../framework/cycle-state.js';
import { type Diagnosis, FitError, addPluginStatus, newDiagnosis } from '../framework/fit-error.js';
import type { Framework, PluginScores, PreFilterOutcome } from '../framework/framework.js';
import type { NodeInfo } from '../framework/node-info.js';
import type { PodInfo } from '../framework/pod-info.js';
import type { NodeInfoLister } from '../framework/snapshot.js';
import { Code, type Status, newStatus } from '../framework/status.js';
import { type Random, randomInt } from './random.js';
import type { SeededTieBreak } from './tie-break.js';

export const MIN_FEASIBLE_NODES_TO_FIND = 100;
export const MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND = 5;

/** What one cycle found; also the raw material of the decision record. */
export interface CycleOutcome {
  /** The chosen node; undefined when the pod fits nowhere or an error occurred. */
  suggestedHost?: string;
  fitError?: FitError;
  /** An error (not a rejection) that ended the cycle. */
  error?: Status;
  /** No node exists at all (ErrNoNodesAvailable). */
  noNodes?: boolean;
  diagnosis: Diagnosis;
  preFilter?: PreFilterOutcome;
  /** Filter plugins that ran (PreFilter Skip removes some). */
  filterPlugins: string[];
  /** The nominated node tried first, if any. */
  nominatedNode?: string;
  feasibleNodes: NodeInfo[];
  /** Nodes the Filter stage looked at (feasible + rejected). */
  evaluatedNodes: number;
  totalNodes: number;
  scores?: { plugins: PluginScores[]; totals: Float64Array; nodes: readonly NodeInfo[] };
}

export interface SchedulingAlgorithmOptions {
  /** KubeSchedulerConfiguration.percentageOfNodesToScore (0: adaptive). */
  percentageOfNodesToScore?: number;
  random: Random;
  /** With --seed: reproducible tie-breaking that depends on nothing but the pod and the ties. */
  tieBreak?: SeededTieBreak;
}

export class SchedulingAlgorithm {
  /** Where the next cycle starts filtering, so every node gets its turn. */
  nextStartNodeIndex = 0;

  constructor(private readonly options: SchedulingAlgorithmOptions) {}

  schedulePod(fwk: Framework, state: CycleState, pod: PodInfo, snapshot: NodeInfoLister): CycleOutcome {
    const allNodes = snapshot.list();
    const out: CycleOutcome = { diagnosis: newDiagnosis(), filterPlugins: [], feasibleNodes: [], evaluatedNodes: 0, totalNodes: allNodes.length };
    if (allNodes.length === 0) {
      out.noNodes = true;
      return out;
    }
    if (pod.parseError) {
      out.error = newStatus(Code.Error, pod.parseError);
      return out;
    }
    const feasible = this.findNodesThatFitPod(fwk, state, pod, snapshot, out);
    if (out.error) return out;
    out.feasibleNodes = feasible;
    if (feasible.length === 0) {
      out.fitError = new FitError(pod, allNodes.length, out.diagnosis, allNodes.map((n) => n.name));
      return out;
    }
    if (feasible.length === 1) {
      out.suggestedHost = feasible[0]!.name;
      return out;
    }
    const totals = this.prioritizeNodes(fwk, state, pod, feasible, out);
    if (!totals) return out;
    out.suggestedHost = feasible[this.options.tieBreak ? this.selectHostSeeded(totals, feasible, pod) : this.selectHost(totals)]!.name;
    return out;
  }

  /** How many feasible nodes are enough (numFeasibleNodesToFind). */
  numFeasibleNodesToFind(percentageOfNodesToScore: number | undefined, numAllNodes: number): number {
    if (numAllNodes < MIN_FEASIBLE_NODES_TO_FIND) return numAllNodes;
    let percentage = percentageOfNodesToScore ?? this.options.percentageOfNodesToScore ?? 0;
    if (percentage === 0) {
      percentage = Math.max(50 - Math.trunc(numAllNodes / 125), MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND);
    }
    const n = Math.trunc((numAllNodes * percentage) / 100);
    return n < MIN_FEASIBLE_NODES_TO_FIND ? MIN_FEASIBLE_NODES_TO_FIND : n;
  }

  private findNodesThatFitPod(fwk: Framework, state: CycleState, pod: PodInfo, snapshot: NodeInfoLister, out: CycleOutcome): NodeInfo[] {
    const d = out.diagnosis;
    const allNodes = snapshot.list();
    const pre = fwk.runPreFilterPlugins(state, pod, allNodes);
    out.preFilter = pre;
    for (const p of pre.unschedulablePlugins) d.unschedulablePlugins.add(p);
    out.filterPlugins = fwk.plugins.filter.map((p) => p.name).filter((n) => !state.skipFilterPlugins.has(n));
    if (pre.status && !pre.status.isSuccess()) {
      if (!pre.status.isRejected()) {
        out.error = pre.status;
        return [];
      }
      // Every node gets the PreFilter status, so preemption sees it too.
      d.nodeToStatus.absentNodesStatus = pre.status;
      d.preFilterMsg = pre.status.message();
      addPluginStatus(d, pre.status);
      return [];
    }
    const nominated = pod.pod.status?.nominatedNodeName;
    if (nominated) {
      const info = snapshot.get(nominated);
      if (info) {
        out.nominatedNode = nominated;
        const feasible = this.findNodesThatPassFilters(fwk, state, pod, d, [info], out);
        if (out.error) return [];
        if (feasible.length > 0) return feasible;
      }
    }
    let nodes: readonly NodeInfo[] = allNodes;
    if (pre.result) {
      nodes = allNodes.filter((n) => pre.result!.nodeNames.has(n.name));
      const plugins = pre.verdicts.filter((v) => v.status === null).map((v) => v.plugin);
      d.nodeToStatus.absentNodesStatus = newStatus(Code.UnschedulableAndUnresolvable, `node(s) didn't satisfy plugin(s) [${plugins.join(' ')}]`);
    }
    const feasible = this.findNodesThatPassFilters(fwk, state, pod, d, nodes, out);
    // Always move the start on, errors included, so every node gets searched in turn.
    const processed = feasible.length + d.nodeToStatus.size;
    this.nextStartNodeIndex = (this.nextStartNodeIndex + processed) % allNodes.length;
    return out.error ? [] : feasible;
  }

  private findNodesThatPassFilters(fwk: Framework, state: CycleState, pod: PodInfo, d: Diagnosis, nodes: readonly NodeInfo[], out: CycleOutcome): NodeInfo[] {
    const numAll = nodes.length;
    let numToFind = this.numFeasibleNodesToFind(fwk.percentageOfNodesToScore, numAll);
    if (!fwk.hasScorePlugins()) numToFind = 1;
    const feasible: NodeInfo[] = [];
    if (!fwk.hasFilterPlugins()) {
      for (let i = 0; i < Math.min(numToFind, numAll); i++) feasible.push(nodes[(this.nextStartNodeIndex + i) % numAll]!);
      out.evaluatedNodes += feasible.length;
      return feasible;
    }
    let evaluated = 0;
    for (let i = 0; i < numAll && feasible.length < numToFind; i++) {
      const info = nodes[(this.nextStartNodeIndex + i) % numAll]!;
      evaluated++;
      const s = fwk.runFilterPluginsWithNominatedPods(state, pod, info);
      if (s === null || s.isSuccess()) {
        feasible.push(info);
        continue;
      }
      if (s.code === Code.Error) {
        out.error = s;
        break;
      }
      d.nodeToStatus.set(info.name, s);
      addPluginStatus(d, s);
    }
    out.evaluatedNodes += evaluated;
    return feasible;
  }

  private prioritizeNodes(fwk: Framework, state: CycleState, pod: PodInfo, nodes: NodeInfo[], out: CycleOutcome): Float64Array | undefined {
    if (!fwk.hasScorePlugins()) return new Float64Array(nodes.length).fill(1);
    const pre = fwk.runPreScorePlugins(state, pod, nodes);
    if (pre) {
      out.error = pre;
      return undefined;
    }
    const scored = fwk.runScorePlugins(state, pod, nodes);
    out.scores = { plugins: scored.plugins, totals: scored.totals, nodes };
    if (scored.status) {
      out.error = scored.status;
      return undefined;
    }
    return scored.totals;
  }

  /** The index of a top-scoring node, chosen among ties by the seeded tie-break. */
  selectHostSeeded(totals: Float64Array, nodes: readonly NodeInfo[], pod: PodInfo): number {
    let max = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < totals.length; i++) if (totals[i]! > max) max = totals[i]!;
    const tied: number[] = [];
    for (let i = 0; i < totals.length; i++) if (totals[i] === max) tied.push(i);
    if (tied.length === 1) return tied[0]!;
    return tied[this.options.tieBreak!.choose(pod, tied.map((i) => nodes[i]!.name))]!;
  }

  /** The index of a top-scoring node, uniformly at random among ties (selectHost). */
  selectHost(totals: Float64Array): number {
    let best = 0;
    let ties = 1;
    for (let i = 1; i < totals.length; i++) {
      const t = totals[i]!;
      const b = totals[best]!;
      if (t > b) {
        best = i;
        ties = 1;
      } else if (t === b) {
        ties++;
        if (randomInt(this.options.random, ties) === 0) best = i;
      }
    }
    return best;
  }
}

