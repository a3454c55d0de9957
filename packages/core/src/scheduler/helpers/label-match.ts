/**
 * A label selector compiled for the scheduler's hot loops. PodTopologySpread and
 * InterPodAffinity test a selector against every pod in the cluster on every cycle
 * (upstream does the same work over 16 goroutines); almost every selector there is
 * matchLabels — equality on one or two keys — which is a property read and a string
 * compare, not a walk through generic requirements. Anything else falls back to
 * Selector.matches, so the semantics are the selector's own.
 */
import type { Selector } from '../../labels/selector.js';

export type LabelMatcher = (labels: Record<string, string> | undefined) => boolean;

const NOTHING: LabelMatcher = () => false;
const EVERYTHING: LabelMatcher = () => true;

/** null (a nil selector) selects nothing; an empty selector selects everything. */
export function labelMatcher(selector: Selector | null): LabelMatcher {
  if (selector === null) return NOTHING;
  const reqs = selector.requirements;
  if (reqs.length === 0) return EVERYTHING;
  const equality = reqs.every((r) => (r.operator === '=' || r.operator === 'in') && r.values.length === 1);
  if (!equality) return (labels) => selector.matches(labels);
  // A label value is a string; no inherited property of a plain object is, so l[k] === v
  // holds exactly when the label is set to v.
  if (reqs.length === 1) {
    const k = reqs[0]!.key;
    const v = reqs[0]!.values[0]!;
    return (labels) => labels !== undefined && labels[k] === v;
  }
  const keys = reqs.map((r) => r.key);
  const values = reqs.map((r) => r.values[0]!);
  return (labels) => {
    if (labels === undefined) return false;
    for (let i = 0; i < keys.length; i++) if (labels[keys[i]!] !== values[i]) return false;
    return true;
  };
}

/** [key, value] when the selector is exactly one key=value (matchLabels with one label). */
export function singleEquality(selector: Selector | null): readonly [string, string] | undefined {
  const reqs = selector?.requirements;
  if (!reqs || reqs.length !== 1) return undefined;
  const r = reqs[0]!;
  return (r.operator === '=' || r.operator === 'in') && r.values.length === 1 ? [r.key, r.values[0]!] : undefined;
}
