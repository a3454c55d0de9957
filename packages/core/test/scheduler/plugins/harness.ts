/**
 * Running one plugin the way the framework would for a single pod: PreFilter (a Skip means
 * Filter is not called), then Filter on a node; PreScore, Score and NormalizeScore over nodes.
 */
import { CycleState } from '../../../src/scheduler/framework/cycle-state.js';
import type { FilterPlugin, PreFilterPlugin, PreScorePlugin, ScorePlugin } from '../../../src/scheduler/framework/interface.js';
import { PreFilterResult } from '../../../src/scheduler/framework/interface.js';
import type { NodeInfo } from '../../../src/scheduler/framework/node-info.js';
import { PodInfo } from '../../../src/scheduler/framework/pod-info.js';
import type { Status } from '../../../src/scheduler/framework/status.js';
import type { Pod } from '../../../src/scheduler/api/types.js';
import { verdict } from '../builders.js';

type AnyPlugin = Partial<PreFilterPlugin & FilterPlugin & PreScorePlugin & ScorePlugin> & { name: string };

/** The plugin's verdict on the node, as a string ("Success", "Unschedulable: Insufficient cpu"). */
export function filterVerdict(plugin: AnyPlugin, p: Pod, info: NodeInfo, allNodes: readonly NodeInfo[] = [info]): string {
  const state = new CycleState();
  const pi = new PodInfo(p);
  if (plugin.preFilter) {
    const r = plugin.preFilter(state, pi, allNodes);
    if (r instanceof PreFilterResult) {
      if (!r.nodeNames.has(info.name)) return 'not in PreFilterResult';
    } else if (r && r.code === 5) {
      return 'Success';
    } else if (r && r.code !== 0) {
      return `PreFilter ${verdict(r)}`;
    }
  }
  return verdict(plugin.filter!(state, pi, info));
}

/** Raw and normalised scores of the nodes, in order. */
export function scores(plugin: AnyPlugin, p: Pod, nodes: readonly NodeInfo[]): { raw: number[]; normalized: number[]; skipped?: boolean; status?: Status } {
  const state = new CycleState();
  const pi = new PodInfo(p);
  if (plugin.preFilter) plugin.preFilter(state, pi, nodes);
  if (plugin.preScore) {
    const s = plugin.preScore(state, pi, nodes);
    if (s && s.code === 5) return { raw: [], normalized: [], skipped: true };
    if (s) return { raw: [], normalized: [], status: s };
  }
  const raw = nodes.map((n) => {
    const r = plugin.score!(state, pi, n);
    if (typeof r !== 'number') throw new Error(r.message());
    return r;
  });
  const normalized = [...raw];
  plugin.normalizeScore?.(state, pi, normalized, nodes);
  return { raw, normalized };
}
