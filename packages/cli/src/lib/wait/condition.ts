/**
 * `kubelab wait --for=…` conditions as kubectl parses and checks them:
 * `condition=Ready` (status True; `condition=Ready=false` for another value; names and values
 * compared without regard to case), `delete`, `create`, and `jsonpath='{.status.phase}'=Running`
 * (or a bare `jsonpath='{…}'`: the field exists).
 */
import { selectJsonPath, valueText } from '../../print/jsonpath.js';
import { KubelabError } from '../errors.js';

export type WaitFor =
  | { kind: 'condition'; type: string; status: string }
  | { kind: 'delete' }
  | { kind: 'create' }
  | { kind: 'jsonpath'; path: string; value?: string };

export function parseWaitFor(text: string): WaitFor {
  const lower = text.toLowerCase();
  if (lower === 'delete') return { kind: 'delete' };
  if (lower === 'create') return { kind: 'create' };
  if (lower.startsWith('condition=')) {
    const [type, status] = text.slice('condition='.length).split('=');
    if (!type) throw new KubelabError(`condition name must not be empty: --for=${text}`);
    return { kind: 'condition', type, status: status ?? 'True' };
  }
  if (lower.startsWith('jsonpath=')) {
    const expr = text.slice('jsonpath='.length);
    const close = expr.lastIndexOf('}');
    const path = close >= 0 ? expr.slice(0, close + 1) : expr;
    const rest = close >= 0 ? expr.slice(close + 1) : '';
    if (!path.trim()) throw new KubelabError('jsonpath expression cannot be empty');
    if (rest === '') return { kind: 'jsonpath', path };
    if (!rest.startsWith('=')) throw new KubelabError(`unrecognized condition: "${text}"`);
    return { kind: 'jsonpath', path, value: rest.slice(1) };
  }
  throw new KubelabError(`unrecognized condition: "${text}"`);
}

/** Whether obj meets the condition (for conditions other than delete). */
export function conditionMet(obj: Record<string, any>, w: WaitFor): boolean {
  if (w.kind === 'create') return true;
  if (w.kind === 'condition') {
    const conds = (obj['status']?.['conditions'] ?? []) as Array<Record<string, unknown>>;
    const c = conds.find((x) => String(x['type']).toLowerCase() === w.type.toLowerCase());
    if (!c) return false;
    // kubectl also requires the condition to be current (observedGeneration, when set).
    const observed = c['observedGeneration'];
    if (typeof observed === 'number' && observed < (obj['metadata']?.['generation'] ?? 0)) return false;
    return String(c['status']).toLowerCase() === w.status.toLowerCase();
  }
  if (w.kind === 'jsonpath') {
    const values = selectJsonPath(w.path, obj);
    if (w.value === undefined) return values.length > 0;
    return values.length > 0 && values.every((v) => valueText(v) === w.value);
  }
  return false;
}
