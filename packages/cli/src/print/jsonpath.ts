/**
 * kubectl's JSONPath templates (k8s.io/client-go/util/jsonpath), for `-o jsonpath=…`,
 * `-o custom-columns=…`, `--sort-by` and `wait --for=jsonpath=…`: text with `{…}` actions —
 * `.a.b`, `..name` (recursive), `[0]`, `[1:3]`, `[*]`, `['key']`, `[a,b]`, filters
 * `[?(@.type=="Ready")]` (==, !=, <, <=, >, >=, and a bare path for existence), `$`, `@`,
 * string literals, and `{range …}…{end}`. Results print space-separated, strings as they
 * are and anything else as compact JSON; missing keys print nothing (kubectl's default
 * --allow-missing-template-keys=true).
 */
import { sortKeys } from './json.js';

type Step =
  | { kind: 'field'; name: string }
  | { kind: 'recursive'; name: string }
  | { kind: 'index'; start?: number; end?: number; step?: number; single: boolean }
  | { kind: 'all' }
  | { kind: 'union'; keys: Array<string | number> }
  | { kind: 'filter'; left: Step[]; op?: string; right?: Step[] | unknown };

type Node = { kind: 'text'; text: string } | { kind: 'path'; root: boolean; steps: Step[] } | { kind: 'literal'; text: string } | { kind: 'range'; path: Node; body: Node[] };

export class JsonPathError extends Error {}

export function compileJsonPath(template: string): (data: unknown) => string {
  const nodes = parseTemplate(template);
  return (data) => render(nodes, data, data);
}

/** The values an expression such as "{.metadata.name}" or ".metadata.name" selects. */
export function selectJsonPath(expr: string, data: unknown): unknown[] {
  const nodes = parseTemplate(relaxed(expr));
  const path = nodes.find((n) => n.kind === 'path');
  return path && path.kind === 'path' ? evaluate(path.steps, [data]) : [];
}

/** kubectl's RelaxedJSONPathExpression: "metadata.name", ".metadata.name" or "{.metadata.name}". */
export function relaxed(expr: string): string {
  const t = expr.trim();
  if (t.startsWith('{') && t.endsWith('}')) return t;
  return `{${t.startsWith('.') || t.startsWith('$') ? t : `.${t}`}}`;
}

function parseTemplate(template: string): Node[] {
  const root: Node[] = [];
  const stack: Array<{ nodes: Node[]; range?: Node & { kind: 'range' } }> = [{ nodes: root }];
  let i = 0;
  while (i < template.length) {
    const open = template.indexOf('{', i);
    const text = open < 0 ? template.slice(i) : template.slice(i, open);
    if (text) stack.at(-1)!.nodes.push({ kind: 'text', text });
    if (open < 0) break;
    const close = findClose(template, open);
    const action = template.slice(open + 1, close).trim();
    i = close + 1;
    if (action.startsWith('range ') || action === 'range') {
      const range = { kind: 'range' as const, path: parseAction(action.slice(5).trim()), body: [] as Node[] };
      stack.at(-1)!.nodes.push(range);
      stack.push({ nodes: range.body, range });
    } else if (action === 'end') {
      if (stack.length === 1) throw new JsonPathError('not in range, nothing to end');
      stack.pop();
    } else stack.at(-1)!.nodes.push(parseAction(action));
  }
  if (stack.length > 1) throw new JsonPathError('unclosed action');
  return root;
}

function findClose(s: string, open: number): number {
  let quote: string | undefined;
  for (let j = open + 1; j < s.length; j++) {
    const c = s[j]!;
    if (quote) {
      if (c === '\\') j++;
      else if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '}') return j;
  }
  throw new JsonPathError('unclosed action');
}

function parseAction(action: string): Node {
  if (action.startsWith('"') || action.startsWith("'")) return { kind: 'literal', text: unquote(action) };
  let s = action;
  let root = false;
  if (s.startsWith('$')) {
    root = true;
    s = s.slice(1);
  } else if (s.startsWith('@')) s = s.slice(1);
  return { kind: 'path', root, steps: parseSteps(s) };
}

function unquote(s: string): string {
  const body = s.slice(1, -1);
  return body.replace(/\\(.)/g, (_, c: string) => ({ n: '\n', t: '\t', r: '\r' })[c] ?? c);
}

function parseSteps(s: string): Step[] {
  const steps: Step[] = [];
  let i = 0;
  while (i < s.length) {
    if (s.startsWith('..', i)) {
      const m = /^[\w-]+|^\*/.exec(s.slice(i + 2));
      steps.push({ kind: 'recursive', name: m ? m[0] : '' });
      i += 2 + (m ? m[0].length : 0);
    } else if (s[i] === '.') {
      const m = /^(?:[^.[\]\s]+)/.exec(s.slice(i + 1));
      if (!m) {
        i++;
        continue;
      }
      steps.push(m[0] === '*' ? { kind: 'all' } : { kind: 'field', name: m[0] });
      i += 1 + m[0].length;
    } else if (s[i] === '[') {
      const end = bracketEnd(s, i);
      steps.push(parseBracket(s.slice(i + 1, end).trim()));
      i = end + 1;
    } else if (/\s/.test(s[i]!)) i++;
    else {
      const m = /^[^.[\]\s]+/.exec(s.slice(i))!;
      steps.push({ kind: 'field', name: m[0] });
      i += m[0].length;
    }
  }
  return steps;
}

