/**
 * A fast reader for kubeconfigs in the plain block style that kubelabd and `kubectl config`
 * write: nested maps and lists of maps, one `key: value` a line, plain or quoted one-line
 * scalars, `{}` and `[]`. Anything else — anchors, flow collections, block scalars, inline
 * comments, tabs, several documents — makes it return undefined, and the caller falls back to
 * the full YAML parser. Why: loading the `yaml` package costs about 50 ms of CPU, more than
 * the rest of a `kubelab status`, and every command that talks to the API reads a kubeconfig.
 */
export type Scanned = string | null | Scanned[] | { [key: string]: Scanned };

interface Line {
  indent: number;
  text: string;
}

class Unsupported extends Error {}

export function scanKubeconfig(text: string): Record<string, Scanned> | undefined {
  const lines: Line[] = [];
  for (const raw of text.split(/\r?\n/)) {
    if (raw.trim() === '' || /^\s*#/.test(raw)) continue;
    if (/^\s*\t/.test(raw) || raw === '---' || raw === '...') return undefined;
    const indent = raw.length - raw.trimStart().length;
    lines.push({ indent, text: raw.slice(indent).trimEnd() });
  }
  if (lines.length === 0 || lines[0]?.indent !== 0) return undefined;
  try {
    const parser = new BlockParser(lines);
    const root = parser.map(0);
    if (!parser.done()) return undefined;
    return root;
  } catch (err) {
    if (err instanceof Unsupported) return undefined;
    throw err;
  }
}

class BlockParser {
  private i = 0;

  constructor(private readonly lines: Line[]) {}

  done(): boolean {
    return this.i === this.lines.length;
  }

  private peek(): Line | undefined {
    return this.lines[this.i];
  }

  map(indent: number): Record<string, Scanned> {
    const out: Record<string, Scanned> = {};
    for (let line = this.peek(); line && line.indent === indent && !isItem(line.text); line = this.peek()) {
      const m = /^([A-Za-z0-9_][\w.-]*):(?: (.*))?$/.exec(line.text);
      if (!m?.[1]) throw new Unsupported();
      this.i++;
      out[m[1]] = m[2] !== undefined ? scalar(m[2]) : this.nested(indent);
    }
    const next = this.peek();
    if (next && next.indent > indent) throw new Unsupported();
    return out;
  }

  /** The value of a `key:` line: an indented block, a list at the key's own indent, or null. */
  private nested(indent: number): Scanned {
    const next = this.peek();
    if (next && next.indent > indent) return isItem(next.text) ? this.list(next.indent) : this.map(next.indent);
    if (next && next.indent === indent && isItem(next.text)) return this.list(indent);
    return null;
  }

  private list(indent: number): Scanned[] {
    const out: Scanned[] = [];
    for (let line = this.peek(); line && line.indent === indent && isItem(line.text); line = this.peek()) {
      const rest = line.text.slice(1).trimStart();
      if (rest === '' || !/^[\w.-]+:( |$)/.test(rest)) {
        if (rest === '') throw new Unsupported();
        this.i++;
        out.push(scalar(rest));
        continue;
      }
      // "- key: value": the item is a map whose keys line up after the dash.
      this.lines[this.i] = { indent: indent + line.text.length - rest.length, text: rest };
      out.push(this.map(indent + line.text.length - rest.length));
    }
    return out;
  }
}

function isItem(text: string): boolean {
  return text === '-' || text.startsWith('- ');
}

function scalar(s: string): Scanned {
  if (s === '{}') return {};
  if (s === '[]') return [];
  if (s === 'null' || s === '~') return null;
  if (s.startsWith('"')) {
    if (!s.endsWith('"') || s.length < 2) throw new Unsupported();
    try {
      return JSON.parse(s) as string;
    } catch {
      throw new Unsupported();
    }
  }
  if (s.startsWith("'")) {
    if (!s.endsWith("'") || s.length < 2 || s.slice(1, -1).replace(/''/g, '').includes("'")) throw new Unsupported();
    return s.slice(1, -1).replace(/''/g, "'");
  }
  if (/^[&*!|>{[%@`#,?:-]/.test(s) || s.includes(' #') || s.includes(': ')) throw new Unsupported();
  return s;
}
