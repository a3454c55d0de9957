/**
 * The resource-allocation scorers shared by NodeResourcesFit and
 * NodeResourcesBalancedAllocation (noderesources/resource_allocation.go and friends). For
 * each configured resource, a node contributes (requested after placing the pod, allocatable);
 * resources the node does not have (allocatable 0) are left out.
 *
 *   LeastAllocated            Σ w × (alloc − req) × 100 / alloc  ÷ Σ w       (spread; the default)
 *   MostAllocated             Σ w × min(req, alloc) × 100 / alloc ÷ Σ w      (bin-pack)
 *   RequestedToCapacityRatio  a broken-line function of utilisation, shape points scaled ×10
 *   Balanced                  (1 − std of the req/alloc fractions) × 100
 *
 * Fit scores with the non-zero requests (100m / 200 MiB for containers asking for nothing);
 * BalancedAllocation with the actual requests. All arithmetic is integer, as upstream's int64.
 */
import type { NodeInfo } from '../../framework/node-info.js';
import type { PodInfo } from '../../framework/pod-info.js';
import {
  RESOURCE_CPU,
  RESOURCE_EPHEMERAL_STORAGE,
  RESOURCE_MEMORY,
  isScalarResourceName,
} from '../../framework/resource.js';
import { MAX_NODE_SCORE } from '../../framework/status.js';

export interface ResourceSpec {
  name: string;
  weight: number;
}

export interface UtilizationShapePoint {
  utilization: number;
  score: number;
}

/** Scores the first n entries of requested/allocatable (n ≤ their length). */
export type Scorer = (requested: ArrayLike<number>, allocatable: ArrayLike<number>, n: number) => number;

export const MAX_UTILIZATION = 100;
export const MAX_CUSTOM_PRIORITY_SCORE = 10;

export const DEFAULT_RESOURCES: ResourceSpec[] = [
  { name: RESOURCE_CPU, weight: 1 },
  { name: RESOURCE_MEMORY, weight: 1 },
];

/** The pod's request for each resource: non-zero defaults unless useRequested. */
export function podRequestList(pod: PodInfo, resources: readonly ResourceSpec[], useRequested: boolean): number[] {
  return resources.map((r) => {
    if (!useRequested && r.name === RESOURCE_CPU) return pod.nonZeroCPU;
    if (!useRequested && r.name === RESOURCE_MEMORY) return pod.nonZeroMemory;
    return pod.requests.get(r.name);
  });
}

/** (allocatable, requested + pod) for one resource on the node, or (0, 0) to leave it out. */
function allocatableAndRequested(nodeInfo: NodeInfo, name: string, podRequest: number, useRequested: boolean): [number, number] {
  if (podRequest === 0 && isScalarResourceName(name)) return [0, 0];
  switch (name) {
    case RESOURCE_CPU:
      return [nodeInfo.allocatable.milliCPU, (useRequested ? nodeInfo.requested.milliCPU : nodeInfo.nonZeroCPU) + podRequest];
    case RESOURCE_MEMORY:
      return [nodeInfo.allocatable.memory, (useRequested ? nodeInfo.requested.memory : nodeInfo.nonZeroMemory) + podRequest];
    case RESOURCE_EPHEMERAL_STORAGE:
      return [nodeInfo.allocatable.ephemeralStorage, nodeInfo.requested.ephemeralStorage + podRequest];
    default: {
      const alloc = nodeInfo.allocatable.scalar?.get(name);
      if (alloc === undefined) return [0, 0];
      return [alloc, (nodeInfo.requested.scalar?.get(name) ?? 0) + podRequest];
    }
  }
}

const KIND_CPU = 0;
const KIND_MEMORY = 1;
const KIND_OTHER = 2;

/**
 * Scores nodes on a list of resources with one scorer (resourceAllocationScorer). The
 * resource names are resolved once; one node's figures go into scratch arrays reused for
 * every node (scoring is synchronous).
 */
export class ResourceAllocationScorer {
  private readonly kinds: Uint8Array;
  private readonly requested: Float64Array;
  private readonly allocatable: Float64Array;

  constructor(
    readonly resources: readonly ResourceSpec[],
    private readonly useRequested: boolean,
    private readonly scorer: Scorer,
  ) {
    this.kinds = Uint8Array.from(resources, (r) => (r.name === RESOURCE_CPU ? KIND_CPU : r.name === RESOURCE_MEMORY ? KIND_MEMORY : KIND_OTHER));
    this.requested = new Float64Array(resources.length);
    this.allocatable = new Float64Array(resources.length);
  }