function bracketEnd(s: string, open: number): number {
  let depth = 0;
  let quote: string | undefined;
  for (let j = open; j < s.length; j++) {
    const c = s[j]!;
    if (quote) {
      if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '[') depth++;
    else if (c === ']' && --depth === 0) return j;
  }
  throw new JsonPathError(`unterminated array`);
}

function parseBracket(inner: string): Step {
  if (inner === '*') return { kind: 'all' };
  if (inner.startsWith('?(') && inner.endsWith(')')) {
    const expr = inner.slice(2, -1).trim();
    const m = /^(.*?)\s*(==|!=|<=|>=|<|>)\s*(.*)$/.exec(expr);
    if (!m) return { kind: 'filter', left: parseSteps(expr.replace(/^@/, '')) };
    const right = m[3]!.trim();
    const value = /^["']/.test(right) ? unquote(right) : right.startsWith('@') ? parseSteps(right.slice(1)) : Number.isNaN(Number(right)) ? right : Number(right);
    return { kind: 'filter', left: parseSteps(m[1]!.trim().replace(/^@/, '')), op: m[2]!, right: value };
  }
  if (inner.includes(':')) {
    const [a, b, c] = inner.split(':').map((x) => (x.trim() === '' ? undefined : Number(x)));
    return { kind: 'index', ...(a !== undefined ? { start: a } : {}), ...(b !== undefined ? { end: b } : {}), ...(c !== undefined ? { step: c } : {}), single: false };
  }
  const parts = inner.split(',').map((p) => p.trim());
  const keys = parts.map((p) => (/^["']/.test(p) ? unquote(p) : /^-?\d+$/.test(p) ? Number(p) : p));
  if (keys.length === 1 && typeof keys[0] === 'number') return { kind: 'index', start: keys[0], single: true };
  if (keys.length === 1) return { kind: 'field', name: String(keys[0]) };
  return { kind: 'union', keys };
}

function evaluate(steps: Step[], values: unknown[]): unknown[] {
  let cur = values;
  for (const step of steps) cur = cur.flatMap((v) => apply(step, v));
  return cur;
}

function apply(step: Step, v: unknown): unknown[] {
  switch (step.kind) {
    case 'field':
      return isObject(v) && Object.prototype.hasOwnProperty.call(v, step.name) ? [v[step.name]] : [];
    case 'recursive': {
      const out: unknown[] = [];
      const walk = (x: unknown) => {
        if (isObject(x)) {
          if (step.name === '*' || step.name === '') out.push(...Object.values(x));
          else if (Object.prototype.hasOwnProperty.call(x, step.name)) out.push(x[step.name]);
          Object.values(x).forEach(walk);
        } else if (Array.isArray(x)) x.forEach(walk);
      };
      walk(v);
      return out;
    }
    case 'all':
      return Array.isArray(v) ? v : isObject(v) ? Object.values(v) : [];
    case 'index': {
      if (!Array.isArray(v)) return [];
      const len = v.length;
      const norm = (n: number) => (n < 0 ? Math.max(0, len + n) : Math.min(n, len));
      if (step.single) {
        const at = step.start! < 0 ? len + step.start! : step.start!;
        if (at < 0 || at >= len) throw new JsonPathError(`array index out of bounds: index ${step.start}, length ${len}`);
        return [v[at]];
      }
      const out: unknown[] = [];
      for (let k = norm(step.start ?? 0); k < norm(step.end ?? len); k += step.step ?? 1) out.push(v[k]);
      return out;
    }
    case 'union':
      return step.keys.flatMap((k) => (typeof k === 'number' ? (Array.isArray(v) ? [v[k < 0 ? v.length + k : k]] : []) : isObject(v) && k in v ? [v[k]] : []));
    case 'filter': {
      const items = Array.isArray(v) ? v : isObject(v) ? Object.values(v) : [];
      return items.filter((item) => {
        const left = evaluate(step.left, [item]);
        if (step.op === undefined) return left.length > 0;
        const right = Array.isArray(step.right) ? evaluate(step.right as Step[], [item]) : [step.right];
        return left.length > 0 && right.length > 0 && compare(left[0], step.op, right[0]);
      });
    }
  }
}

function compare(a: unknown, op: string, b: unknown): boolean {
  const x = typeof a === 'number' || typeof b === 'number' ? Number(a) : String(a);
  const y = typeof a === 'number' || typeof b === 'number' ? Number(b) : String(b);
  switch (op) {
    case '==':
      return x === y;
    case '!=':
      return x !== y;
    case '<':
      return x < y;
    case '<=':
      return x <= y;
    case '>':
      return x > y;
    default:
      return x >= y;
  }
}

function render(nodes: Node[], root: unknown, current: unknown): string {
  let out = '';
  for (const n of nodes) {
    if (n.kind === 'text' || n.kind === 'literal') out += n.text;
    else if (n.kind === 'path') out += evaluate(n.steps, [n.root ? root : current]).map(valueText).join(' ');
    else {
      const values = n.path.kind === 'path' ? evaluate(n.path.steps, [n.path.root ? root : current]) : [];
      const items = values.length === 1 && Array.isArray(values[0]) ? (values[0] as unknown[]) : values;
      for (const item of items) out += render(n.body, root, item);
    }
  }
  return out;
}

/** How kubectl's JSONPath prints one value: strings bare, the rest as Go's json.Marshal does. */
export function valueText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v === undefined) return '';
  return goJson(v);
}

/** Go's json.Marshal: compact, with <, > and & escaped. */
export function goJson(v: unknown): string {
  return JSON.stringify(sortKeys(v)).replace(/[<>&]/g, (c) => `\\u00${c.charCodeAt(0).toString(16)}`);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
