/**
 * The metav1.Table shapes (k8s.io/apimachinery/pkg/apis/meta/v1, types.go) that
 * kube-apiserver returns for `Accept: application/json;as=Table;g=meta.k8s.io;v=v1` and that
 * kubectl renders. Field order in these interfaces is the order Go's encoder writes them, and
 * table.ts builds objects in that order so a served Table reads like upstream's.
 */
import type { KubeObject, ObjectMeta } from '../api/meta.js';

/** A cell as it travels in JSON: kubectl prints strings verbatim and anything else with Go's %v. */
export type Cell = string | number | boolean | null | Cell[] | { [key: string]: Cell };

export interface TableColumnDefinition {
  /** Human-readable; kubectl upper-cases it for the header ("Nominated Node" → "NOMINATED NODE"). */
  name: string;
  /** An OpenAPI type: "string", "integer", "number", "boolean", "date". */
  type: string;
  /** "name" marks the column kubectl prefixes with "kind/" when several kinds print together. */
  format: string;
  description: string;
  /** 0 for default output; higher only with `-o wide`. */
  priority: number;
}

export interface TableRowCondition {
  type: 'Completed';
  status: 'True' | 'False' | 'Unknown';
  reason?: string;
  message?: string;
}

export interface PartialObjectMetadata {
  kind: 'PartialObjectMetadata';
  apiVersion: string;
  metadata: ObjectMeta;
}

export interface TableRow {
  cells: Cell[];
  conditions?: TableRowCondition[];
  /** null with includeObject=None, PartialObjectMetadata with Metadata, the object with Object. */
  object?: KubeObject | PartialObjectMetadata | null;
}

export interface Table {
  kind: 'Table';
  apiVersion: string;
  metadata: { resourceVersion?: string; continue?: string; remainingItemCount?: number };
  /** null when the request asked for no headers (watch events after the first). */
  columnDefinitions: TableColumnDefinition[] | null;
  rows: TableRow[] | null;
}

/** metav1.IncludeObjectPolicy; upstream treats an absent value as Metadata. */
export type IncludeObjectPolicy = 'None' | 'Metadata' | 'Object';
