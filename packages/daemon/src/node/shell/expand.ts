/**
 * Word expansion, in the order POSIX sh performs it: parameter expansion ($VAR, ${VAR},
 * ${VAR:-default}, ${#VAR}, $1 … $9, $@, $?, $$, $#), command substitution ($(…) and `…`),
 * arithmetic ($((…))), field splitting of unquoted results on blanks, then quote removal.
 * Pathname expansion (globbing) is not done: a `*` stays a `*`.
 *
 *   x='a b'   echo $x   → two fields "a" "b"      echo "$x" → one field "a b"
 *   echo "${MISSING:-none}"  → none               echo $((2 + 3 * 4)) → 14
 */
import { ShellSyntaxError, matchParen } from './parser.js';

export interface ExpansionScope {
  get(name: string): string | undefined;
  set(name: string, value: string): void;
  /** $1 … $n. */
  positional(): string[];
  /** $?, $$, $!, $0, $-. */
  special(name: string): string;
  /** Runs a command substitution; resolves with its standard output. */
  substitute(script: string): Promise<string>;
}

export class ShellError extends Error {}

/** Expands words into fields (arguments of a command, items of a for loop). */
export async function expandWords(words: string[], scope: ExpansionScope): Promise<string[]> {
  const out: string[] = [];
  for (const w of words) out.push(...(await expandWord(w, scope, true)));
  return out;
}

/** Expands one word into one string (assignments, redirection targets): no field splitting. */
export async function expandString(word: string, scope: ExpansionScope): Promise<string> {
  return (await expandWord(word, scope, false)).join(' ');
}

async function expandWord(raw: string, scope: ExpansionScope, split: boolean): Promise<string[]> {
  // "$@" alone: exactly the positional parameters, none when there are none.
  if (split && raw === '"$@"') return [...scope.positional()];
  const fields: string[] = [];
  let cur = '';
  let has = false;
  const unquoted = (value: string) => {
    if (!split) {
      cur += value;
      if (value !== '') has = true;
      return;
    }
    value.split(/[ \t\n]+/).forEach((part, k) => {
      if (k > 0) {
        if (has || cur !== '') fields.push(cur);
        cur = '';
        has = false;
      }
      if (part !== '') {
        cur += part;
        has = true;
      }
    });
  };
  let i = 0;
  while (i < raw.length) {
    const c = raw[i]!;
    if (c === '\\') {
      if (i + 1 < raw.length) cur += raw[i + 1];
      has = true;
      i += 2;
    } else if (c === "'") {
      const close = raw.indexOf("'", i + 1);
      cur += raw.slice(i + 1, close);
      has = true;
      i = close + 1;
    } else if (c === '"') {
      has = true;
      i++;
      while (i < raw.length && raw[i] !== '"') {
        const d = raw[i]!;
        if (d === '\\' && i + 1 < raw.length && '$`"\\\n'.includes(raw[i + 1]!)) {
          cur += raw[i + 1];
          i += 2;
        } else if (d === '$' && raw.startsWith('$@', i)) {
          // "$@": each positional parameter its own field.
          const params = scope.positional();
          params.forEach((p, k) => {
            if (k > 0) {
              fields.push(cur);
              cur = '';
            }
            cur += p;
          });
          i += 2;
        } else if (d === '$' || d === '`') {
          const { value, end } = await dollar(raw, i, scope);
          cur += value;
          i = end;
        } else {
          cur += d;
          i++;
        }
      }
      i++;
    } else if (c === '$' || c === '`') {
      if (c === '$' && (raw.startsWith('$@', i) || raw.startsWith('$*', i)) && split) {
        for (const p of scope.positional()) unquoted(` ${p} `);
        i += 2;
        continue;
      }
      const { value, end } = await dollar(raw, i, scope);
      unquoted(value);
      i = end;
    } else {
      cur += c;
      has = true;
      i++;
    }
  }
  if (has || cur !== '') fields.push(cur);
  return fields;
}

