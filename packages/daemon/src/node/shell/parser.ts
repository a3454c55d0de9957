/**
 * The shell grammar a simulated container understands: the part of POSIX sh (and busybox
 * ash) that Kubernetes manifests and lab exercises use —
 *
 *   lists        a; b   a & b   newlines
 *   and-or       a && b || c
 *   pipelines    a | b   ! a
 *   compounds    ( … )  { …; }  if/elif/else/fi  while/until … do … done  for x in …; do … done
 *   simple       NAME=value cmd arg… with redirections  > >> < 2>&1 >&2 &>
 *
 * Words are kept as their source text; expansion (quotes, $VAR, ${…}, $(…), `…`, $((…)))
 * happens when a command runs (expand.ts), as in a real shell. Unsupported syntax (case,
 * functions, here-documents) is a syntax error with the message busybox would give.
 */

export type Word = string;

export interface Redirect {
  fd: number;
  op: '>' | '>>' | '<' | '>&' | '<&';
  target: Word;
}

export type Command =
  | { type: 'simple'; assignments: Word[]; words: Word[]; redirects: Redirect[] }
  | { type: 'pipeline'; commands: Command[]; negate: boolean }
  | { type: 'andor'; first: Command; rest: Array<{ op: '&&' | '||'; command: Command }> }
  | { type: 'list'; items: Array<{ command: Command; background: boolean }> }
  | { type: 'subshell' | 'group'; body: Command; redirects: Redirect[] }
  | { type: 'if'; clauses: Array<{ cond: Command; body: Command }>; elseBody: Command | undefined; redirects: Redirect[] }
  | { type: 'while'; until: boolean; cond: Command; body: Command; redirects: Redirect[] }
  | { type: 'for'; name: string; items: Word[] | undefined; body: Command; redirects: Redirect[] };

type Op = ';' | '&&' | '||' | '|' | '&' | '(' | ')' | '>' | '>>' | '<' | '>&' | '<&' | '&>' | ';;' | '\n';

type Token = { kind: 'word'; text: string } | { kind: 'op'; op: Op; fd?: number } | { kind: 'eof' };

export class ShellSyntaxError extends Error {}

const OPS: Op[] = ['&&', '||', ';;', '>>', '>&', '<&', '&>', ';', '&', '|', '(', ')', '>', '<'];
const META = new Set([' ', '\t', '\n', ';', '&', '|', '(', ')', '<', '>']);
const RESERVED = new Set(['if', 'then', 'elif', 'else', 'fi', 'while', 'until', 'do', 'done', 'for', 'in', '{', '}', '!', 'case', 'esac']);

/** Splits source into tokens; words keep their quotes for expansion later. */
export function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (c === ' ' || c === '\t') {
      i++;
      continue;
    }
    if (c === '\\' && src[i + 1] === '\n') {
      i += 2;
      continue;
    }
    if (c === '#') {
      while (i < src.length && src[i] !== '\n') i++;
      continue;
    }
    if (c === '\n') {
      out.push({ kind: 'op', op: '\n' });
      i++;
      continue;
    }
    const op = OPS.find((o) => src.startsWith(o, i));
    if (op) {
      out.push({ kind: 'op', op });
      i += op.length;
      continue;
    }
    const end = scanWord(src, i);
    const text = src.slice(i, end);
    // An IO number: digits right before a redirection operator ("2>&1").
    if (/^\d+$/.test(text) && (src[end] === '>' || src[end] === '<')) {
      const redirect = OPS.find((o) => src.startsWith(o, end) && ['>', '>>', '<', '>&', '<&'].includes(o))!;
      out.push({ kind: 'op', op: redirect, fd: Number(text) });
      i = end + redirect.length;
      continue;
    }
    out.push({ kind: 'word', text });
    i = end;
  }
  out.push({ kind: 'eof' });
  return out;
}

/** The end of the word starting at i: quotes and substitutions may contain metacharacters. */
function scanWord(src: string, i: number): number {
  while (i < src.length && !META.has(src[i]!)) i = skipUnit(src, i);
  return i;
}