  score(nodeInfo: NodeInfo, podRequests: readonly number[]): number {
    const n = this.kinds.length;
    const requested = this.requested;
    const allocatable = this.allocatable;
    for (let i = 0; i < n; i++) {
      const podRequest = podRequests[i]!;
      let alloc: number;
      let req: number;
      switch (this.kinds[i]) {
        case KIND_CPU:
          alloc = nodeInfo.allocatable.milliCPU;
          req = (this.useRequested ? nodeInfo.requested.milliCPU : nodeInfo.nonZeroCPU) + podRequest;
          break;
        case KIND_MEMORY:
          alloc = nodeInfo.allocatable.memory;
          req = (this.useRequested ? nodeInfo.requested.memory : nodeInfo.nonZeroMemory) + podRequest;
          break;
        default:
          [alloc, req] = allocatableAndRequested(nodeInfo, this.resources[i]!.name, podRequest, this.useRequested);
      }
      // Resources the node does not have are left out (allocatable 0).
      allocatable[i] = alloc;
      requested[i] = alloc === 0 ? 0 : req;
    }
    return this.scorer(requested, allocatable, n);
  }
}

/** Scores a node with scorer over resources (resourceAllocationScorer.score), one-off. */
export function scoreResourceAllocation(
  nodeInfo: NodeInfo,
  resources: readonly ResourceSpec[],
  podRequests: readonly number[],
  useRequested: boolean,
  scorer: Scorer,
): number {
  return new ResourceAllocationScorer(resources, useRequested, scorer).score(nodeInfo, podRequests);
}

function weighted(resources: readonly ResourceSpec[], perResource: (req: number, alloc: number) => number, round: boolean, skipZero: boolean): Scorer {
  return (requested, allocatable, n) => {
    let nodeScore = 0;
    let weightSum = 0;
    for (let i = 0; i < n; i++) {
      if (allocatable[i] === 0) continue;
      const w = resources[i]!.weight;
      const s = perResource(requested[i]!, allocatable[i]!);
      if (skipZero && s <= 0) continue;
      nodeScore += s * w;
      weightSum += w;
    }
    if (weightSum === 0) return 0;
    return round ? Math.round(nodeScore / weightSum) : Math.trunc(nodeScore / weightSum);
  };
}

export function leastAllocatedScorer(resources: readonly ResourceSpec[]): Scorer {
  return weighted(
    resources,
    (req, cap) => (cap === 0 || req > cap ? 0 : Math.trunc(((cap - req) * MAX_NODE_SCORE) / cap)),
    false,
    false,
  );
}

export function mostAllocatedScorer(resources: readonly ResourceSpec[]): Scorer {
  // requested may exceed capacity: pods without requests count the non-zero defaults.
  return weighted(resources, (req, cap) => (cap === 0 ? 0 : Math.trunc((Math.min(req, cap) * MAX_NODE_SCORE) / cap)), false, false);
}

/** A piecewise-linear function through the points (helper.BuildBrokenLinearFunction). */
export function brokenLinearFunction(shape: readonly UtilizationShapePoint[]): (p: number) => number {
  return (p) => {
    for (let i = 0; i < shape.length; i++) {
      const pt = shape[i]!;
      if (p <= pt.utilization) {
        if (i === 0) return shape[0]!.score;
        const prev = shape[i - 1]!;
        return prev.score + Math.trunc(((pt.score - prev.score) * (p - prev.utilization)) / (pt.utilization - prev.utilization));
      }
    }
    return shape[shape.length - 1]!.score;
  };
}

export function requestedToCapacityRatioScorer(resources: readonly ResourceSpec[], shape: readonly UtilizationShapePoint[]): Scorer {
  const scaled = shape.map((p) => ({ utilization: p.utilization, score: p.score * (MAX_NODE_SCORE / MAX_CUSTOM_PRIORITY_SCORE) }));
  const f = brokenLinearFunction(scaled);
  return weighted(
    resources,
    (req, cap) => (cap === 0 || req > cap ? f(MAX_UTILIZATION) : f(Math.trunc((req * MAX_UTILIZATION) / cap))),
    true,
    true,
  );
}

export function balancedResourceScorer(requested: ArrayLike<number>, allocatable: ArrayLike<number>, n: number): number {
  // Two resources (cpu, memory) is the common case: no list needed.
  let count = 0;
  let total = 0;
  let f0 = 0;
  let f1 = 0;
  for (let i = 0; i < n; i++) {
    if (allocatable[i] === 0) continue;
    const f = Math.min(requested[i]! / allocatable[i]!, 1);
    if (count === 0) f0 = f;
    else if (count === 1) f1 = f;
    total += f;
    count++;
  }
  let std = 0;
  if (count === 2) {
    std = Math.abs((f0 - f1) / 2);
  } else if (count > 2) {
    const mean = total / count;
    let sum = 0;
    for (let i = 0; i < n; i++) {
      if (allocatable[i] === 0) continue;
      const f = Math.min(requested[i]! / allocatable[i]!, 1);
      sum += (f - mean) * (f - mean);
    }
    std = Math.sqrt(sum / count);
  }
  return Math.trunc((1 - std) * MAX_NODE_SCORE);
}
