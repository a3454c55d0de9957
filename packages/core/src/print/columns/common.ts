/**
 * Pieces every kind's printer shares: the Name and Age columns, reading timestamps, label
 * maps and container lists the way pkg/printers/internalversion formats them.
 *
 * Printers receive objects as stored JSON. Each printer file declares a small "view"
 * interface with the fields it reads, every one optional, and reads through it; anything
 * absent reads as Go's zero value, which is what upstream's typed structs would hold.
 */
import type { KubeObject } from '../../api/meta.js';
import { humanDuration } from '../duration.js';
import type { Cell, TableColumnDefinition, TableRowCondition } from '../table-types.js';

/** How one kind becomes table columns and row cells. */
export interface Printer {
  readonly columns: readonly TableColumnDefinition[];
  /**
   * The cells of one object, wide (priority 1) columns included: kube-apiserver always
   * generates wide rows and leaves hiding those columns to the client.
   */
  cells(obj: KubeObject, now: number): Cell[];
  /** Row conditions; only pods set them (Completed once the pod has succeeded or failed). */
  conditions?(obj: KubeObject): TableRowCondition[] | undefined;
}

interface ColumnOptions {
  format?: string;
  /** 1 for columns kubectl shows only with -o wide. */
  priority?: number;
}

export function column(name: string, type: string, description: string, opts: ColumnOptions = {}): TableColumnDefinition {
  return { name, type, format: opts.format ?? '', description, priority: opts.priority ?? 0 };
}

/** Upstream's Name column: the only column with format "name", which kubectl's kind prefix targets. */
export const NAME_COLUMN = column(
  'Name',
  'string',
  'The object name, unique among objects of its kind (in its namespace, for namespaced kinds).',
  { format: 'name' },
);

export const AGE_COLUMN = column('Age', 'string', 'Time since the object was created (metadata.creationTimestamp).');

export function wide(name: string, type: string, description: string): TableColumnDefinition {
  return column(name, type, description, { priority: 1 });
}

export const CONTAINERS_COLUMN = wide('Containers', 'string', 'The names of the containers in the pod template.');
export const IMAGES_COLUMN = wide('Images', 'string', 'The images the pod template runs, one per container.');

export function nameOf(obj: KubeObject): string {
  return obj.metadata?.name ?? '';
}

/**
 * Milliseconds since the epoch of a metav1.Time or MicroTime string, or undefined for an
 * absent, null or zero time (Go's IsZero: 0001-01-01T00:00:00Z).
 */
export function parseTime(value: unknown): number | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  const ms = Date.parse(value);
  if (Number.isNaN(ms) || ms === GO_ZERO_TIME) return undefined;
  return ms;
}

// Date.UTC maps years 0-99 to 1900-1999, so the zero time is parsed from its string form.
const GO_ZERO_TIME = Date.parse('0001-01-01T00:00:00Z');

/** translateTimestampSince: the human age of a timestamp, "<unknown>" when it is unset. */
export function since(value: unknown, now: number): string {
  const t = parseTime(value);
  return t === undefined ? '<unknown>' : humanDuration(now - t);
}

/** The Age cell: time since metadata.creationTimestamp. */
export function age(obj: KubeObject, now: number): string {
  return since(obj.metadata?.creationTimestamp, now);
}

/** Byte-wise string order, as Go's sort.Strings compares. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** labels.FormatLabels: "k1=v1,k2=v2" in key order, "<none>" when there are none. */
export function formatLabels(labels: Record<string, string> | null | undefined): string {
  const keys = Object.keys(labels ?? {}).sort(compareStrings);
  if (keys.length === 0) return '<none>';
  return keys.map((k) => `${k}=${labels![k]}`).join(',');
}

export interface ContainerView {
  name?: string;
  image?: string;
  restartPolicy?: string;
}

export interface PodTemplateView {
  metadata?: { labels?: Record<string, string> };
  spec?: { containers?: ContainerView[]; nodeSelector?: Record<string, string> };
}

/** layoutContainerCells: container names and images, each comma-joined in spec order. */
export function containerCells(containers: readonly ContainerView[] | undefined): [string, string] {
  const list = containers ?? [];
  return [list.map((c) => c.name ?? '').join(','), list.map((c) => c.image ?? '').join(',')];
}

/** An int32/int64 field, or Go's zero value when absent or not a number. */
export function int(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

/** A string field, or "" when absent. */
export function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** A quantity as stored (the API server keeps quantities in canonical form), "0" when absent. */
export function quantityText(value: unknown): string {
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'number') return String(value);
  return '0';
}

/** An intstr.IntOrString's String(): the number in decimal or the string as written. */
export function intOrStringText(value: unknown): string {
  if (typeof value === 'number') return String(Math.trunc(value));
  return text(value);
}

/** Upstream's printBool / printBoolPtr: "True", "False", "<unset>". */
export function boolText(value: boolean | undefined): string {
  if (value === undefined) return '<unset>';
  return value ? 'True' : 'False';
}

/** An object's controlling owner (the ownerReference with controller: true). */
export function controllerOf(obj: KubeObject): { apiVersion: string; kind: string; name: string } | undefined {
  return obj.metadata?.ownerReferences?.find((r) => r.controller === true);
}
