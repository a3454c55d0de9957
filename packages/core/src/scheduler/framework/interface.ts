/**
 * The scheduling framework's extension points (k8s.io/kube-scheduler/framework/interface.go).
 * A plugin is an object with a name that implements only the extension points it needs:
 *
 *   queue       PreEnqueue, QueueSort
 *   scheduling  PreFilter (+ AddPod/RemovePod extensions), Filter, PostFilter,
 *   cycle       PreScore, Score (+ NormalizeScore), Reserve, Permit
 *   binding     PreBind, Bind, PostBind
 *
 * The scheduling cycle is synchronous: everything up to Permit runs without yielding, over
 * one snapshot. The binding cycle is asynchronous (API calls). Expected failures are
 * Statuses with user-facing reasons; `null` is Success.
 */
import type { Clock } from '../../clock.js';
import type { KubeObject } from '../../api/meta.js';
import type {
  Namespace,
  PersistentVolume,
  PersistentVolumeClaim,
  Pod,
  PodDisruptionBudget,
  Service,
  StorageClass,
  WorkloadWithSelector,
} from '../api/types.js';
import type { CycleState } from './cycle-state.js';
import type { ClusterEventWithHint } from './events.js';
import type { NodeToStatus } from './fit-error.js';
import type { NodeInfo } from './node-info.js';
import type { PodInfo } from './pod-info.js';
import type { NodeInfoLister } from './snapshot.js';
import type { Status } from './status.js';

export interface Plugin {
  readonly name: string;
}

/** A pod in the scheduling queue (framework.QueuedPodInfo). */
export interface QueuedPodInfo {
  podInfo: PodInfo;
  /** When the pod was (last) added to the queue, ms. */
  timestamp: number;
  /** Scheduling attempts so far. */
  attempts: number;
  /** When the pod was first popped, ms. */
  initialAttemptTimestamp?: number;
  /** Plugins that rejected the pod in its last attempt: only their events move it back. */
  unschedulablePlugins: Set<string>;
  /** Plugins that answered Pending (PreEnqueue or a Pending status). */
  pendingPlugins: Set<string>;
  /** PreEnqueue held the pod back (scheduling gates). */
  gated: boolean;
  /** The last attempt failed with an error (not a rejection): retry after backoff whatever happens. */
  failedWithError?: boolean;
}

export interface PreEnqueuePlugin extends Plugin {
  preEnqueue(pod: Pod): Status | null;
}

export interface QueueSortPlugin extends Plugin {
  /** a goes before b. */
  less(a: QueuedPodInfo, b: QueuedPodInfo): boolean;
}

/**
 * What PreFilter may narrow the search to (framework.PreFilterResult): only these nodes
 * can host the pod. Results of several plugins intersect.
 */
export class PreFilterResult {
  constructor(readonly nodeNames: Set<string>) {}

  merge(other: PreFilterResult | undefined): PreFilterResult {
    if (!other) return this;
    return new PreFilterResult(new Set([...this.nodeNames].filter((n) => other.nodeNames.has(n))));
  }
}

export interface PreFilterExtensions {
  /** The cycle state as if podToAdd were on nodeInfo's node (nominated pods, preemption). */
  addPod(state: CycleState, podToSchedule: PodInfo, podInfoToAdd: PodInfo, nodeInfo: NodeInfo): Status | null;
  removePod(state: CycleState, podToSchedule: PodInfo, podInfoToRemove: PodInfo, nodeInfo: NodeInfo): Status | null;
}

export interface PreFilterPlugin extends Plugin {
  /** Success (null), a rejection or Skip; or a PreFilterResult narrowing the nodes. */
  preFilter(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]): Status | PreFilterResult | null;
  preFilterExtensions?(): PreFilterExtensions | undefined;
}

export interface FilterPlugin extends Plugin {
  filter(state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): Status | null;
}

export type NominatingMode = 'Noop' | 'Override';

export interface PostFilterResult {
  nominatedNodeName: string;
  mode: NominatingMode;
}

export interface PostFilterOutcome {
  result?: PostFilterResult;
  status: Status | null;
  /**
   * API work to finish before the nomination holds (preemption: mark and delete the
   * victims, clear lower-priority nominations). Runs after the synchronous part of the cycle;
   * a failure turns the outcome into that Error and drops the nomination.
   */
  prepare?: () => Promise<Status | null>;
}

