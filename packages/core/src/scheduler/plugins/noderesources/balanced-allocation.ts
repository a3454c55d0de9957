/**
 * NodeResourcesBalancedAllocation (Score): prefer nodes whose cpu and memory would be used in
 * equal proportion after placing the pod — score (1 − std of requested/allocatable fractions)
 * × 100, over the actual requests (not the non-zero defaults).
 *
 *   node 4 cores / 8 GiB, pods request 2 cores / 2 GiB → fractions 0.5, 0.25 → std 0.125 → 87
 */
import { type CycleState, ImmutableState, StateKey } from '../../framework/cycle-state.js';
import type { PreScorePlugin, ScorePlugin } from '../../framework/interface.js';
import type { NodeInfo } from '../../framework/node-info.js';
import type { PodInfo } from '../../framework/pod-info.js';
import type { Status } from '../../framework/status.js';
import { Names } from '../names.js';
import { DEFAULT_RESOURCES, ResourceAllocationScorer, type ResourceSpec, balancedResourceScorer, podRequestList } from './resource-allocation.js';

export interface NodeResourcesBalancedAllocationArgs {
  resources?: ResourceSpec[];
}

class PreScoreState extends ImmutableState {
  constructor(readonly podRequests: number[]) {
    super();
  }
}

const PRE_SCORE = new StateKey<PreScoreState>(`PreScore${Names.NodeResourcesBalancedAllocation}`);

export class BalancedAllocation implements PreScorePlugin, ScorePlugin {
  readonly name = Names.NodeResourcesBalancedAllocation;
  readonly resources: ResourceSpec[];
  private readonly scorer: ResourceAllocationScorer;

  constructor(args: NodeResourcesBalancedAllocationArgs = {}) {
    this.resources = args.resources ?? DEFAULT_RESOURCES;
    // The actual requests, not the non-zero defaults (useRequested true).
    this.scorer = new ResourceAllocationScorer(this.resources, true, balancedResourceScorer);
  }

  preScore(state: CycleState, pod: PodInfo): Status | null {
    state.write(PRE_SCORE, new PreScoreState(podRequestList(pod, this.resources, true)));
    return null;
  }

  score(state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): number {
    const reqs = state.read(PRE_SCORE)?.podRequests ?? podRequestList(pod, this.resources, true);
    return this.scorer.score(nodeInfo, reqs);
  }
}
