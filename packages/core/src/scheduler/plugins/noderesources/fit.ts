/**
 * NodeResourcesFit.
 *
 * Filter: the node must have room for the pod's request (init containers, sidecars and
 * overhead included, see framework/resource.ts) on top of what its pods already request,
 * and a free pod slot. Each shortfall is a reason — "Too many pods", "Insufficient cpu",
 * "Insufficient memory", "Insufficient ephemeral-storage", "Insufficient example.com/gpu" —
 * Unschedulable (preemption may free room), or UnschedulableAndUnresolvable when the pod
 * asks for more than the node's whole allocatable.
 *
 * Score: the scoring strategy — LeastAllocated (default, cpu and memory weight 1),
 * MostAllocated or RequestedToCapacityRatio — over the non-zero requests.
 */
import type { Node } from '../../api/types.js';
import { type CycleState, ImmutableState, StateKey } from '../../framework/cycle-state.js';
import { ActionType, type ClusterEventWithHint } from '../../framework/events.js';
import type { EnqueueExtensions, FilterPlugin, PreFilterPlugin, PreScorePlugin, ScorePlugin } from '../../framework/interface.js';
import type { NodeInfo } from '../../framework/node-info.js';
import type { PodInfo } from '../../framework/pod-info.js';
import { Resource, isExtendedResourceName } from '../../framework/resource.js';
import { Code, type Status, newStatus } from '../../framework/status.js';
import { Names } from '../names.js';
import {
  DEFAULT_RESOURCES,
  ResourceAllocationScorer,
  type ResourceSpec,
  type Scorer,
  type UtilizationShapePoint,
  leastAllocatedScorer,
  mostAllocatedScorer,
  podRequestList,
  requestedToCapacityRatioScorer,
} from './resource-allocation.js';

export type ScoringStrategyType = 'LeastAllocated' | 'MostAllocated' | 'RequestedToCapacityRatio';

export interface NodeResourcesFitArgs {
  ignoredResources?: string[];
  ignoredResourceGroups?: string[];
  scoringStrategy?: {
    type?: ScoringStrategyType;
    resources?: ResourceSpec[];
    requestedToCapacityRatio?: { shape?: UtilizationShapePoint[] };
  };
}

export interface InsufficientResource {
  resourceName: string;
  reason: string;
  requested: number;
  used: number;
  capacity: number;
  /** The pod asks for more than the node's allocatable: no eviction can make room. */
  unresolvable: boolean;
}

class PreScoreState extends ImmutableState {
  constructor(readonly podRequests: number[]) {
    super();
  }
}

const PRE_SCORE = new StateKey<PreScoreState>(`PreScore${Names.NodeResourcesFit}`);

export class Fit implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin, EnqueueExtensions {
  readonly name = Names.NodeResourcesFit;
  private readonly ignoredResources: Set<string>;
  private readonly ignoredResourceGroups: Set<string>;
  readonly resources: ResourceSpec[];
  private readonly scorer: ResourceAllocationScorer;

  constructor(args: NodeResourcesFitArgs = {}) {
    this.ignoredResources = new Set(args.ignoredResources ?? []);
    this.ignoredResourceGroups = new Set(args.ignoredResourceGroups ?? []);
    const strategy = args.scoringStrategy ?? {};
    this.resources = strategy.resources ?? DEFAULT_RESOURCES;
    let scorer: Scorer;
    switch (strategy.type ?? 'LeastAllocated') {
      case 'LeastAllocated':
        scorer = leastAllocatedScorer(this.resources);
        break;
      case 'MostAllocated':
        scorer = mostAllocatedScorer(this.resources);
        break;
      case 'RequestedToCapacityRatio':
        scorer = requestedToCapacityRatioScorer(this.resources, strategy.requestedToCapacityRatio?.shape ?? []);
        break;
      default:
        throw new Error(`scoring strategy ${String(strategy.type)} is not supported`);
    }
    // Scores use the non-zero requests (useRequested false).
    this.scorer = new ResourceAllocationScorer(this.resources, false, scorer);
  }

