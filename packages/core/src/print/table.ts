/**
 * Builds the metav1.Table kube-apiserver answers with when a client asks for
 * `application/json;as=Table;v=v1;g=meta.k8s.io` (kubectl get does, for every human-readable
 * output), ready to serve as the response body. It reproduces two upstream pieces:
 *
 * - the table convertor (pkg/printers/tablegenerator.go, or the default NAME / CREATED AT
 *   convertor of k8s.io/apiserver/pkg/registry/rest/table.go for kinds without a printer):
 *   every column definition and every cell, wide ones included — the server always prints
 *   wide and leaves hiding priority-1 columns to the client; list metadata
 *   (resourceVersion, continue, remainingItemCount) or the object's resourceVersion;
 * - the response transform (k8s.io/apiserver/pkg/endpoints/handlers/response.go, asTable):
 *   each row's `object` according to the includeObject query parameter.
 *
 * includeObject=Metadata is the default and what kubectl gets, since it asks for Object only
 * with --sort-by. kubectl reads namespaces (-A) and labels (--show-labels, -L) from that
 * metadata, and decodes each row object by its kind and apiVersion: a row object without
 * them makes kubectl drop the server's table and print its own NAME / AGE fallback, so both
 * are always set here.
 *
 * For a watch, the first event's table carries the column definitions and later ones
 * none: pass noHeaders for every event after the first.
 */
import type { KubeList, KubeObject } from '../api/meta.js';
import { apiVersionOf } from '../api/meta.js';
import { printerFor, hasOwnPrinter } from './columns/index.js';
import type { IncludeObjectPolicy, PartialObjectMetadata, Table, TableRow } from './table-types.js';

export interface TableRequest {
  /** The served kind of the objects, as the registry knows it. */
  group: string;
  version: string;
  kind: string;
  /** Milliseconds since the epoch; ages are computed against it. */
  now: number;
  /** Default Metadata, as upstream. */
  includeObject?: IncludeObjectPolicy;
  /** Leave columnDefinitions out (null), as for watch events after the first. */
  noHeaders?: boolean;
  /** The negotiated meta.k8s.io version of the Table: v1 (default) or v1beta1. */
  tableVersion?: 'v1' | 'v1beta1';
}

/** An includeObject value upstream refuses; the API server answers 400 BadRequest with the message. */
export class IncludeObjectError extends Error {}

/** Reads the includeObject query parameter; absent or empty means Metadata. */
export function parseIncludeObject(value: string | null | undefined): IncludeObjectPolicy {
  if (value === undefined || value === null || value === '') return 'Metadata';
  if (value === 'None' || value === 'Metadata' || value === 'Object') return value;
  throw new IncludeObjectError(`unrecognized includeObject value: ${JSON.stringify(value)}`);
}

/** The table of a list response; rows keep the list's order. */
export function tableForList(list: KubeList, req: TableRequest): Table {
  const meta: Table['metadata'] = {};
  if (list.metadata?.resourceVersion) meta.resourceVersion = list.metadata.resourceVersion;
  if (list.metadata?.continue) meta.continue = list.metadata.continue;
  if (list.metadata?.remainingItemCount !== undefined && list.metadata.remainingItemCount !== null) {
    meta.remainingItemCount = list.metadata.remainingItemCount;
  }
  const rows = (list.items ?? []).map((item) => row(item, req));
  // Printers build an empty slice (JSON []); the default convertor leaves it nil (JSON null).
  const emptyRows = hasOwnPrinter(req.group, req.kind) ? [] : null;
  return table(meta, rows.length > 0 ? rows : emptyRows, req);
}

/** The one-row table of a single object (GET of a name). */
export function tableForObject(obj: KubeObject, req: TableRequest): Table {
  const meta: Table['metadata'] = {};
  if (obj.metadata?.resourceVersion) meta.resourceVersion = obj.metadata.resourceVersion;
  return table(meta, [row(obj, req)], req);
}

function table(metadata: Table['metadata'], rows: TableRow[] | null, req: TableRequest): Table {
  const printer = printerFor(req.group, req.kind);
  return {
    kind: 'Table',
    apiVersion: `meta.k8s.io/${req.tableVersion ?? 'v1'}`,
    metadata,
    columnDefinitions: req.noHeaders ? null : printer.columns.map((c) => ({ ...c })),
    rows,
  };
}

function row(obj: KubeObject, req: TableRequest): TableRow {
  const printer = printerFor(req.group, req.kind);
  const out: TableRow = { cells: printer.cells(obj, req.now) };
  const conditions = printer.conditions?.(obj);
  if (conditions && conditions.length > 0) out.conditions = conditions;
  out.object = rowObject(obj, req);
  return out;
}

function rowObject(obj: KubeObject, req: TableRequest): KubeObject | PartialObjectMetadata | null {
  switch (req.includeObject ?? 'Metadata') {
    case 'None':
      return null;
    case 'Object': {
      // Converted to the served version, which stamps kind and apiVersion (list items lack them).
      const { kind: _kind, apiVersion: _apiVersion, ...rest } = obj;
      return { kind: req.kind, apiVersion: apiVersionOf(req.group, req.version), ...rest };
    }
    case 'Metadata':
      return {
        kind: 'PartialObjectMetadata',
        apiVersion: `meta.k8s.io/${req.tableVersion ?? 'v1'}`,
        metadata: obj.metadata ?? {},
      };
  }
}
