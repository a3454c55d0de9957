/** Small builders shared by the printer tests: a fixed clock, timestamps, and row reading. */
import type { KubeObject } from '../../src/api/meta.js';
import { printerFor } from '../../src/print/columns/index.js';
import type { Cell } from '../../src/print/table-types.js';

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** The fixed "now" every printer test prints against. */
export const NOW = Date.parse('2025-06-01T12:00:00Z');

/** An RFC 3339 timestamp the given time before NOW. */
export function ago(ms: number): string {
  return new Date(NOW - ms).toISOString().replace('.000Z', 'Z');
}

/** Metadata of an object created `age` before NOW. */
export function meta(name: string, age = 5 * MINUTE, extra: KubeObject['metadata'] = {}): KubeObject['metadata'] {
  return { name, namespace: 'default', creationTimestamp: ago(age), ...extra };
}

/** The printed row of an object, keyed by column name ("Ready", "Nominated Node"). */
export function row(group: string, kind: string, obj: KubeObject): Record<string, Cell> {
  const printer = printerFor(group, kind);
  const cells = printer.cells(obj, NOW);
  if (cells.length !== printer.columns.length) throw new Error(`${kind}: ${cells.length} cells for ${printer.columns.length} columns`);
  return Object.fromEntries(printer.columns.map((c, i) => [c.name, cells[i]!]));
}

/** The column names of a kind's table, with " (wide)" after priority-1 ones. */
export function headers(group: string, kind: string): string[] {
  return printerFor(group, kind).columns.map((c) => (c.priority > 0 ? `${c.name} (wide)` : c.name));
}
