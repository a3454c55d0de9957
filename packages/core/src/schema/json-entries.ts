/**
 * A JSON parser that keeps what JSON.parse throws away: the order of an object's keys and
 * keys that appear more than once. Strict field validation needs both, because
 * kube-apiserver reports unknown and duplicate fields in the order its decoder meets them.
 */

export type JsonEntryValue =
  | { kind: 'object'; entries: Array<[key: string, value: JsonEntryValue]> }
  | { kind: 'array'; items: JsonEntryValue[] }
  | { kind: 'scalar'; value: string | number | boolean | null };

/** Parses JSON text; throws SyntaxError (with the offset) on malformed input. */
export function parseJsonEntries(text: string): JsonEntryValue {
  const p = new Parser(text);
  p.space();
  const value = p.value();
  p.space();
  if (p.pos !== text.length) p.fail('unexpected text after the JSON value');
  return value;
}

/** The entry form of an already parsed value (its keys cannot repeat). */
export function toJsonEntries(value: unknown): JsonEntryValue {
  if (Array.isArray(value)) return { kind: 'array', items: value.map(toJsonEntries) };
  if (value !== null && typeof value === 'object') {
    return { kind: 'object', entries: Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, toJsonEntries(v)]) };
  }
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return { kind: 'scalar', value };
  return { kind: 'scalar', value: null };
}

const LITERAL = /true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

class Parser {
  pos = 0;
  /** Where the next backslash at or after `pos` is (text.length: none); -1 until searched. */
  private backslash = -1;
  constructor(private readonly text: string) {}

  fail(message: string): never {
    throw new SyntaxError(`${message} at offset ${this.pos}`);
  }

  space(): void {
    while (this.pos < this.text.length) {
      const c = this.text.charCodeAt(this.pos);
      if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return;
      this.pos++;
    }
  }

  value(): JsonEntryValue {
    const c = this.text[this.pos];
    if (c === '{') return this.object();
    if (c === '[') return this.array();
    if (c === '"') return { kind: 'scalar', value: this.string() };
    return { kind: 'scalar', value: this.literal() };
  }

  private object(): JsonEntryValue {
    this.pos++;
    const entries: Array<[string, JsonEntryValue]> = [];
    this.space();
    if (this.text[this.pos] === '}') {
      this.pos++;
      return { kind: 'object', entries };
    }
    for (;;) {
      this.space();
      if (this.text[this.pos] !== '"') this.fail('expected a string key');
      const key = this.string();
      this.space();
      if (this.text[this.pos] !== ':') this.fail("expected ':'");
      this.pos++;
      this.space();
      entries.push([key, this.value()]);
      this.space();
      const next = this.text[this.pos++];
      if (next === '}') return { kind: 'object', entries };
      if (next !== ',') this.fail("expected ',' or '}'");
    }
  }

  private array(): JsonEntryValue {
    this.pos++;
    const items: JsonEntryValue[] = [];
    this.space();
    if (this.text[this.pos] === ']') {
      this.pos++;
      return { kind: 'array', items };
    }
    for (;;) {
      this.space();
      items.push(this.value());
      this.space();
      const next = this.text[this.pos++];
      if (next === ']') return { kind: 'array', items };
      if (next !== ',') this.fail("expected ',' or ']'");
    }
  }

  /**
   * A string token. Found with indexOf rather than char by char: a ConfigMap's or Secret's
   * values are long strings, and this parse runs on every write's body.
   */
  private string(): string {
    const text = this.text;
    const start = this.pos;
    let from = start + 1;
    let escaped = false;
    for (;;) {
      const quote = text.indexOf('"', from);
      if (quote < 0) {
        this.pos = text.length;
        return this.fail('unterminated string');
      }
      if (this.backslash < from) {
        const b = text.indexOf('\\', from);
        this.backslash = b < 0 ? text.length : b;
      }
      if (this.backslash > quote) {
        this.pos = quote + 1;
        const raw = text.slice(start, this.pos);
        // Only strings with escapes need JSON.parse; it also rejects malformed escapes.
        return escaped ? (JSON.parse(raw) as string) : raw.slice(1, -1);
      }
      // An escape before the quote: skip the escaped character, which may be a quote.
      escaped = true;
      from = this.backslash + 2;
      if (from > text.length) {
        this.pos = text.length;
        return this.fail('unterminated string');
      }
    }
  }

  private literal(): string | number | boolean | null {
    LITERAL.lastIndex = this.pos;
    const m = LITERAL.exec(this.text);
    if (!m) this.fail('unexpected character');
    this.pos += m[0].length;
    return JSON.parse(m[0]) as string | number | boolean | null;
  }
}
