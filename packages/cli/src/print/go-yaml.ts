/**
 * YAML as `kubectl get -o yaml` writes it: JSON objects through sigs.k8s.io/yaml, which is
 * go-yaml v2's Marshal of a map — keys sorted by go-yaml's "natural" order (digit runs
 * compare as numbers, letters after other characters), sequences not indented under their
 * key, strings plain unless they would read back as something else ("true", "012", "n",
 * "1:20") or start with an indicator, multi-line strings as literal blocks (`|`, `|-`), and
 * plain scalars folded at spaces past column 80, as go-yaml's emitter does.
 */

const BEST_WIDTH = 80;

export function toGoYaml(value: unknown): string {
  if (isMap(value) && Object.keys(value).length > 0) return mapLines(value, 0).join('\n') + '\n';
  if (Array.isArray(value) && value.length > 0) return seqLines(value, 0).join('\n') + '\n';
  return `${scalar(value, 0, 0)}\n`;
}

function mapLines(m: Record<string, unknown>, indent: number): string[] {
  const pad = ' '.repeat(indent);
  const out: string[] = [];
  for (const key of Object.keys(m).sort(naturalLess)) {
    const v = m[key];
    const k = pad + keyText(key);
    if (isMap(v) && Object.keys(v).length > 0) out.push(`${k}:`, ...mapLines(v, indent + 2));
    else if (Array.isArray(v) && v.length > 0) out.push(`${k}:`, ...seqLines(v, indent));
    else out.push(`${k}: ${scalar(v, indent + 2, k.length + 2)}`);
  }
  return out;
}

function seqLines(items: unknown[], indent: number): string[] {
  const pad = ' '.repeat(indent);
  const out: string[] = [];
  for (const v of items) {
    if (isMap(v) && Object.keys(v).length > 0) {
      const lines = mapLines(v, indent + 2);
      out.push(`${pad}- ${lines[0]!.slice(indent + 2)}`, ...lines.slice(1));
    } else if (Array.isArray(v) && v.length > 0) {
      const lines = seqLines(v, indent + 2);
      out.push(`${pad}- ${lines[0]!.slice(indent + 2)}`, ...lines.slice(1));
    } else out.push(`${pad}- ${scalar(v, indent + 2, indent + 2)}`);
  }
  return out;
}

function keyText(key: string): string {
  return key.includes('\n') ? JSON.stringify(key) : stringText(key, 0, 0);
}

function scalar(v: unknown, indent: number, column: number): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'boolean') return String(v);
  if (typeof v === 'number') return numberText(v);
  if (Array.isArray(v)) return '[]';
  if (typeof v === 'object') return '{}';
  return stringText(String(v), indent, column);
}

function numberText(n: number): string {
  if (Number.isInteger(n)) return String(n);
  const s = String(n);
  return s.includes('e') ? s.replace(/e\+?/, 'e+').replace('e+-', 'e-') : s;
}

function stringText(s: string, indent: number, column: number): string {
  if (s === '') return '""';
  if (s.includes('\n')) return literal(s, indent);
  if (needsDoubleQuotes(s)) return JSON.stringify(s);
  if (!plainAllowed(s)) return `'${s.replace(/'/g, "''")}'`;
  return fold(s, indent, column);
}

/** A string go-yaml would resolve to another type is double-quoted. */
function needsDoubleQuotes(s: string): boolean {
  if (/^(y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|null|Null|NULL|~)$/.test(s)) return true;
  if (/^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/.test(s)) return true;
  if (/^[-+]?0b[01_]+$|^[-+]?0x[0-9a-fA-F_]+$|^[-+]?0[0-7_]+$|^[-+]?[0-9][0-9_]*$/.test(s)) return true;
  if (/^[-+]?\.(inf|Inf|INF)$|^\.(nan|NaN|NAN)$/.test(s)) return true;
  // go-yaml v2 still reads base 60 floats ("1:20").
  if (/^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/.test(s)) return true;
  if (/^\d{4}-\d\d?-\d\d?([Tt ].*)?$/.test(s)) return true;
  return /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/.test(s);
}

/** The plain style, as libyaml's analyze_scalar allows it in block context. */
function plainAllowed(s: string): boolean {
  if (/^\s|\s$/.test(s)) return false;
  if (/^[,[\]{}#&*!|>'"%@`]/.test(s)) return false;
  if (/^[-?:]($|\s)/.test(s) || s.startsWith('---')) return false;
  return !(s.includes(': ') || s.includes(' #') || s.endsWith(':'));
}

/** Plain scalars break at a space once past column 80. */
function fold(s: string, indent: number, column: number): string {
  if (column + s.length <= BEST_WIDTH || !s.includes(' ')) return s;
  let out = '';
  let col = column;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === ' ' && col > BEST_WIDTH && s[i + 1] !== ' ' && s[i - 1] !== ' ') {
      out += `\n${' '.repeat(indent)}`;
      col = indent;
      continue;
    }
    out += c;
    col++;
  }
  return out;
}

function literal(s: string, indent: number): string {
  const trailing = /\n+$/.exec(s)?.[0].length ?? 0;
  const chomp = trailing === 0 ? '-' : trailing === 1 ? '' : '+';
  const body = trailing ? s.slice(0, -trailing) : s;
  const pad = ' '.repeat(indent);
  const indicator = body.startsWith(' ') ? '2' : '';
  const lines = body.split('\n').map((l) => (l === '' ? '' : pad + l));
  const extra = trailing > 1 ? Array<string>(trailing - 1).fill('') : [];
  return `|${indicator}${chomp}\n${[...lines, ...extra].join('\n')}`;
}

function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** go-yaml v2's keyList.Less. */
export function naturalLess(a: string, b: string): number {
  const ar = [...a];
  const br = [...b];
  for (let i = 0; i < ar.length && i < br.length; i++) {
    if (ar[i] === br[i]) continue;
    const al = isLetter(ar[i]!);
    const bl = isLetter(br[i]!);
    if (al && bl) return ar[i]! < br[i]! ? -1 : 1;
    if (al || bl) return bl ? -1 : 1;
    let an = 0;
    let bn = 0;
    if (ar[i] === '0' || br[i] === '0') {
      for (let j = i - 1; j >= 0 && isDigit(ar[j]!); j--) {
        if (ar[j] !== '0') {
          an = 1;
          bn = 1;
          break;
        }
      }
    }
    let ai = i;
    let bi = i;
    for (; ai < ar.length && isDigit(ar[ai]!); ai++) an = an * 10 + Number(ar[ai]);
    for (; bi < br.length && isDigit(br[bi]!); bi++) bn = bn * 10 + Number(br[bi]);
    if (an !== bn) return an < bn ? -1 : 1;
    if (ai !== bi) return ai < bi ? -1 : 1;
    return ar[i]! < br[i]! ? -1 : 1;
  }
  return ar.length - br.length;
}

function isLetter(c: string): boolean {
  return /\p{L}/u.test(c);
}

function isDigit(c: string): boolean {
  return c >= '0' && c <= '9';
}
