/**
 * `get -w` and `--watch-only` as kubectl runs them: list first (for the table, or only for
 * the resourceVersion to watch from), print the list unless watch-only, then the changes
 * through the same table printer so the columns stay aligned.
 */
import type { Table } from '@kubelab/core/print/table-types';
import { KubelabError } from '../errors.js';
import type { Session } from '../kube/session.js';
import { fetchTable } from './fetch.js';
import { type GetOptions, getResources } from './get.js';
import { watchPrintOptions, watchResources } from './watch.js';
import { WatchTablePrinter } from './watch-printer.js';

export async function watchAfterList(s: Session, o: GetOptions, watchOnly: boolean, write: (t: string) => void): Promise<void> {
  if (o.requests.length !== 1) throw new KubelabError('you may only specify a single resource type');
  const req = o.requests[0]!;
  const scope = req.name === undefined ? o : { ...o, fieldSelector: `metadata.name=${req.name}` };
  // The list's resourceVersion is where the watch starts (a single object's would do too,
  // but a list answers the same way whether the object exists yet or not).
  const table: Table = await fetchTable(s, { rt: req.rt }, scope);
  const from = new Map([[req, table.metadata?.resourceVersion ?? '']]);
  if (o.format.kind !== 'table') {
    if (!watchOnly) write((await getResources(s, o)).stdout);
    await watchResources(s, o, from, undefined, write);
    return;
  }
  const printer = new WatchTablePrinter(watchPrintOptions(o, req.rt.namespaced), write);
  if (!watchOnly) printer.print(table);
  await watchResources(s, o, from, printer, write);
}
