/**
 * DefaultPreemption (PostFilter): when a pod fits nowhere, find a node where evicting
 * lower-priority pods would make it fit, evict them (DisruptionTarget condition, then
 * delete), and nominate the node (status.nominatedNodeName) so the pod is retried there
 * once they are gone. PodDisruptionBudgets are respected as far as possible (candidates.ts).
 *
 * Only nodes that rejected the pod with Unschedulable are tried; Unresolvable rejections
 * (taints, node affinity, ...) are not helped by evicting anything. With no candidate the
 * status reads "preemption: 0/N nodes are available: k Preemption is not helpful for
 * scheduling, m No preemption victims found for incoming pod."
 */
import type { Pod } from '../../api/types.js';
import type { CycleState } from '../../framework/cycle-state.js';
import { FitError, type NodeToStatus, newDiagnosis } from '../../framework/fit-error.js';
import type { Handle, PostFilterOutcome, PostFilterPlugin } from '../../framework/interface.js';
import type { NodeInfo } from '../../framework/node-info.js';
import { PodInfo } from '../../framework/pod-info.js';
import { Code, type Status, asStatus, newStatus } from '../../framework/status.js';
import { Names } from '../names.js';
import { type Candidate, type Victims, filterPodsWithPDBViolation, moreImportantPod, pickOneNodeForPreemption } from './candidates.js';

export interface DefaultPreemptionArgs {
  minCandidateNodesPercentage?: number;
  minCandidateNodesAbsolute?: number;
}

export const NOT_HELPFUL = 'Preemption is not helpful for scheduling';
export const NO_VICTIMS = 'No preemption victims found for incoming pod';

export class DefaultPreemption implements PostFilterPlugin {
  readonly name = Names.DefaultPreemption;
  private readonly minCandidateNodesPercentage: number;
  private readonly minCandidateNodesAbsolute: number;

  constructor(
    args: DefaultPreemptionArgs,
    private readonly handle: Handle,
  ) {
    this.minCandidateNodesPercentage = args.minCandidateNodesPercentage ?? 10;
    this.minCandidateNodesAbsolute = args.minCandidateNodesAbsolute ?? 100;
    if (this.minCandidateNodesPercentage < 0 || this.minCandidateNodesPercentage > 100) {
      throw new Error(`minCandidateNodesPercentage: Invalid value: ${this.minCandidateNodesPercentage}: not in valid range [0, 100]`);
    }
    if (this.minCandidateNodesAbsolute < 0) throw new Error(`minCandidateNodesAbsolute: Invalid value: ${this.minCandidateNodesAbsolute}: not in valid range [0, inf)`);
    if (this.minCandidateNodesPercentage === 0 && this.minCandidateNodesAbsolute === 0) {
      throw new Error('minCandidateNodesPercentage, minCandidateNodesAbsolute: Invalid value: both cannot be zero');
    }
  }

  postFilter(state: CycleState, podIn: PodInfo, statuses: NodeToStatus): PostFilterOutcome {
    const out = this.preempt(state, podIn, statuses);
    const msg = out.status?.message() ?? '';
    if (out.status && msg !== '') {
      const s = newStatus(out.status.code, `preemption: ${msg}`);
      return { ...out, status: s };
    }
    return out;
  }