/** Skips one character, or one quoted string or substitution, starting at i. */
export function skipUnit(src: string, i: number): number {
  const c = src[i]!;
  if (c === '\\') return Math.min(src.length, i + 2);
  if (c === "'") {
    const close = src.indexOf("'", i + 1);
    if (close < 0) throw new ShellSyntaxError('syntax error: unterminated quoted string');
    return close + 1;
  }
  if (c === '"') {
    let j = i + 1;
    while (j < src.length && src[j] !== '"') {
      if (src[j] === '\\') j += 2;
      else if (src[j] === '$' || src[j] === '`') j = skipUnit(src, j);
      else j++;
    }
    if (j >= src.length) throw new ShellSyntaxError('syntax error: unterminated quoted string');
    return j + 1;
  }
  if (c === '`') {
    let j = i + 1;
    while (j < src.length && src[j] !== '`') j += src[j] === '\\' ? 2 : 1;
    if (j >= src.length) throw new ShellSyntaxError('syntax error: unterminated backquote');
    return j + 1;
  }
  if (c === '$' && src[i + 1] === '(') return matchParen(src, i + 1);
  if (c === '$' && src[i + 1] === '{') {
    const close = src.indexOf('}', i + 2);
    if (close < 0) throw new ShellSyntaxError('syntax error: missing }');
    return close + 1;
  }
  return i + 1;
}

/** The index after the ")" matching the "(" at open, skipping quotes inside. */
export function matchParen(src: string, open: number): number {
  let depth = 0;
  let j = open;
  while (j < src.length) {
    const c = src[j]!;
    if (c === '(') {
      depth++;
      j++;
    } else if (c === ')') {
      depth--;
      j++;
      if (depth === 0) return j;
    } else if (c === "'" || c === '"' || c === '`' || c === '\\') {
      j = skipUnit(src, j);
    } else j++;
  }
  throw new ShellSyntaxError("syntax error: unexpected end of file (expecting \")\")");
}

/** Parses a whole script. */
export function parse(src: string): Command {
  return new Parser(tokenize(src)).script();
}

class Parser {
  private pos = 0;

  constructor(private readonly tokens: Token[]) {}

  script(): Command {
    const list = this.list(new Set());
    const t = this.peek();
    if (t.kind !== 'eof') throw this.unexpected(t);
    return list;
  }

  /** A list ending before any of the reserved words in `stop` (or ")" / eof). */
  private list(stop: Set<string>): Command {
    const items: Array<{ command: Command; background: boolean }> = [];
    for (;;) {
      this.skipNewlines();
      const t = this.peek();
      if (t.kind === 'eof' || (t.kind === 'op' && t.op === ')') || (t.kind === 'word' && stop.has(t.text))) break;
      const command = this.andOr();
      let background = false;
      const sep = this.peek();
      if (sep.kind === 'op' && (sep.op === ';' || sep.op === '&' || sep.op === '\n')) {
        background = sep.op === '&';
        this.pos++;
        items.push({ command, background });
        continue;
      }
      items.push({ command, background });
      break;
    }
    if (items.length === 1 && !items[0]!.background) return items[0]!.command;
    return { type: 'list', items };
  }

  private andOr(): Command {
    const first = this.pipeline();
    const rest: Array<{ op: '&&' | '||'; command: Command }> = [];
    for (;;) {
      const t = this.peek();
      if (t.kind !== 'op' || (t.op !== '&&' && t.op !== '||')) break;
      this.pos++;
      this.skipNewlines();
      rest.push({ op: t.op, command: this.pipeline() });
    }
    return rest.length === 0 ? first : { type: 'andor', first, rest };
  }

  private pipeline(): Command {
    let negate = false;
    if (this.isWord('!')) {
      this.pos++;
      negate = true;
    }
    const commands = [this.command()];
    for (;;) {
      const t = this.peek();
      if (t.kind !== 'op' || t.op !== '|') break;
      this.pos++;
      this.skipNewlines();
      commands.push(this.command());
    }
    return commands.length === 1 && !negate ? commands[0]! : { type: 'pipeline', commands, negate };
  }

  private command(): Command {
    const t = this.peek();
    if (t.kind === 'op' && t.op === '(') {
      this.pos++;
      const body = this.list(new Set());
      this.expectOp(')');
      return { type: 'subshell', body, redirects: this.redirects() };
    }
    if (t.kind === 'word') {
      switch (t.text) {
        case '{': {
          this.pos++;
          const body = this.list(new Set(['}']));
          this.expectWord('}');
          return { type: 'group', body, redirects: this.redirects() };
        }
        case 'if':
          return this.ifCommand();
        case 'while':
        case 'until':
          return this.whileCommand(t.text === 'until');
        case 'for':
          return this.forCommand();
        case 'case':
          throw new ShellSyntaxError('syntax error: "case" is not supported by this shell');
        case 'then':
        case 'elif':
        case 'else':
        case 'fi':
        case 'do':
        case 'done':
        case '}':
          throw this.unexpected(t);
      }
    }
    return this.simple();
  }

