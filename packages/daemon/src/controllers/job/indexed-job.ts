/**
 * Indexed Jobs (pkg/controller/job/indexed_job_utils.go): every pod gets a completion index
 * 0 … completions-1 — in the annotation and label batch.kubernetes.io/job-completion-index,
 * the env variable JOB_COMPLETION_INDEX, the hostname "<job>-<index>" and the name
 * "<job>-<index>-<suffix>" — and the Job is done once every index has a succeeded pod.
 * status.completedIndexes lists them as intervals: "0-2,4,6-7".
 */
import type { Pod, PodTemplateSpec } from '../replicaset/pod-util.js';
import { sortActivePods } from '../replicaset/active-pods.js';
import { JOB_COMPLETION_INDEX_ANNOTATION, JOB_COMPLETION_INDEX_ENV, JOB_COMPLETION_INDEX_LABEL } from './job-types.js';

export const UNKNOWN_COMPLETION_INDEX = -1;

/** getCompletionIndex: the annotation as a non-negative number, else -1. */
export function completionIndexOf(pod: Pod): number {
  const v = pod.metadata?.annotations?.[JOB_COMPLETION_INDEX_ANNOTATION];
  if (v === undefined || !/^\d+$/.test(v)) return UNKNOWN_COMPLETION_INDEX;
  const n = Number.parseInt(v, 10);
  return Number.isSafeInteger(n) ? n : UNKNOWN_COMPLETION_INDEX;
}

/** Sorted, disjoint, inclusive intervals of indexes. */
export type Intervals = Array<[number, number]>;

/** parseIndexesFromString: "1,3-5" → [[1,1],[3,5]], dropping indexes ≥ completions. */
export function parseIndexes(s: string | undefined, completions: number): Intervals {
  const out: Intervals = [];
  for (const part of (s ?? '').split(',')) {
    if (!part) continue;
    const [a, b] = part.split('-');
    const first = Number.parseInt(a!, 10);
    let last = b === undefined ? first : Number.parseInt(b, 10);
    if (Number.isNaN(first) || Number.isNaN(last) || first >= completions) continue;
    last = Math.min(last, completions - 1);
    out.push([first, last]);
  }
  return out;
}

export function intervalsToString(iv: Intervals): string {
  return iv.map(([a, b]) => (a === b ? String(a) : `${a}-${b}`)).join(',');
}

export function intervalsTotal(iv: Intervals): number {
  return iv.reduce((n, [a, b]) => n + b - a + 1, 0);
}

export function intervalsHas(iv: Intervals, ix: number): boolean {
  return iv.some(([a, b]) => ix >= a && ix <= b);
}

/** withOrderedIndexes: the intervals with more (sorted) indexes merged in. */
export function withIndexes(iv: Intervals, indexes: readonly number[]): Intervals {
  const all = new Set<number>();
  for (const [a, b] of iv) for (let i = a; i <= b; i++) all.add(i);
  for (const i of indexes) all.add(i);
  const sorted = [...all].sort((x, y) => x - y);
  const out: Intervals = [];
  for (const i of sorted) {
    const last = out[out.length - 1];
    if (last && last[1] + 1 === i) last[1] = i;
    else out.push([i, i]);
  }
  return out;
}

/** firstPendingIndexes: the lowest indexes with neither a success nor an active pod. */
export function firstPendingIndexes(succeeded: Intervals, activePods: readonly Pod[], count: number, completions: number): number[] {
  const busy = new Set(activePods.map(completionIndexOf));
  const out: number[] = [];
  for (let i = 0; i < completions && out.length < count; i++) if (!intervalsHas(succeeded, i) && !busy.has(i)) out.push(i);
  return out;
}

/**
 * appendDuplicatedIndexPodsForRemoval: pods without a valid index, with one ≥ completions,
 * or duplicating another pod's index (all but the best of each index) go; [remove, keep].
 */
export function duplicatedIndexPods(pods: readonly Pod[], completions: number): [Pod[], Pod[]] {
  const rm: Pod[] = [];
  const left: Pod[] = [];
  const byIndex = new Map<number, Pod[]>();
  for (const p of pods) {
    const ix = completionIndexOf(p);
    if (ix === UNKNOWN_COMPLETION_INDEX || ix >= completions) {
      rm.push(p);
      continue;
    }
    let list = byIndex.get(ix);
    if (!list) byIndex.set(ix, (list = []));
    list.push(p);
  }
  for (const ix of [...byIndex.keys()].sort((a, b) => a - b)) {
    const same = sortActivePods([...byIndex.get(ix)!]);
    rm.push(...same.slice(0, -1));
    left.push(same[same.length - 1]!);
  }
  return [rm, left];
}

/** The template of the pod for one index: annotation, label, hostname and env variable. */
export function templateForIndex(template: PodTemplateSpec, jobName: string, index: number): PodTemplateSpec {
  const t: PodTemplateSpec = structuredClone(template);
  t.metadata = {
    ...t.metadata,
    annotations: { ...(t.metadata?.annotations ?? {}), [JOB_COMPLETION_INDEX_ANNOTATION]: String(index) },
    labels: { ...(t.metadata?.labels ?? {}), [JOB_COMPLETION_INDEX_LABEL]: String(index) },
  };
  t.spec = { ...t.spec, hostname: `${jobName}-${index}` };
  const env = { name: JOB_COMPLETION_INDEX_ENV, valueFrom: { fieldRef: { fieldPath: `metadata.annotations['${JOB_COMPLETION_INDEX_ANNOTATION}']` } } };
  for (const list of [t.spec.containers, t.spec.initContainers] as Array<Array<{ env?: unknown[] }> | undefined>) {
    for (const c of list ?? []) {
      const existing = (c.env ?? []) as Array<{ name?: string }>;
      if (!existing.some((e) => e.name === JOB_COMPLETION_INDEX_ENV)) c.env = [...existing, env];
    }
  }
  return t;
}

/** podGenerateNameWithIndex: "<job>-<index>-", the job name cut to keep it a valid name. */
export function generateNameWithIndex(jobName: string, index: number): string {
  const suffix = `-${index}-`;
  const max = 63 - 5 - suffix.length;
  return `${jobName.length > max ? jobName.slice(0, max) : jobName}${suffix}`;
}