  private preempt(state: CycleState, podIn: PodInfo, statuses: NodeToStatus): PostFilterOutcome {
    // The latest version of the pod (its nominatedNodeName may have changed).
    const latest = this.handle.listers.pod(podIn.namespace, podIn.pod.metadata?.name ?? '');
    const pod = latest && latest.metadata?.uid === podIn.pod.metadata?.uid ? new PodInfo(latest) : podIn;
    const eligible = this.podEligibleToPreemptOthers(pod, statuses.get(pod.pod.status?.nominatedNodeName ?? ''));
    if (eligible !== true) return { status: newStatus(Code.Unschedulable, eligible) };

    const allNodes = this.handle.snapshot().list();
    const potential = allNodes.filter((n) => statuses.get(n.name)?.code === Code.Unschedulable);
    const dryRunStatuses = newDiagnosis().nodeToStatus;
    let candidates: Candidate[] = [];
    if (potential.length > 0) {
      const pdbs = this.handle.listers.pdbs();
      const offset = Math.floor(this.handle.random() * potential.length);
      const num = this.calculateNumCandidates(potential.length);
      const r = this.dryRunPreemption(state, pod, potential, pdbs, offset, num, dryRunStatuses);
      if (r.error && r.candidates.length === 0) return { status: r.error };
      candidates = r.candidates;
    }
    if (candidates.length === 0) {
      dryRunStatuses.absentNodesStatus = newStatus(Code.UnschedulableAndUnresolvable, NOT_HELPFUL);
      const d = newDiagnosis();
      // Reuse the dry run's statuses; absent nodes are "not helpful".
      const fit = new FitError(pod, allNodes.length, { ...d, nodeToStatus: dryRunStatuses }, allNodes.map((n) => n.name));
      return { result: { nominatedNodeName: '', mode: 'Override' }, status: newStatus(Code.Unschedulable, fit.message) };
    }
    const best = candidates.length === 1 ? candidates[0]! : pickOneNodeForPreemption(candidates, this.handle.clock.now())!;
    return {
      result: { nominatedNodeName: best.nodeName, mode: 'Override' },
      status: null,
      prepare: () => this.prepareCandidate(best, pod),
    };
  }

  /** The number of candidates to find (calculateNumCandidates). */
  calculateNumCandidates(numNodes: number): number {
    let n = Math.trunc((numNodes * this.minCandidateNodesPercentage) / 100);
    if (n < this.minCandidateNodesAbsolute) n = this.minCandidateNodesAbsolute;
    return Math.min(n, numNodes);
  }

  /** true, or the reason the pod may not preempt (PodEligibleToPreemptOthers). */
  podEligibleToPreemptOthers(pod: PodInfo, nominatedNodeStatus: Status | undefined): true | string {
    if (pod.pod.spec?.preemptionPolicy === 'Never') return 'not eligible due to preemptionPolicy=Never.';
    const nominated = pod.pod.status?.nominatedNodeName;
    if (nominated) {
      // The nominated node no longer helps at all: preempt again elsewhere.
      if (nominatedNodeStatus?.code === Code.UnschedulableAndUnresolvable) return true;
      const info = this.handle.snapshot().get(nominated);
      if (info) {
        for (const p of info.pods) {
          if (p.priority < pod.priority && terminatingByPreemption(p.pod)) return 'not eligible due to a terminating pod on the nominated node.';
        }
      }
    }
    return true;
  }

  private dryRunPreemption(
    state: CycleState,
    pod: PodInfo,
    potential: readonly NodeInfo[],
    pdbs: ReturnType<Handle['listers']['pdbs']>,
    offset: number,
    num: number,
    statuses: NodeToStatus,
  ): { candidates: Candidate[]; error?: Status } {
    const nonViolating: Candidate[] = [];
    const violating: Candidate[] = [];
    let error: Status | undefined;
    for (let i = 0; i < potential.length; i++) {
      const info = potential[(offset + i) % potential.length]!.clone();
      const r = this.selectVictimsOnNode(state.clone(), pod, info, pdbs);
      if ('victims' in r) {
        if (r.victims.pods.length === 0) {
          const s = asStatus(new Error(`expected at least one victim pod on node "${info.name}"`));
          statuses.set(info.name, s);
          error ??= s;
          continue;
        }
        (r.victims.numPDBViolations === 0 ? nonViolating : violating).push({ nodeName: info.name, victims: r.victims });
        if (nonViolating.length > 0 && nonViolating.length + violating.length >= num) break;
        continue;
      }
      if (r.status.code === Code.Error) error ??= r.status;
      statuses.set(info.name, r.status);
    }
    return { candidates: [...nonViolating, ...violating], error };
  }

