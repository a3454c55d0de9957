/**
 * Table rows for `get -w`, laid out as kubectl lays them out while watching: one tabwriter
 * for the whole session, flushed after every event, remembering its column widths — so rows
 * printed later line up with the table printed first (kubectl's RememberWidths).
 */
import { cellText } from '@kubelab/core/print/cell-text';
import { formatLabels } from '@kubelab/core/print/columns/common';
import { KUBECTL_TABWRITER, TabWriter } from '@kubelab/core/print/tabwriter';
import type { Table, TableColumnDefinition } from '@kubelab/core/print/table-types';

export interface WatchPrintOptions {
  wide: boolean;
  noHeaders: boolean;
  showLabels: boolean;
  labelColumns: string[];
  allNamespaces: boolean;
  namespaced: boolean;
}

export class WatchTablePrinter {
  private columns: TableColumnDefinition[] = [];
  private headersPrinted: boolean;
  private readonly tw: TabWriter;

  constructor(
    private readonly o: WatchPrintOptions,
    write: (s: string) => void,
  ) {
    this.tw = new TabWriter(write, KUBECTL_TABWRITER);
    this.headersPrinted = o.noHeaders;
  }

  print(table: Table): void {
    if (table.columnDefinitions?.length) this.columns = table.columnDefinitions;
    const rows = table.rows ?? [];
    if (rows.length === 0) return;
    const visible = this.columns.map((c) => this.o.wide || c.priority === 0);
    const withNs = this.o.allNamespaces && this.o.namespaced;
    if (!this.headersPrinted) {
      const head = [...(withNs ? ['NAMESPACE'] : []), ...this.columns.filter((_, i) => visible[i]).map((c) => c.name.toUpperCase()), ...this.o.labelColumns.map((k) => (k.split('/').at(-1) ?? '').toUpperCase()), ...(this.o.showLabels ? ['LABELS'] : [])];
      this.tw.write(`${head.join('\t')}\n`);
      this.headersPrinted = true;
    }
    for (const row of rows) {
      const meta = (row.object as { metadata?: { namespace?: string; labels?: Record<string, string> } } | null | undefined)?.metadata ?? {};
      const cells = row.cells.slice(0, this.columns.length).filter((_, i) => visible[i]).map((c) => cellText(c));
      const labels = meta.labels ?? {};
      const out = [...(withNs ? [meta.namespace ?? ''] : []), ...cells, ...this.o.labelColumns.map((k) => labels[k] ?? ''), ...(this.o.showLabels ? [formatLabels(labels)] : [])];
      this.tw.write(`${out.join('\t')}\n`);
    }
    this.tw.flush();
  }
}
