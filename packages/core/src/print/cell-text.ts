/**
 * How kubectl turns one table cell into text (k8s.io/cli-runtime/pkg/printers,
 * tableprinter.go printTable and terminal.go). Strings are cut at the first line break
 * (\n, \r or \f) with "..." appended, so a row stays on one line; everything else is printed
 * with Go's %v as it comes out of JSON (int64, float64, bool, slices, maps); a null cell
 * prints nothing. The ESC character then shows as "^[" and a carriage return as "\r", so
 * server data cannot drive the terminal.
 */
import type { Cell } from './table-types.js';

export function cellText(cell: Cell | undefined): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'string') {
    const brk = cell.search(/[\f\n\r]/);
    return brk < 0 ? escapeTerminal(cell) : `${escapeTerminal(cell.slice(0, brk))}...`;
  }
  return escapeTerminal(goValue(cell));
}

/** terminalEscaper: ESC → "^[", CR → "\r". */
export function escapeTerminal(s: string): string {
  return s.replace(/\x1b/g, '^[').replace(/\r/g, '\\r');
}

/** Go's fmt %v of a JSON-decoded value. */
export function goValue(v: Cell): string {
  if (v === null) return '<nil>';
  switch (typeof v) {
    case 'string':
      return v;
    case 'boolean':
      return v ? 'true' : 'false';
    case 'number':
      return goNumber(v);
    default:
      if (Array.isArray(v)) return `[${v.map(goValue).join(' ')}]`;
      return `map[${Object.keys(v)
        .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
        .map((k) => `${k}:${goValue(v[k]!)}`)
        .join(' ')}]`;
  }
}

/**
 * Whole numbers decode to int64 and print plainly; others are float64, which %v prints in
 * the shortest form, switching to an exponent ("1e-05", "1e+21") below 1e-4 or from 1e21.
 */
function goNumber(n: number): string {
  if (!Number.isFinite(n)) return Number.isNaN(n) ? 'NaN' : n > 0 ? '+Inf' : '-Inf';
  const abs = Math.abs(n);
  if (abs !== 0 && (abs < 1e-4 || abs >= 1e21)) {
    return n.toExponential().replace(/e([+-])(\d)$/, 'e$10$2');
  }
  return String(n);
}