  /** The fewest pods to evict from nodeInfo (a copy) for pod to fit (SelectVictimsOnNode). */
  selectVictimsOnNode(state: CycleState, pod: PodInfo, nodeInfo: NodeInfo, pdbs: ReturnType<Handle['listers']['pdbs']>): { victims: Victims } | { status: Status } {
    const h = this.handle;
    const now = h.clock.now();
    const potential = nodeInfo.pods.filter((p) => p.priority < pod.priority);
    if (potential.length === 0) return { status: newStatus(Code.UnschedulableAndUnresolvable, NO_VICTIMS) };
    const remove = (p: PodInfo): Status | null => {
      nodeInfo.removePod(p);
      return h.runPreFilterExtensionRemovePod(state, pod, p, nodeInfo);
    };
    const add = (p: PodInfo): Status | null => {
      nodeInfo.addPodInfo(p);
      return h.runPreFilterExtensionAddPod(state, pod, p, nodeInfo);
    };
    for (const p of potential) {
      const s = remove(p);
      if (s) return { status: s };
    }
    const fits = h.runFilterPluginsWithNominatedPods(state, pod, nodeInfo);
    // Affinity to one of the victims is not considered, as upstream.
    if (fits) return { status: fits };
    potential.sort((a, b) => (moreImportantPod(a, b, now) ? -1 : moreImportantPod(b, a, now) ? 1 : 0));
    const { violating, nonViolating } = filterPodsWithPDBViolation(potential, pdbs);
    const victims: PodInfo[] = [];
    let numViolating = 0;
    const reprieve = (p: PodInfo): { fits: boolean } | { status: Status } => {
      const a = add(p);
      if (a) return { status: a };
      const ok = h.runFilterPluginsWithNominatedPods(state, pod, nodeInfo) === null;
      if (!ok) {
        const r = remove(p);
        if (r) return { status: r };
        victims.push(p);
      }
      return { fits: ok };
    };
    for (const p of violating) {
      const r = reprieve(p);
      if ('status' in r) return r;
      if (!r.fits) numViolating++;
    }
    for (const p of nonViolating) {
      const r = reprieve(p);
      if ('status' in r) return r;
    }
    if (violating.length > 0 && nonViolating.length > 0) {
      victims.sort((a, b) => (moreImportantPod(a, b, now) ? -1 : moreImportantPod(b, a, now) ? 1 : 0));
    }
    return { victims: { pods: victims, numPDBViolations: numViolating } };
  }

  /** Evicts the victims and clears lower-priority nominations on the node (prepareCandidate). */
  private async prepareCandidate(c: Candidate, pod: PodInfo): Promise<Status | null> {
    const h = this.handle;
    try {
      await Promise.all(
        c.victims.pods.map(async (v) => {
          // Graceful deletion already started: nothing to send.
          if (v.pod.metadata?.deletionTimestamp) return;
          await h.api.preemptPod(v.pod, pod.pod, c.nodeName);
          h.event(v.pod, 'Normal', 'Preempted', `Preempted by pod ${pod.uid} on node ${c.nodeName}`);
        }),
      );
    } catch (err) {
      return asStatus(err);
    }
    const lower = h.nominator.nominatedPodsForNode(c.nodeName).filter((p) => p.priority < pod.priority);
    await Promise.all(lower.map((p) => h.api.clearNominatedNodeName(p.pod).catch(() => undefined)));
    return null;
  }
}

/** Being deleted because the scheduler preempted it (DisruptionTarget, PreemptionByScheduler). */
export function terminatingByPreemption(p: Pod): boolean {
  if (!p.metadata?.deletionTimestamp) return false;
  const c = (p.status?.conditions ?? []).find((x) => x.type === 'DisruptionTarget');
  return !!c && c.status === 'True' && c.reason === 'PreemptionByScheduler';
}