  /** Nothing to precompute: PodInfo carries the request. */
  preFilter(): Status | null {
    return null;
  }

  filter(_state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): Status | null {
    // The common case — room for everything — without building a list.
    const req = pod.requests;
    const alloc = nodeInfo.allocatable;
    const used = nodeInfo.requested;
    if (
      nodeInfo.pods.length + 1 <= alloc.allowedPodNumber &&
      req.milliCPU <= alloc.milliCPU - used.milliCPU &&
      req.memory <= alloc.memory - used.memory &&
      req.ephemeralStorage <= alloc.ephemeralStorage - used.ephemeralStorage &&
      !req.scalar
    ) {
      return null;
    }
    const insufficient = this.fitsRequest(req, nodeInfo);
    if (insufficient.length === 0) return null;
    const code = insufficient.some((r) => r.unresolvable) ? Code.UnschedulableAndUnresolvable : Code.Unschedulable;
    return newStatus(code, ...insufficient.map((r) => r.reason));
  }

  /** The shortfalls of placing a pod with podRequest on the node (fitsRequest). */
  fitsRequest(podRequest: Resource, nodeInfo: NodeInfo): InsufficientResource[] {
    const out: InsufficientResource[] = [];
    const alloc = nodeInfo.allocatable;
    const used = nodeInfo.requested;
    if (nodeInfo.pods.length + 1 > alloc.allowedPodNumber) {
      out.push({ resourceName: 'pods', reason: 'Too many pods', requested: 1, used: nodeInfo.pods.length, capacity: alloc.allowedPodNumber, unresolvable: false });
    }
    if (podRequest.isZero()) return out;
    const check = (name: string, reason: string, req: number, have: number, usedNow: number) => {
      if (req > 0 && req > have - usedNow) out.push({ resourceName: name, reason, requested: req, used: usedNow, capacity: have, unresolvable: req > have });
    };
    check('cpu', 'Insufficient cpu', podRequest.milliCPU, alloc.milliCPU, used.milliCPU);
    check('memory', 'Insufficient memory', podRequest.memory, alloc.memory, used.memory);
    check('ephemeral-storage', 'Insufficient ephemeral-storage', podRequest.ephemeralStorage, alloc.ephemeralStorage, used.ephemeralStorage);
    if (podRequest.scalar) {
      for (const [name, q] of podRequest.scalar) {
        if (isExtendedResourceName(name)) {
          if (this.ignoredResources.has(name)) continue;
          const group = name.split('/')[0]!;
          if (this.ignoredResourceGroups.has(group)) continue;
        }
        check(name, `Insufficient ${name}`, q, alloc.scalar?.get(name) ?? 0, used.scalar?.get(name) ?? 0);
      }
    }
    return out;
  }

  preScore(state: CycleState, pod: PodInfo): Status | null {
    state.write(PRE_SCORE, new PreScoreState(podRequestList(pod, this.resources, false)));
    return null;
  }

  score(state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): number {
    const reqs = state.read(PRE_SCORE)?.podRequests ?? podRequestList(pod, this.resources, false);
    return this.scorer.score(nodeInfo, reqs);
  }

  eventsToRegister(): ClusterEventWithHint[] {
    return [
      { event: { resource: 'AssignedPod', actionType: ActionType.Delete | ActionType.UpdatePodScaleDown } },
      {
        event: { resource: 'Node', actionType: ActionType.Add | ActionType.UpdateNodeAllocatable | ActionType.UpdateNodeTaint | ActionType.UpdateNodeLabel },
        // Retry only when the node could hold the pod at all (its allocatable covers the request).
        hint: (pod, _old, obj) => {
          const node = obj as Node | undefined;
          if (!node) return 'QueueSkip';
          const req = new Resource();
          for (const c of pod.spec?.containers ?? []) req.addList(c.resources?.requests);
          const alloc = Resource.from(node.status?.allocatable);
          return req.milliCPU <= alloc.milliCPU && req.memory <= alloc.memory ? 'Queue' : 'QueueSkip';
        },
      },
    ];
  }
}
