/**
 * `label` and `annotate` arguments as kubectl splits them: resources first, then `key=value`
 * pairs to set and `key-` to remove — kubectl's parseLabels, with its errors.
 */
import { KubelabError } from '../errors.js';

export interface KeyChanges {
  resources: string[];
  set: Map<string, string>;
  remove: string[];
}

export function splitKeyChanges(args: readonly string[], what: 'label' | 'annotation'): KeyChanges {
  const resources: string[] = [];
  const pairs: string[] = [];
  for (const a of args) (a.includes('=') || (a.endsWith('-') && pairs.length + resources.length > 0 && !a.includes('/')) ? pairs : resources).push(a);
  // A bare "name-" after the type is a resource name only when no key changes follow it.
  const set = new Map<string, string>();
  const remove: string[] = [];
  for (const p of pairs) {
    if (p.includes('=')) {
      const at = p.indexOf('=');
      const k = p.slice(0, at);
      if (!k) throw new KubelabError(`invalid ${what} spec: ${p}`);
      set.set(k, p.slice(at + 1));
    } else remove.push(p.slice(0, -1));
  }
  for (const k of remove) if (set.has(k)) throw new KubelabError(`can not both modify and remove ${what}s in the same command`);
  return { resources, set, remove };
}

export interface KeyResult {
  next: Record<string, string>;
  /** "labeled" | "unlabeled" | "not labeled" (annotate: always "annotated"). */
  changed: 'set' | 'removed' | 'none';
  missing: string[];
}

/** Applies the changes to current; throws kubectl's error for an existing key without --overwrite. */
export function applyKeyChanges(current: Record<string, string> | undefined, c: KeyChanges, overwrite: boolean): KeyResult {
  const next = { ...(current ?? {}) };
  let changed: KeyResult['changed'] = 'none';
  for (const [k, v] of c.set) {
    if (!overwrite && k in next && next[k] !== v) throw new KubelabError(`'${k}' already has a value (${next[k]}), and --overwrite is false`);
    if (next[k] !== v || !(k in next)) changed = 'set';
    next[k] = v;
  }
  const missing: string[] = [];
  for (const k of c.remove) {
    if (!(k in next)) {
      missing.push(k);
      continue;
    }
    delete next[k];
    if (changed === 'none') changed = 'removed';
  }
  return { next, changed, missing };
}
