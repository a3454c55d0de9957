/**
 * Label selectors as k8s.io/apimachinery/pkg/labels parses and matches them:
 * equality-based (`app=web`, `app==web`, `tier!=db`), set-based (`env in (a,b)`,
 * `env notin (a)`, `canary`, `!canary`) and the numeric `gt`/`lt` forms (`rank>3`),
 * comma-separated and ANDed. The same requirements come from a LabelSelector object
 * (matchLabels + matchExpressions), as Deployments and Services carry them.
 */

export type Operator = '=' | '!=' | 'in' | 'notin' | 'exists' | '!' | 'gt' | 'lt';

export interface Requirement {
  key: string;
  operator: Operator;
  values: string[];
}

export interface LabelSelectorRequirement {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  values?: string[];
}

/** metav1.LabelSelector */
export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: LabelSelectorRequirement[];
}

export class Selector {
  constructor(readonly requirements: readonly Requirement[]) {}

  /** Selects everything. */
  static everything(): Selector {
    return new Selector([]);
  }

  get empty(): boolean {
    return this.requirements.length === 0;
  }

  matches(labels: Record<string, string> | undefined): boolean {
    const l = labels ?? {};
    return this.requirements.every((r) => matchRequirement(r, l));
  }

  /** The canonical string form (as labels.Selector.String prints it). */
  toString(): string {
    return this.requirements.map(requirementString).join(',');
  }
}

function matchRequirement(r: Requirement, labels: Record<string, string>): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, r.key);
  const v = has ? labels[r.key]! : undefined;
  switch (r.operator) {
    case '=':
    case 'in':
      return has && r.values.includes(v!);
    case '!=':
    case 'notin':
      return !has || !r.values.includes(v!);
    case 'exists':
      return has;
    case '!':
      return !has;
    case 'gt':
    case 'lt': {
      if (!has) return false;
      const n = Number.parseInt(v!, 10);
      const bound = Number.parseInt(r.values[0]!, 10);
      if (Number.isNaN(n) || String(n) !== v!.trim()) return false;
      return r.operator === 'gt' ? n > bound : n < bound;
    }
  }
}

function requirementString(r: Requirement): string {
  switch (r.operator) {
    case '=':
      return `${r.key}=${r.values[0]}`;
    case '!=':
      return `${r.key}!=${r.values[0]}`;
    case 'in':
      return `${r.key} in (${r.values.join(',')})`;
    case 'notin':
      return `${r.key} notin (${r.values.join(',')})`;
    case 'exists':
      return r.key;
    case '!':
      return `!${r.key}`;
    case 'gt':
      return `${r.key}>${r.values[0]}`;
    case 'lt':
      return `${r.key}<${r.values[0]}`;
  }
}

export class SelectorParseError extends Error {}

/**
 * Parses a selector string. Errors read like upstream's ("unable to parse requirement: …",
 * "found '…', expected: …") because kubectl shows them verbatim in `Error from server
 * (BadRequest)`.
 */
export function parseSelector(input: string): Selector {
  const p = new Parser(input);
  return new Selector(p.parse());
}

/** The selector of a metav1.LabelSelector; an absent selector selects nothing, an empty one everything. */
export function selectorFromLabelSelector(ls: LabelSelector | null | undefined): Selector | undefined {
  if (!ls) return undefined;
  const reqs: Requirement[] = [];
  for (const [key, value] of Object.entries(ls.matchLabels ?? {})) reqs.push({ key, operator: '=', values: [value] });
  for (const e of ls.matchExpressions ?? []) {
    const values = [...(e.values ?? [])].sort();
    switch (e.operator) {
      case 'In':
        reqs.push({ key: e.key, operator: 'in', values });
        break;
      case 'NotIn':
        reqs.push({ key: e.key, operator: 'notin', values });
        break;
      case 'Exists':
        reqs.push({ key: e.key, operator: 'exists', values: [] });
        break;
      case 'DoesNotExist':
        reqs.push({ key: e.key, operator: '!', values: [] });
        break;
      default:
        throw new SelectorParseError(`${String((e as { operator: unknown }).operator)} is not a valid label selector operator`);
    }
  }
  reqs.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return new Selector(reqs);
}

/** The string form of a metav1.LabelSelector (what `kubectl get -o wide` shows as SELECTOR). */
export function formatLabelSelector(ls: LabelSelector | null | undefined): string {
  if (!ls) return '<none>';
  const s = selectorFromLabelSelector(ls)!.toString();
  return s === '' ? '<none>' : s;
}

type Token =
  | { t: 'id'; v: string }
  | { t: 'op'; v: '=' | '==' | '!=' | '>' | '<' | '!' | '(' | ')' | ',' }
  | { t: 'in' | 'notin' }
  | { t: 'end' };

const SPECIAL = new Set(['=', '!', '(', ')', ',', '>', '<']);

class Parser {
  private tokens: Token[] = [];
  private pos = 0;

  constructor(private readonly input: string) {
    this.lex();
  }

