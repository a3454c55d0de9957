/**
 * `get -w` / `--watch-only`: after the list (unless watch-only), each change is printed as
 * it arrives — one table row per event, headers only once — until interrupted. Watches ask
 * for Tables, as kubectl's do, from the list's resourceVersion.
 */
import { apiVersionOfResource } from '@kubelab/core/api/registry';
import type { Table } from '@kubelab/core/print/table-types';
import { printObjects } from '../../print/objects.js';
import type { ResourceRequest } from '../kube/resource-args.js';
import type { Session } from '../kube/session.js';
import { ACCEPT_TABLE, requestPath } from './fetch.js';
import { type GetOptions, tableOptions } from './get.js';
import { WatchTablePrinter } from './watch-printer.js';

/**
 * `printer` carries on the table the list was printed with (its column widths); without
 * one (--watch-only) the first event prints the headers.
 */
export async function watchResources(session: Session, o: GetOptions, from: Map<ResourceRequest, string>, printer: WatchTablePrinter | undefined, write: (s: string) => void): Promise<void> {
  const req = o.requests[0]!;
  const listReq: ResourceRequest = { rt: req.rt };
  const scope = req.name === undefined ? o : { ...o, fieldSelector: `metadata.name=${req.name}` };
  const table = o.format.kind === 'table';
  const path = requestPath(listReq, scope, { watch: 'true', resourceVersion: from.get(req), includeObject: table ? undefined : undefined });
  const watch = await session.transport.watch(path, table ? { accept: ACCEPT_TABLE } : {});
  const tables = printer ?? new WatchTablePrinter(watchPrintOptions(o, req.rt.namespaced), write);
  for await (const ev of watch) {
    if (ev.type === 'BOOKMARK' || ev.type === 'ERROR') continue;
    if (!table) {
      const obj = ev.object as Record<string, unknown>;
      write(printObjects([{ apiVersion: apiVersionOfResource(req.rt), kind: req.rt.kind, ...obj }], true, o.format as never));
      continue;
    }
    tables.print(ev.object as Table);
  }
}

export function watchPrintOptions(o: GetOptions, namespaced: boolean) {
  const t = tableOptions(o);
  return { wide: t.wide, noHeaders: t.noHeaders, showLabels: t.showLabels, labelColumns: t.labelColumns, allNamespaces: t.allNamespaces, namespaced };
}
