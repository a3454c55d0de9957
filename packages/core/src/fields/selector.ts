/**
 * Field selectors as k8s.io/apimachinery/pkg/fields parses them: `a=b`, `a==b`, `a!=b`,
 * comma-separated and ANDed, with `\` escaping `,` `=` `!` and `\` in values. Which fields a
 * kind supports is the kind's business (its strategy's field set); asking for another one is
 * a 400 `field label not supported: <field>`.
 */

export interface FieldRequirement {
  field: string;
  operator: '=' | '!=';
  value: string;
}

export class FieldSelectorParseError extends Error {}

export class FieldSelector {
  constructor(readonly requirements: readonly FieldRequirement[]) {}

  get empty(): boolean {
    return this.requirements.length === 0;
  }

  /** True when every requirement holds for the object's fields (a Map or record of strings). */
  matches(fields: (field: string) => string | undefined): boolean {
    return this.requirements.every((r) => {
      const v = fields(r.field) ?? '';
      return r.operator === '=' ? v === r.value : v !== r.value;
    });
  }

  /** The value a requirement pins a field to (`spec.nodeName=x` → "x"), if any. */
  exactValue(field: string): string | undefined {
    return this.requirements.find((r) => r.field === field && r.operator === '=')?.value;
  }

  toString(): string {
    return this.requirements.map((r) => `${r.field}${r.operator}${escape(r.value)}`).join(',');
  }
}

export function parseFieldSelector(input: string): FieldSelector {
  const reqs: FieldRequirement[] = [];
  for (const part of splitUnescaped(input, ',')) {
    if (part === '') continue;
    const m = findOperator(part);
    if (!m) throw new FieldSelectorParseError(`invalid selector: '${input}'; can't understand '${part}'`);
    const field = part.slice(0, m.index);
    const raw = part.slice(m.index + m.op.length);
    reqs.push({ field, operator: m.op === '!=' ? '!=' : '=', value: unescape(raw, input) });
  }
  return new FieldSelector(reqs);
}

function findOperator(part: string): { index: number; op: '!=' | '==' | '=' } | undefined {
  for (let i = 0; i < part.length; i++) {
    const c = part[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (c === '!' && part[i + 1] === '=') return { index: i, op: '!=' };
    if (c === '=' && part[i + 1] === '=') return { index: i, op: '==' };
    if (c === '=') return { index: i, op: '=' };
  }
  return undefined;
}

function splitUnescaped(s: string, sep: string): string[] {
  const out: string[] = [];
  let cur = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '\\' && i + 1 < s.length) {
      cur += c + s[i + 1];
      i++;
    } else if (c === sep) {
      out.push(cur);
      cur = '';
    } else {
      cur += c;
    }
  }
  out.push(cur);
  return out;
}

function unescape(v: string, whole: string): string {
  let out = '';
  for (let i = 0; i < v.length; i++) {
    const c = v[i]!;
    if (c === '\\') {
      const n = v[i + 1];
      if (n === undefined || !'\\,=!'.includes(n)) {
        throw new FieldSelectorParseError(`invalid field selector: '${whole}'; invalid escape sequence`);
      }
      out += n;
      i++;
    } else if (c === '=' || c === ',' || c === '!') {
      throw new FieldSelectorParseError(`invalid field selector: '${whole}'; unescaped ${c} in value`);
    } else {
      out += c;
    }
  }
  return out;
}

function escape(v: string): string {
  return v.replace(/[\\,=!]/g, (c) => `\\${c}`);
}