  parse(): Requirement[] {
    const out: Requirement[] = [];
    if (this.peek().t === 'end') return out;
    for (;;) {
      out.push(this.requirement());
      const t = this.next();
      if (t.t === 'end') break;
      if (!(t.t === 'op' && t.v === ',')) throw new SelectorParseError(`found '${show(t)}', expected: ',' or 'end of string'`);
      if (this.peek().t === 'end') throw new SelectorParseError(`found '', expected: identifier after ','`);
    }
    out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    return out;
  }

  private requirement(): Requirement {
    let t = this.next();
    if (t.t === 'op' && t.v === '!') {
      t = this.next();
      if (t.t !== 'id') throw new SelectorParseError(`unable to parse requirement: found '${show(t)}', expected: identifier`);
      return { key: validateKey(t.v), operator: '!', values: [] };
    }
    if (t.t !== 'id') throw new SelectorParseError(`unable to parse requirement: found '${show(t)}', expected: !, identifier, or 'end of string'`);
    const key = validateKey(t.v);
    const op = this.peek();
    if (op.t === 'end' || (op.t === 'op' && op.v === ',')) return { key, operator: 'exists', values: [] };
    this.next();
    if (op.t === 'in' || op.t === 'notin') return { key, operator: op.t, values: this.set() };
    if (op.t === 'op' && (op.v === '=' || op.v === '==' || op.v === '!=')) {
      const v = this.value();
      return { key, operator: op.v === '!=' ? '!=' : '=', values: [v] };
    }
    if (op.t === 'op' && (op.v === '>' || op.v === '<')) {
      const v = this.value();
      if (!/^-?\d+$/.test(v)) throw new SelectorParseError(`unable to parse requirement: for 'Gt', 'Lt' operators, the value must be an integer`);
      return { key, operator: op.v === '>' ? 'gt' : 'lt', values: [v] };
    }
    throw new SelectorParseError(`unable to parse requirement: found '${show(op)}', expected: in, notin, =, ==, !=, gt, lt`);
  }

  private value(): string {
    const t = this.peek();
    if (t.t === 'id') {
      this.next();
      return validateValue(t.v);
    }
    if (t.t === 'in' || t.t === 'notin') {
      this.next();
      return t.t;
    }
    // An empty value (`app=`) is allowed: it matches labels set to "".
    return '';
  }

  private set(): string[] {
    const open = this.next();
    if (!(open.t === 'op' && open.v === '(')) throw new SelectorParseError(`found '${show(open)}', expected: '('`);
    const values: string[] = [];
    for (;;) {
      const t = this.peek();
      if (t.t === 'op' && t.v === ')') {
        this.next();
        if (values.length === 0) values.push('');
        break;
      }
      if (t.t === 'op' && t.v === ',') {
        this.next();
        values.push('');
        continue;
      }
      const v = this.next();
      if (v.t !== 'id') throw new SelectorParseError(`found '${show(v)}', expected: ',', ')' or identifier`);
      values.push(validateValue(v.v));
      const sep = this.next();
      if (sep.t === 'op' && sep.v === ')') break;
      if (!(sep.t === 'op' && sep.v === ',')) throw new SelectorParseError(`found '${show(sep)}', expected: ',' or ')'`);
    }
    return [...new Set(values)].sort();
  }

  private peek(): Token {
    return this.tokens[this.pos] ?? { t: 'end' };
  }

  private next(): Token {
    const t = this.peek();
    if (this.pos < this.tokens.length) this.pos++;
    return t;
  }

  private lex(): void {
    const s = this.input;
    let i = 0;
    while (i < s.length) {
      const c = s[i]!;
      if (c === ' ' || c === '\t' || c === '\n') {
        i++;
        continue;
      }
      if (SPECIAL.has(c)) {
        const two = s.slice(i, i + 2);
        if (two === '==' || two === '!=') {
          this.tokens.push({ t: 'op', v: two });
          i += 2;
        } else {
          this.tokens.push({ t: 'op', v: c as '=' });
          i++;
        }
        continue;
      }
      let j = i;
      while (j < s.length && !SPECIAL.has(s[j]!) && !/\s/.test(s[j]!)) j++;
      const word = s.slice(i, j);
      if (word === 'in' || word === 'notin') this.tokens.push({ t: word });
      else this.tokens.push({ t: 'id', v: word });
      i = j;
    }
  }
}

function show(t: Token): string {
  if (t.t === 'end') return '';
  if (t.t === 'id' || t.t === 'op') return t.v;
  return t.t;
}

const NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** A label key: an optional DNS subdomain prefix and "/", then a name of ≤ 63 characters. */
function validateKey(key: string): string {
  const slash = key.lastIndexOf('/');
  const name = slash < 0 ? key : key.slice(slash + 1);
  const prefix = slash < 0 ? undefined : key.slice(0, slash);
  const ok = name.length > 0 && name.length <= 63 && NAME.test(name) && (prefix === undefined || (prefix.length <= 253 && DNS_SUBDOMAIN.test(prefix)));
  if (!ok) {
    throw new SelectorParseError(
      `unable to parse requirement: <nil>: Invalid value: "${key}": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`,
    );
  }
  return key;
}

function validateValue(value: string): string {
  if (value !== '' && (value.length > 63 || !NAME.test(value))) {
    throw new SelectorParseError(
      `unable to parse requirement: values[0][${value}]: Invalid value: "${value}": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`,
    );
  }
  return value;
}
