/**
 * Turns results into what a person reads (an aligned table, the notes, the targets) or
 * what a script reads (--json). Nothing here measures anything.
 */
import { statfsSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import type { BenchResult, Figure } from './result.js';
import { TARGETS, type TargetOutcome, evaluate } from './targets.js';

export interface Report {
  machine: {
    node: string;
    platform: string;
    arch: string;
    cpus: number;
    cpuModel: string;
    /** Where the data directories went, and its filesystem: fsync on tmpfs costs nothing. */
    tmpdir: string;
    tmpdirFs: string;
  };
  /** The scale the run used (durations, rounds, counts), as main resolved it. */
  config: Record<string, unknown>;
  results: BenchResult[];
  targets: TargetOutcome[];
}

export function buildReport(results: BenchResult[], config: Record<string, unknown>): Report {
  const cpu = cpus();
  return {
    machine: {
      node: process.version,
      platform: process.platform,
      arch: process.arch,
      cpus: cpu.length,
      cpuModel: cpu[0]?.model.trim() ?? 'unknown',
      tmpdir: tmpdir(),
      tmpdirFs: filesystemOf(tmpdir()),
    },
    config,
    results,
    targets: TARGETS.map((t) => evaluate(t, results)),
  };
}

/** statfs magic numbers of the filesystems worth naming (linux/magic.h). */
const FS_NAMES: Record<number, string> = {
  0xef53: 'ext4',
  0x01021994: 'tmpfs',
  0x58465342: 'xfs',
  0x9123683e: 'btrfs',
  0x794c7630: 'overlayfs',
  0x2fc12fc1: 'zfs',
};

function filesystemOf(path: string): string {
  try {
    const type = statfsSync(path).type;
    return FS_NAMES[type] ?? `0x${type.toString(16)}`;
  } catch {
    return 'unknown';
  }
}

export function formatNumber(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const abs = Math.abs(v);
  if (abs >= 100) return Math.round(v).toLocaleString('en-US');
  return v.toFixed(abs >= 10 ? 1 : 2);
}

function showFigure(f: Figure): string {
  return `${formatNumber(f.value)} ${f.unit}`;
}

export function formatReport(report: Report): string {
  const m = report.machine;
  const lines: string[] = [];
  lines.push(`kubelab benchmarks — node ${m.node}, ${m.platform}/${m.arch}, ${m.cpus} CPUs (${m.cpuModel})`);
  lines.push(`data dirs under ${m.tmpdir} (${m.tmpdirFs})`);
  if (m.tmpdirFs === 'tmpfs') lines.push('WARNING: tmpfs ignores fsync, so durable figures are not durable; set TMPDIR to a disk');
  lines.push(`config: ${Object.entries(report.config).map(([k, v]) => `${k}=${String(v)}`).join(' ')}`);
  lines.push('');

  const rows: string[][] = [['name', 'what', 'result', 'details']];
  for (const r of report.results) {
    if (r.skipped) {
      rows.push([r.name, r.title, 'skipped', r.skipped]);
      continue;
    }
    const [head, ...rest] = r.figures;
    const details = wrap(rest.map((f) => `${f.label} ${showFigure(f)}`), DETAILS_WIDTH);
    rows.push([r.name, r.title, head ? `${showFigure(head)} (${head.label})` : '', details[0] ?? '']);
    for (const more of details.slice(1)) rows.push(['', '', '', more]);
  }
  lines.push(...table(rows));

  const notes = report.results.flatMap((r) => (r.notes ?? []).map((n) => `  ${r.name}: ${n}`));
  if (notes.length > 0) lines.push('', 'notes', ...notes);

  lines.push('');
  const targetRows: string[][] = [['target', 'measured', 'goal', 'status']];
  for (const t of report.targets) targetRows.push([t.label, t.shown, t.target, t.status === 'missed' ? 'MISSED' : t.status]);
  lines.push(...table(targetRows));
  return lines.join('\n');
}

/** Wider details continue on the next line, so a row with many figures stays readable. */
const DETAILS_WIDTH = 60;

/** Joins items with ", " into lines of at most width characters (an item is never split). */
function wrap(items: string[], width: number): string[] {
  const lines: string[] = [];
  for (const item of items) {
    const last = lines.length - 1;
    if (last >= 0 && lines[last]!.length + 2 + item.length <= width) lines[last] += `, ${item}`;
    else lines.push(item);
  }
  return lines;
}

/** Left-aligned columns two spaces apart, with a rule under the header row. */
function table(rows: string[][]): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  const line = (row: string[]) => row.map((c, i) => (i === row.length - 1 ? c : c.padEnd(widths[i]!))).join('  ').trimEnd();
  const [header, ...body] = rows;
  return [line(header!), widths.map((w) => '─'.repeat(w)).join('  '), ...body.map(line)];
}
