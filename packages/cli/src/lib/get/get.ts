/**
 * `kubelab get`: the objects named on the command line, printed as kubectl prints them —
 * the server's Tables through core's table-text (byte for byte kubectl's layout), or the
 * objects as yaml/json/name/jsonpath/custom-columns. Errors for single names (NotFound) go
 * to stderr and do not stop the others; the command then fails.
 */
import type { KubeObject } from '@kubelab/core/api/meta';
import { apiVersionOfResource } from '@kubelab/core/api/registry';
import { StatusError } from '@kubelab/core/api/status';
import { type PrintedTable, noResourcesFound, printTables } from '@kubelab/core/print/table-text';
import type { Table } from '@kubelab/core/print/table-types';
import type { OutputFormat } from '../../print/output-format.js';
import { printObjects } from '../../print/objects.js';
import { apiErrorText } from '../kube/error-text.js';
import type { ResourceRequest } from '../kube/resource-args.js';
import type { Session } from '../kube/session.js';
import { type ReadScope, fetchObjects, fetchTable, withoutManagedFields } from './fetch.js';
import { sortByPath } from './sort-by.js';

export interface GetOptions extends ReadScope {
  requests: ResourceRequest[];
  format: OutputFormat;
  noHeaders?: boolean;
  showLabels?: boolean;
  labelColumns?: string[];
  sortBy?: string | undefined;
  showManagedFields?: boolean;
}

export interface GetOutput {
  stdout: string;
  stderr: string;
  failed: boolean;
  /** Per list request, the resourceVersion to watch from. */
  resourceVersions: Map<ResourceRequest, string>;
}

export async function getResources(session: Session, o: GetOptions): Promise<GetOutput> {
  const out: GetOutput = { stdout: '', stderr: '', failed: false, resourceVersions: new Map() };
  const fail = (err: unknown) => {
    if (!(err instanceof StatusError)) throw err;
    out.stderr += `${apiErrorText(err)}\n`;
    out.failed = true;
  };
  const single = o.requests.length === 1 && o.requests[0]!.name !== undefined;
  if (o.format.kind !== 'table') {
    let objects: KubeObject[] = [];
    for (const req of o.requests) {
      try {
        const got = await fetchObjects(session, req, o);
        const strip = !o.showManagedFields && (o.format.kind === 'yaml' || o.format.kind === 'json');
        objects.push(...(strip ? got.items.map(withoutManagedFields) : got.items));
        if (got.resourceVersion) out.resourceVersions.set(req, got.resourceVersion);
      } catch (err) {
        fail(err);
      }
    }
    if (o.sortBy) objects = sortByPath(objects, o.sortBy);
    if (objects.length === 0 && (single || out.failed) && o.format.kind !== 'name') return out;
    out.stdout = printObjects(objects, single, o.format, o.noHeaders);
    if (objects.length === 0 && !out.failed && (o.format.kind === 'name' || o.format.kind === 'custom-columns')) out.stderr += noResourcesFound(o.requests.map((r) => r.rt), o.namespace, o);
    return out;
  }
  const printed: PrintedTable[] = [];
  for (const req of o.requests) {
    try {
      const table = await fetchTable(session, req, o, o.sortBy ? 'Object' : undefined);
      if (table.metadata?.resourceVersion) out.resourceVersions.set(req, table.metadata.resourceVersion);
      printed.push({ table: o.sortBy ? sortTable(table, o.sortBy) : table, apiVersion: apiVersionOfResource(req.rt), kind: req.rt.kind, resource: req.rt.plural, namespaced: req.rt.namespaced });
    } catch (err) {
      fail(err);
    }
  }
  out.stdout = printTables(printed, tableOptions(o));
  if (out.stdout === '' && !out.failed) out.stderr += noResourcesFound(printed, o.namespace, { allNamespaces: o.allNamespaces });
  return out;
}

export function tableOptions(o: GetOptions) {
  return {
    wide: o.format.kind === 'table' && o.format.wide,
    noHeaders: o.noHeaders === true,
    showLabels: o.showLabels === true,
    labelColumns: o.labelColumns ?? [],
    allNamespaces: o.allNamespaces,
  };
}

function sortTable(table: Table, path: string): Table {
  return { ...table, rows: sortByPath(table.rows ?? [], path, (row) => row.object) };
}