export interface PostFilterPlugin extends Plugin {
  postFilter(state: CycleState, pod: PodInfo, statuses: NodeToStatus): PostFilterOutcome;
}

export interface PreScorePlugin extends Plugin {
  preScore(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]): Status | null;
}

export interface ScorePlugin extends Plugin {
  /** The node's raw score (or a failure). */
  score(state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): number | Status;
  /** Rescales the raw scores (same order as nodes) into [0, 100] in place. */
  normalizeScore?(state: CycleState, pod: PodInfo, scores: number[], nodes: readonly NodeInfo[]): Status | null;
}

export interface ReservePlugin extends Plugin {
  reserve(state: CycleState, pod: PodInfo, nodeName: string): Status | null;
  unreserve(state: CycleState, pod: PodInfo, nodeName: string): void;
}

export interface PermitPlugin extends Plugin {
  permit(state: CycleState, pod: PodInfo, nodeName: string): Status | null;
}

export interface PreBindPlugin extends Plugin {
  preBind(state: CycleState, pod: PodInfo, nodeName: string): Promise<Status | null>;
}

export interface BindPlugin extends Plugin {
  /** Skip: let the next bind plugin do it. */
  bind(state: CycleState, pod: PodInfo, nodeName: string): Promise<Status | null>;
}

export interface PostBindPlugin extends Plugin {
  postBind(state: CycleState, pod: PodInfo, nodeName: string): void;
}

export interface EnqueueExtensions {
  eventsToRegister(): ClusterEventWithHint[];
}

/** Reads of cluster state beyond nodes and pods (informer listers in the daemon). */
export interface ClusterListers {
  /** The latest version of a pod (the informer's). */
  pod(namespace: string, name: string): Pod | undefined;
  pdbs(): readonly PodDisruptionBudget[];
  services(namespace: string): readonly Service[];
  replicaSet(namespace: string, name: string): WorkloadWithSelector | undefined;
  statefulSet(namespace: string, name: string): WorkloadWithSelector | undefined;
  namespaces(): readonly Namespace[];
  persistentVolumeClaim(namespace: string, name: string): PersistentVolumeClaim | undefined;
  persistentVolume(name: string): PersistentVolume | undefined;
  persistentVolumes(): readonly PersistentVolume[];
  storageClass(name: string): StorageClass | undefined;
}

/** The API calls plugins make (the daemon implements them over its KubeClient). */
export interface SchedulerApi {
  /** POST pods/NAME/binding. */
  bind(pod: Pod, nodeName: string): Promise<void>;
  /** Adds the DisruptionTarget condition, then deletes the victim (preemption). */
  preemptPod(victim: Pod, preemptor: Pod, nodeName: string): Promise<void>;
  /** Clears status.nominatedNodeName. */
  clearNominatedNodeName(pod: Pod): Promise<void>;
  /** Writes a PersistentVolume (volume binding). */
  updatePersistentVolume(pv: PersistentVolume): Promise<PersistentVolume>;
  updatePersistentVolumeClaim(pvc: PersistentVolumeClaim): Promise<PersistentVolumeClaim>;
}

export interface PodNominator {
  /** Pods nominated to run on the node (by earlier preemption). */
  nominatedPodsForNode(nodeName: string): readonly PodInfo[];
}

export type EventType = 'Normal' | 'Warning';

/** What a plugin can reach (framework.Handle). */
export interface Handle {
  readonly schedulerName: string;
  readonly clock: Clock;
  snapshot(): NodeInfoLister;
  readonly listers: ClusterListers;
  readonly api: SchedulerApi;
  readonly nominator: PodNominator;
  /** The scheduler's random source: seeded with --seed, so ties break the same way every run. */
  random(): number;
  /** Records an Event about obj as this profile's scheduler. */
  event(obj: KubeObject, type: EventType, reason: string, message: string): void;
  /** The framework's own runners, for plugins that simulate (preemption). */
  runFilterPluginsWithNominatedPods(state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): Status | null;
  runPreFilterExtensionAddPod(state: CycleState, pod: PodInfo, podInfoToAdd: PodInfo, nodeInfo: NodeInfo): Status | null;
  runPreFilterExtensionRemovePod(state: CycleState, pod: PodInfo, podInfoToRemove: PodInfo, nodeInfo: NodeInfo): Status | null;
}

export type PluginFactory = (args: unknown, handle: Handle) => Plugin;
