/**
 * PodInfo: a pod with what the scheduler derives from it once, so plugins never re-parse it
 * per node — its requests (actual and non-zero), its inter-pod affinity terms with their
 * selectors compiled, and its priority (framework.PodInfo, plus the cached requests upstream
 * keeps in NodeInfo bookkeeping).
 *
 * An affinity term selects pods by namespace and labels (framework.AffinityTerm):
 *   namespaces      the term's namespaces, or the pod's own when it names none and has no
 *                   namespaceSelector;
 *   namespaceSelector  nil selects no namespace, {} selects every namespace;
 *   labelSelector   nil selects no pod.
 */
import { type LabelSelector, type Selector, selectorFromLabelSelector } from '../../labels/selector.js';
import { type Pod, type PodAffinityTerm, type WeightedPodAffinityTerm, podKey, podPriority } from '../api/types.js';
import { type LabelMatcher, labelMatcher, singleEquality } from '../helpers/label-match.js';
import { Resource, podRequests } from './resource.js';

export interface AffinityTerm {
  namespaces: Set<string>;
  /** null: selects no pod. */
  selector: Selector | null;
  /** The selector compiled for hot loops (helpers/label-match.ts). */
  matchLabels: LabelMatcher;
  /** [key, value] when the selector is exactly key=value: its pods can be looked up by label. */
  equality: readonly [string, string] | undefined;
  /** null: selects no namespace by labels. */
  namespaceSelector: Selector | null;
  topologyKey: string;
}

export interface WeightedAffinityTerm {
  term: AffinityTerm;
  weight: number;
}

export class PodInfo {
  readonly key: string;
  readonly uid: string;
  readonly namespace: string;
  readonly labels: Record<string, string>;
  readonly priority: number;
  /** The request as NodeResourcesFit counts it. */
  readonly requests: Resource;
  /** The request with the non-zero defaults (scoring, NodeInfo.nonZeroRequested). */
  readonly nonZeroCPU: number;
  readonly nonZeroMemory: number;
  readonly requiredAffinityTerms: AffinityTerm[];
  readonly requiredAntiAffinityTerms: AffinityTerm[];
  readonly preferredAffinityTerms: WeightedAffinityTerm[];
  readonly preferredAntiAffinityTerms: WeightedAffinityTerm[];
  /** A selector in the pod's affinity that does not parse (upstream: NewPodInfo's error). */
  readonly parseError: string | undefined;

  constructor(readonly pod: Pod) {
    this.key = podKey(pod);
    this.uid = pod.metadata?.uid ?? this.key;
    this.namespace = pod.metadata?.namespace ?? '';
    this.labels = pod.metadata?.labels ?? {};
    this.priority = podPriority(pod);
    this.requests = podRequests(pod);
    const nonZero = podRequests(pod, { nonZero: true });
    this.nonZeroCPU = nonZero.milliCPU;
    this.nonZeroMemory = nonZero.memory;
    const affinity = pod.spec?.affinity;
    const errors: string[] = [];
    const terms = (list: PodAffinityTerm[] | undefined) => (list ?? []).map((t) => newAffinityTerm(pod, t, errors));
    const weighted = (list: WeightedPodAffinityTerm[] | undefined) =>
      (list ?? []).filter((w) => w.weight !== 0).map((w) => ({ term: newAffinityTerm(pod, w.podAffinityTerm, errors), weight: w.weight }));
    this.requiredAffinityTerms = terms(affinity?.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution);
    this.requiredAntiAffinityTerms = terms(affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution);
    this.preferredAffinityTerms = weighted(affinity?.podAffinity?.preferredDuringSchedulingIgnoredDuringExecution);
    this.preferredAntiAffinityTerms = weighted(affinity?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution);
    this.parseError = errors[0];
  }

  /**
   * The same pod with another version of its object whose spec and labels are unchanged
   * (the assumed copy with spec.nodeName set): the derived fields are shared, not recomputed.
   */
  withPod(pod: Pod): PodInfo {
    const copy = Object.create(PodInfo.prototype) as { -readonly [K in keyof PodInfo]: PodInfo[K] };
    Object.assign(copy, this);
    copy.pod = pod;
    return copy as PodInfo;
  }

  /** Any pod (anti-)affinity, required or preferred (NodeInfo.PodsWithAffinity). */
  get hasAffinity(): boolean {
    const a = this.pod.spec?.affinity;
    return !!a && (!!a.podAffinity || !!a.podAntiAffinity);
  }

  get hasRequiredAntiAffinity(): boolean {
    return this.requiredAntiAffinityTerms.length > 0;
  }
}

/** Compiles a PodAffinityTerm of pod (framework.newAffinityTerm). */
export function newAffinityTerm(pod: Pod, term: PodAffinityTerm, errors: string[] = []): AffinityTerm {
  const namespaces = new Set(term.namespaces ?? []);
  if (namespaces.size === 0 && term.namespaceSelector == null) namespaces.add(pod.metadata?.namespace ?? '');
  const selector = compile(term.labelSelector, errors);
  return {
    namespaces,
    selector,
    matchLabels: labelMatcher(selector),
    equality: singleEquality(selector),
    namespaceSelector: compile(term.namespaceSelector, errors),
    topologyKey: term.topologyKey,
  };
}

function compile(ls: LabelSelector | null | undefined, errors: string[]): Selector | null {
  try {
    return selectorFromLabelSelector(ls) ?? null;
  } catch (err) {
    errors.push((err as Error).message);
    return null;
  }
}

/**
 * The term selects pod: its namespace is listed (or its namespace's labels match the
 * namespaceSelector) and its labels match (AffinityTerm.Matches).
 */
export function affinityTermMatches(term: AffinityTerm, pod: Pod, nsLabels: Record<string, string> | undefined): boolean {
  return termSelects(term, pod.metadata?.namespace ?? '', pod.metadata?.labels, nsLabels);
}

/** affinityTermMatches for a pod given by its namespace and labels (the hot loops' form). */
export function termSelects(term: AffinityTerm, ns: string, labels: Record<string, string> | undefined, nsLabels: Record<string, string> | undefined): boolean {
  if (term.namespaces.has(ns) || (term.namespaceSelector !== null && nsLabels !== undefined && term.namespaceSelector.matches(nsLabels))) {
    return term.matchLabels(labels);
  }
  return false;
}