  private ifCommand(): Command {
    this.expectWord('if');
    const clauses: Array<{ cond: Command; body: Command }> = [];
    let elseBody: Command | undefined;
    for (;;) {
      const cond = this.list(new Set(['then']));
      this.expectWord('then');
      const body = this.list(new Set(['elif', 'else', 'fi']));
      clauses.push({ cond, body });
      if (this.isWord('elif')) {
        this.pos++;
        continue;
      }
      if (this.isWord('else')) {
        this.pos++;
        elseBody = this.list(new Set(['fi']));
      }
      this.expectWord('fi');
      break;
    }
    return { type: 'if', clauses, elseBody, redirects: this.redirects() };
  }

  private whileCommand(until: boolean): Command {
    this.pos++;
    const cond = this.list(new Set(['do']));
    this.expectWord('do');
    const body = this.list(new Set(['done']));
    this.expectWord('done');
    return { type: 'while', until, cond, body, redirects: this.redirects() };
  }

  private forCommand(): Command {
    this.pos++;
    const name = this.peek();
    if (name.kind !== 'word' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name.text)) throw new ShellSyntaxError(`syntax error: bad for loop variable`);
    this.pos++;
    let items: Word[] | undefined;
    this.skipNewlines();
    if (this.isWord('in')) {
      this.pos++;
      items = [];
      for (;;) {
        const t = this.peek();
        if (t.kind !== 'word') break;
        items.push(t.text);
        this.pos++;
      }
      const sep = this.peek();
      if (sep.kind === 'op' && (sep.op === ';' || sep.op === '\n')) this.pos++;
    } else {
      const sep = this.peek();
      if (sep.kind === 'op' && sep.op === ';') this.pos++;
    }
    this.skipNewlines();
    this.expectWord('do');
    const body = this.list(new Set(['done']));
    this.expectWord('done');
    return { type: 'for', name: name.text, items, body, redirects: this.redirects() };
  }

  private simple(): Command {
    const assignments: Word[] = [];
    const words: Word[] = [];
    const redirects: Redirect[] = [];
    for (;;) {
      const t = this.peek();
      if (t.kind === 'word') {
        if (words.length === 0 && /^[A-Za-z_][A-Za-z0-9_]*=/.test(t.text)) assignments.push(t.text);
        else words.push(t.text);
        this.pos++;
        continue;
      }
      const r = this.redirect();
      if (r) {
        redirects.push(...r);
        continue;
      }
      break;
    }
    if (assignments.length === 0 && words.length === 0 && redirects.length === 0) throw this.unexpected(this.peek());
    return { type: 'simple', assignments, words, redirects };
  }

  private redirects(): Redirect[] {
    const out: Redirect[] = [];
    for (let r = this.redirect(); r; r = this.redirect()) out.push(...r);
    return out;
  }

  private redirect(): Redirect[] | undefined {
    const t = this.peek();
    if (t.kind !== 'op' || !['>', '>>', '<', '>&', '<&', '&>'].includes(t.op)) return undefined;
    this.pos++;
    const target = this.peek();
    if (target.kind !== 'word') throw this.unexpected(target);
    this.pos++;
    if (t.op === '&>') return [{ fd: 1, op: '>', target: target.text }, { fd: 2, op: '>&', target: '1' }];
    const op = t.op as Redirect['op'];
    return [{ fd: t.fd ?? (op === '<' || op === '<&' ? 0 : 1), op, target: target.text }];
  }

  private peek(): Token {
    return this.tokens[this.pos] ?? { kind: 'eof' };
  }

  private isWord(text: string): boolean {
    const t = this.peek();
    return t.kind === 'word' && t.text === text;
  }

  private skipNewlines(): void {
    for (let t = this.peek(); t.kind === 'op' && t.op === '\n'; t = this.peek()) this.pos++;
  }

  private expectWord(text: string): void {
    this.skipNewlines();
    if (!this.isWord(text)) throw this.unexpected(this.peek(), text);
    this.pos++;
  }

  private expectOp(op: Op): void {
    this.skipNewlines();
    const t = this.peek();
    if (t.kind !== 'op' || t.op !== op) throw this.unexpected(t, op);
    this.pos++;
  }

  /** busybox ash's wording: `syntax error: unexpected "fi"`, `unexpected end of file`. */
  private unexpected(t: Token, expecting?: string): ShellSyntaxError {
    const suffix = expecting ? ` (expecting "${expecting}")` : '';
    if (t.kind === 'eof') return new ShellSyntaxError(`syntax error: unexpected end of file${suffix}`);
    const text = t.kind === 'word' ? t.text : t.op === '\n' ? 'newline' : t.op;
    return new ShellSyntaxError(`syntax error: unexpected "${text}"${suffix}`);
  }
}

export function isReservedWord(w: string): boolean {
  return RESERVED.has(w);
}
