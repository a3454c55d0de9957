/**
 * Node selectors as the scheduler matches them (component-helpers/scheduling/corev1/nodeaffinity):
 *
 *   - nodeSelectorTerms are ORed; inside a term, matchExpressions and matchFields are ANDed;
 *     a term with neither matches no node; a term that does not parse matches no node;
 *   - expressions test node labels with In, NotIn, Exists, DoesNotExist, Gt, Lt (Gt/Lt take
 *     one integer and compare the label's integer value);
 *   - matchFields may only test metadata.name, with In or NotIn;
 *   - a pod's required node affinity is its nodeSelector (every label equal) AND its
 *     requiredDuringSchedulingIgnoredDuringExecution terms.
 *
 * Selectors are compiled once into functions, so Filter over thousands of nodes does no
 * parsing.
 */
import type { Node, NodeSelector, NodeSelectorRequirement, NodeSelectorTerm, Pod, PreferredSchedulingTerm } from '../api/types.js';

export type NodeMatcher = (node: Node) => boolean;

const NEVER: NodeMatcher = () => false;
const ALWAYS: NodeMatcher = () => true;

export function compileNodeSelectorTerm(term: NodeSelectorTerm): NodeMatcher {
  const exprs = term.matchExpressions ?? [];
  const fields = term.matchFields ?? [];
  if (exprs.length === 0 && fields.length === 0) return NEVER;
  const checks: NodeMatcher[] = [];
  for (const r of exprs) {
    const m = labelRequirement(r);
    if (!m) return NEVER;
    checks.push(m);
  }
  for (const r of fields) {
    const m = fieldRequirement(r);
    if (!m) return NEVER;
    checks.push(m);
  }
  if (checks.length === 1) return checks[0]!;
  return (node) => {
    for (const c of checks) if (!c(node)) return false;
    return true;
  };
}

export function compileNodeSelector(ns: NodeSelector | undefined): NodeMatcher {
  if (!ns) return ALWAYS;
  const terms = (ns.nodeSelectorTerms ?? []).map(compileNodeSelectorTerm);
  if (terms.length === 0) return NEVER;
  if (terms.length === 1) return terms[0]!;
  return (node) => {
    for (const t of terms) if (t(node)) return true;
    return false;
  };
}

/** The pod's nodeSelector AND required node affinity (GetRequiredNodeAffinity). */
export function requiredNodeAffinity(pod: Pod): NodeMatcher {
  const selector = pod.spec?.nodeSelector;
  const required = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  const entries = Object.entries(selector ?? {});
  const affinity = required ? compileNodeSelector(required) : undefined;
  if (entries.length === 0 && !affinity) return ALWAYS;
  return (node) => {
    if (entries.length > 0) {
      const labels = node.metadata?.labels;
      if (!labels) return false;
      for (const [k, v] of entries) if (labels[k] !== v) return false;
    }
    return affinity ? affinity(node) : true;
  };
}

/** True when the pod constrains nodes at all (nodeSelector or required node affinity). */
export function hasRequiredNodeAffinity(pod: Pod): boolean {
  return Object.keys(pod.spec?.nodeSelector ?? {}).length > 0 || !!pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
}

export interface CompiledPreferredTerms {
  /** Σ weight of the terms the node matches. */
  score(node: Node): number;
  readonly empty: boolean;
}

/** Preferred scheduling terms with their weights (nodeaffinity.PreferredSchedulingTerms). */
export function compilePreferredTerms(terms: readonly PreferredSchedulingTerm[] | undefined): CompiledPreferredTerms {
  const compiled = (terms ?? []).filter((t) => t.weight !== 0).map((t) => ({ weight: t.weight, match: compileNodeSelectorTerm(t.preference ?? {}) }));
  return {
    empty: compiled.length === 0,
    score(node) {
      let s = 0;
      for (const t of compiled) if (t.match(node)) s += t.weight;
      return s;
    },
  };
}

function labelRequirement(r: NodeSelectorRequirement): NodeMatcher | undefined {
  const key = r.key;
  const values = r.values ?? [];
  switch (r.operator) {
    case 'In':
      if (values.length === 0) return undefined;
      return (n) => {
        const v = n.metadata?.labels?.[key];
        return v !== undefined && values.includes(v);
      };
    case 'NotIn':
      if (values.length === 0) return undefined;
      return (n) => {
        const v = n.metadata?.labels?.[key];
        return v === undefined || !values.includes(v);
      };
    case 'Exists':
      if (values.length > 0) return undefined;
      return (n) => n.metadata?.labels?.[key] !== undefined;
    case 'DoesNotExist':
      if (values.length > 0) return undefined;
      return (n) => n.metadata?.labels?.[key] === undefined;
    case 'Gt':
    case 'Lt': {
      if (values.length !== 1 || !/^-?\d+$/.test(values[0]!)) return undefined;
      const bound = Number(values[0]);
      const gt = r.operator === 'Gt';
      return (n) => {
        const v = n.metadata?.labels?.[key];
        if (v === undefined || !/^-?\d+$/.test(v)) return false;
        const x = Number(v);
        return gt ? x > bound : x < bound;
      };
    }
    default:
      return undefined;
  }
}

function fieldRequirement(r: NodeSelectorRequirement): NodeMatcher | undefined {
  if (r.key !== 'metadata.name') return undefined;
  const values = r.values ?? [];
  if (values.length !== 1) return undefined;
  if (r.operator === 'In') return (n) => n.metadata?.name === values[0];
  if (r.operator === 'NotIn') return (n) => n.metadata?.name !== values[0];
  return undefined;
}
