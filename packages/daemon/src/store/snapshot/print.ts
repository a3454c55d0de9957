/**
 * etcdctl 3.4's output shapes for `snapshot status`, as pure functions returning exactly
 * what etcdctl writes to stdout (newline included), so the CLI only prints them.
 *
 *   -w table                                        -w simple (the default)
 *   +---------+----------+------------+------------+   8aca898, 21, 24, 20 kB
 *   |  HASH   | REVISION | TOTAL KEYS | TOTAL SIZE |
 *   +---------+----------+------------+------------+   -w json
 *   | 8aca898 |       21 |         24 |      20 kB |   {"hash":145533080,"revision":21,"totalKey":24,"totalSize":20480}
 *   +---------+----------+------------+------------+
 *
 * (Captured from etcdctl 3.4.23: printer_table.go renders with olekukonko/tablewriter,
 * header centred, cells right-aligned; the hash is `%x`; sizes are go-humanize's Bytes.)
 */
import type { SnapshotStatus } from './status.js';

const HEADER = ['HASH', 'REVISION', 'TOTAL KEYS', 'TOTAL SIZE'];

function cells(s: SnapshotStatus): string[] {
  return [s.hash.toString(16), String(s.revision), String(s.totalKey), humanizeBytes(s.totalSize)];
}

export function formatSnapshotStatusTable(s: SnapshotStatus): string {
  const row = cells(s);
  const widths = HEADER.map((h, i) => Math.max(h.length, row[i]!.length));
  const border = `+${widths.map((w) => '-'.repeat(w + 2)).join('+')}+`;
  const line = (values: string[], pad: (v: string, w: number) => string) =>
    `|${values.map((v, i) => ` ${pad(v, widths[i]!)} `).join('|')}|`;
  return [border, line(HEADER, centre), border, line(row, (v, w) => v.padStart(w)), border, ''].join('\n');
}

export function formatSnapshotStatusSimple(s: SnapshotStatus): string {
  return `${cells(s).join(', ')}\n`;
}

export function formatSnapshotStatusJson(s: SnapshotStatus): string {
  return `${JSON.stringify({ hash: s.hash, revision: s.revision, totalKey: s.totalKey, totalSize: s.totalSize })}\n`;
}

/** tablewriter's centring: the odd space of padding goes to the right. */
function centre(v: string, width: number): string {
  const gap = width - v.length;
  const left = Math.floor(gap / 2);
  return ' '.repeat(left) + v + ' '.repeat(gap - left);
}

const SI_UNITS = ['B', 'kB', 'MB', 'GB', 'TB', 'PB', 'EB'];

/**
 * go-humanize's Bytes: SI units (powers of 1000), one decimal below 10 of a unit, none above,
 * "20 kB", "2.1 MB", "999 B", "7 B".
 */
export function humanizeBytes(n: number): string {
  if (n < 10) return `${n} B`;
  const e = Math.floor(Math.log(n) / Math.log(1000));
  const unit = SI_UNITS[e] ?? 'EB';
  const value = Math.floor((n / 1000 ** e) * 10 + 0.5) / 10;
  return `${value < 10 ? value.toFixed(1) : goRoundToInteger(value)} ${unit}`;
}

/**
 * Go's %.0f rounds an exact half to even (strconv's correct rounding), where toFixed(0)
 * rounds it up: 12.5 kB prints as "12 kB" in etcdctl.
 */
function goRoundToInteger(v: number): string {
  const floor = Math.floor(v);
  const frac = v - floor;
  if (frac === 0.5) return String(floor % 2 === 0 ? floor : floor + 1);
  return String(Math.round(v));
}