/** Expands the $-form or backquote starting at i. */
async function dollar(raw: string, i: number, scope: ExpansionScope): Promise<{ value: string; end: number }> {
  if (raw[i] === '`') {
    let j = i + 1;
    let script = '';
    while (j < raw.length && raw[j] !== '`') {
      if (raw[j] === '\\' && j + 1 < raw.length) {
        script += raw[j + 1];
        j += 2;
      } else script += raw[j++];
    }
    return { value: trimNewlines(await scope.substitute(script)), end: j + 1 };
  }
  const next = raw[i + 1];
  if (next === '(' && raw[i + 2] === '(') {
    const end = matchParen(raw, i + 1);
    const inner = raw.slice(i + 3, end - 2);
    const expanded = await expandString(inner, scope);
    return { value: String(evaluateArithmetic(expanded, scope)), end };
  }
  if (next === '(') {
    const end = matchParen(raw, i + 1);
    return { value: trimNewlines(await scope.substitute(raw.slice(i + 2, end - 1))), end };
  }
  if (next === '{') {
    const close = raw.indexOf('}', i + 2);
    return { value: await braced(raw.slice(i + 2, close), scope), end: close + 1 };
  }
  if (next !== undefined && /[?$#!0-9\-]/.test(next)) {
    return { value: parameter(next, scope), end: i + 2 };
  }
  const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(raw.slice(i + 1));
  if (!m) return { value: '$', end: i + 1 };
  return { value: scope.get(m[0]) ?? '', end: i + 1 + m[0].length };
}

function parameter(name: string, scope: ExpansionScope): string {
  if (/^[1-9]$/.test(name)) return scope.positional()[Number(name) - 1] ?? '';
  if (name === '#') return String(scope.positional().length);
  if (/^[A-Za-z_]/.test(name) || /^\d+$/.test(name)) {
    if (/^\d+$/.test(name)) return name === '0' ? scope.special('0') : (scope.positional()[Number(name) - 1] ?? '');
    return scope.get(name) ?? '';
  }
  return scope.special(name);
}

/** ${NAME}, ${#NAME}, ${NAME:-w}, ${NAME-w}, ${NAME:=w}, ${NAME:+w}, ${NAME:?w}. */
async function braced(body: string, scope: ExpansionScope): Promise<string> {
  if (body.startsWith('#') && body.length > 1) return String(parameter(body.slice(1), scope).length);
  const m = /^([A-Za-z_][A-Za-z0-9_]*|\d+|[?$#!@*])(?::?([-=+?])(.*))?$/s.exec(body);
  if (!m) throw new ShellError(`syntax error: bad substitution`);
  const name = m[1]!;
  const value = name === '@' || name === '*' ? scope.positional().join(' ') : parameter(name, scope);
  const op = m[2];
  if (!op) return value;
  const colon = body.charAt(name.length) === ':';
  const unset = colon ? value === '' : scope.get(name) === undefined && !/^\d+$/.test(name);
  const word = () => expandString(m[3] ?? '', scope);
  switch (op) {
    case '-':
      return unset ? word() : value;
    case '=':
      if (unset) {
        const w = await word();
        scope.set(name, w);
        return w;
      }
      return value;
    case '+':
      return unset ? '' : word();
    default:
      if (unset) throw new ShellError(`${name}: ${(await word()) || 'parameter not set'}`);
      return value;
  }
}

function trimNewlines(s: string): string {
  return s.replace(/\n+$/, '');
}

/**
 * $((…)): integers with + - * / % ( ), comparisons, && || !, and variables by name
 * (unset or non-numeric ones count as 0).
 */
export function evaluateArithmetic(expr: string, scope: Pick<ExpansionScope, 'get'>): number {
  const tokens = expr.match(/\s*(\d+|[A-Za-z_][A-Za-z0-9_]*|&&|\|\||==|!=|<=|>=|[-+*/%()<>!])/gy)?.map((t) => t.trim()) ?? [];
  if (tokens.join('') !== expr.replace(/\s+/g, '')) throw new ShellError(`arithmetic syntax error`);
  let pos = 0;
  const peek = () => tokens[pos];
  const binary = (next: () => number, ops: Record<string, (a: number, b: number) => number>) => (): number => {
    let left = next();
    while (peek() !== undefined && ops[peek()!]) {
      const op = ops[tokens[pos++]!]!;
      left = op(left, next());
    }
    return left;
  };
  const primary = (): number => {
    const t = tokens[pos++];
    if (t === undefined) throw new ShellError('arithmetic syntax error');
    if (t === '(') {
      const v = or();
      if (tokens[pos++] !== ')') throw new ShellError('arithmetic syntax error');
      return v;
    }
    if (t === '-') return -primary();
    if (t === '+') return primary();
    if (t === '!') return primary() === 0 ? 1 : 0;
    if (/^\d+$/.test(t)) return Number(t);
    if (/^[A-Za-z_]/.test(t)) {
      const v = Number.parseInt(scope.get(t) ?? '0', 10);
      return Number.isNaN(v) ? 0 : v;
    }
    throw new ShellError('arithmetic syntax error');
  };
  const div = (a: number, b: number) => {
    if (b === 0) throw new ShellError('divide by zero');
    return Math.trunc(a / b);
  };
  const mod = (a: number, b: number) => {
    if (b === 0) throw new ShellError('divide by zero');
    return a % b;
  };
  const mul = binary(primary, { '*': (a, b) => a * b, '/': div, '%': mod });
  const add = binary(mul, { '+': (a, b) => a + b, '-': (a, b) => a - b });
  const cmp = binary(add, { '<': (a, b) => +(a < b), '>': (a, b) => +(a > b), '<=': (a, b) => +(a <= b), '>=': (a, b) => +(a >= b) });
  const eq = binary(cmp, { '==': (a, b) => +(a === b), '!=': (a, b) => +(a !== b) });
  const and = binary(eq, { '&&': (a, b) => +(a !== 0 && b !== 0) });
  const or = binary(and, { '||': (a, b) => +(a !== 0 || b !== 0) });
  if (tokens.length === 0) return 0;
  const v = or();
  if (pos !== tokens.length) throw new ShellError('arithmetic syntax error');
  return v;
}

export { ShellSyntaxError };
