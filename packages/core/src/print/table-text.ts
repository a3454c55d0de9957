/**
 * Renders server Tables to text byte for byte as `kubectl get` does
 * (k8s.io/kubectl/pkg/cmd/get/get.go with k8s.io/cli-runtime/pkg/printers/tableprinter.go),
 * so our CLI and kubectl print the same thing for the same tables:
 *
 * - headers are the column names upper-cased, printed once per resource type and left out
 *   when there are no rows; priority-1 columns only with -o wide;
 * - with -A, a NAMESPACE column first (not for cluster-scoped kinds), read from each row's
 *   object metadata; -L key adds a column per label key headed by the key's last path
 *   segment upper-cased; --show-labels adds LABELS last ("k=v,...", "<none>");
 * - when the request spans more than one kind (`kubectl get all`, `get pods,svc`), the name
 *   column reads "<kind>[.<group>]/<name>" in lower case;
 * - one elastic-tabstop layout per resource type (minimum width 6, padding 3), and a blank
 *   line between resource types once something has been printed (not with --no-headers).
 *
 * Cells are printed as they come — kubectl adds no "<none>": empty strings stay empty and
 * the server's printers supply "<none>" where upstream does.
 */
import type { KubeObject } from '../api/meta.js';
import { parseApiVersion } from '../api/meta.js';
import { cellText } from './cell-text.js';
import { formatLabels } from './columns/common.js';
import { TabWriter } from './tabwriter.js';
import type { Cell, PartialObjectMetadata, Table, TableColumnDefinition, TableRow } from './table-types.js';

export interface TextOptions {
  /** -o wide */
  wide?: boolean;
  /** --no-headers */
  noHeaders?: boolean;
  /** --show-labels */
  showLabels?: boolean;
  /** -L / --label-columns, one key per entry. */
  labelColumns?: readonly string[];
  /** -A / --all-namespaces */
  allNamespaces?: boolean;
}

/** One response to print: a Table and the resource it lists. */
export interface PrintedTable {
  table: Table;
  /** The resource mapping's apiVersion ("apps/v1") and kind ("Deployment"). */
  apiVersion: string;
  kind: string;
  /** The plural resource name ("deployments"); a new resource starts a new block. */
  resource: string;
  namespaced: boolean;
}

/**
 * The text `kubectl get` writes to stdout for these responses, in order. Consecutive
 * responses for the same resource (pages of one list, or several names) form one block.
 * Returns "" when nothing would be printed; see noResourcesFound for what kubectl says then.
 */
export function printTables(items: readonly PrintedTable[], options: TextOptions = {}): string {
  let out = '';
  let separatorPending = false;
  const tw = new TabWriter((chunk) => {
    if (chunk.length > 0 && separatorPending) {
      out += '\n';
      separatorPending = false;
    }
    out += chunk;
  });

  const withKind = multipleKinds(items);
  let printer: BlockPrinter | undefined;
  let lastMapping: string | undefined;
  for (const item of items) {
    const mapping = `${item.apiVersion}/${item.resource}`;
    if (printer === undefined || mapping !== lastMapping) {
      tw.flush();
      tw.setRememberedWidths(null);
      if (lastMapping !== undefined && !options.noHeaders && out.length > 0) separatorPending = true;
      printer = new BlockPrinter({
        ...options,
        withNamespace: options.allNamespaces === true && item.namespaced,
        kindPrefix: withKind ? groupKindPrefix(item.apiVersion, item.kind) : undefined,
      });
      lastMapping = mapping;
    }
    tw.write(printer.print(item.table));
  }
  tw.flush();
  return out;
}

/** Renders one Table on its own, as `kubectl get <kind>` prints a single response. */
export function printTable(table: Table, resource: Omit<PrintedTable, 'table'>, options: TextOptions = {}): string {
  return printTables([{ table, ...resource }], options);
}

/**
 * What kubectl writes to stderr when printTables printed nothing and no error occurred:
 * the namespace is named unless -A was used or a cluster-scoped kind was asked for.
 */
export function noResourcesFound(items: readonly Pick<PrintedTable, 'namespaced'>[], namespace: string, options: TextOptions = {}): string {
  const allNamespaced = !options.allNamespaces && items.every((i) => i.namespaced);
  return allNamespaced ? `No resources found in ${namespace} namespace.\n` : 'No resources found\n';
}

/** multipleGVKsRequested: more than one response, and not all of the same kind. */
function multipleKinds(items: readonly PrintedTable[]): boolean {
  if (items.length < 2) return false;
  const first = `${items[0]!.apiVersion}/${items[0]!.kind}`;
  return items.some((i) => `${i.apiVersion}/${i.kind}` !== first);
}

/** GroupKind.String() lower-cased: "pod", "deployment.apps", "job.batch". */
function groupKindPrefix(apiVersion: string, kind: string): string {
  const { group } = parseApiVersion(apiVersion);
  return (group ? `${kind}.${group}` : kind).toLowerCase();
}

interface BlockOptions extends TextOptions {
  withNamespace: boolean;
  kindPrefix: string | undefined;
}

/**
 * HumanReadablePrinter for one resource type: remembers the columns it printed headers for,
 * so later pages with the same columns print rows only.
 */
class BlockPrinter {
  private lastColumns: TableColumnDefinition[] | undefined;
  private printedHeaders = false;

  constructor(private readonly options: BlockOptions) {}

  /** The tab-separated text for one table. */
  print(source: Table): string {
    let noHeaders = this.options.noHeaders === true;
    const given = source.columnDefinitions ?? [];
    if (this.printedHeaders && (given.length === 0 || sameColumns(given, this.lastColumns))) noHeaders = true;

    let columns = given;
    if (given.length === 0) {
      // Watch events after the first carry no columns: reuse the last ones.
      columns = this.lastColumns ?? [];
    } else if (!sameColumns(given, this.lastColumns)) {
      this.lastColumns = given;
      this.printedHeaders = false;
    }
    const rows = (source.rows ?? []).map((r) => ({ cells: [...r.cells] as Array<Cell | undefined>, object: r.object }));
    if (rows.length > 0) this.printedHeaders = true;

    const decorated = this.decorate(columns, rows);
    return renderRows(decorated.columns, decorated.rows, noHeaders, this.options.wide === true);
  }

  /** decorateTable: the namespace, label and LABELS columns and the kind prefix. */
  private decorate(
    columns: TableColumnDefinition[],
    rows: Array<{ cells: Array<Cell | undefined>; object: TableRow['object'] }>,
  ): { columns: TableColumnDefinition[]; rows: Array<Array<Cell | undefined>> } {
    const o = this.options;
    const labelKeys = o.labelColumns ?? [];
    const width = columns.length + labelKeys.length + (o.withNamespace ? 1 : 0) + (o.showLabels ? 1 : 0);
    const nameColumn = o.kindPrefix === undefined ? -1 : columns.findIndex((c) => c.format === 'name' && c.type === 'string');

    let outColumns = columns;
    if (width !== columns.length) {
      outColumns = [
        ...(o.withNamespace ? [extraColumn('Namespace')] : []),
        ...columns,
        ...labelKeys.map((k) => extraColumn(labelHeader(k))),
        ...(o.showLabels ? [extraColumn('Labels')] : []),
      ];
    }

    const includeLabels = labelKeys.length > 0 || o.showLabels === true;
    if (!includeLabels && !o.withNamespace && nameColumn === -1) return { columns: outColumns, rows: rows.map((r) => r.cells) };

    const outRows = rows.map((r) => {
      let cells = r.cells;
      if (nameColumn !== -1 && nameColumn < cells.length) cells[nameColumn] = `${o.kindPrefix}/${nameCellText(cells[nameColumn])}`;
      const meta = metadataOf(r.object);
      if (meta === undefined) {
        if (o.withNamespace) cells = [null, ...cells];
        // Upstream's fill loop re-reads the growing length, so it adds only about half of the
        // missing cells; the row then simply ends early.
        for (let j = 0; j < width - cells.length; j++) cells.push(null);
        return cells;
      }
      if (o.withNamespace) cells = [meta.namespace ?? '', ...cells];
      if (includeLabels) {
        const labels = meta.labels ?? {};
        for (const key of labelKeys) cells.push(Object.prototype.hasOwnProperty.call(labels, key) ? labels[key]! : '');
        if (o.showLabels) cells.push(formatLabels(labels));
      }
      return cells;
    });
    return { columns: outColumns, rows: outRows };
  }
}

function renderRows(columns: TableColumnDefinition[], rows: Array<Array<Cell | undefined>>, noHeaders: boolean, wide: boolean): string {
  const visible = (c: TableColumnDefinition): boolean => wide || c.priority === 0;
  let text = '';
  if (!noHeaders) {
    // No rows, no headers.
    if (rows.length === 0) return '';
    text += `${columns
      .filter(visible)
      .map((c) => c.name.toUpperCase())
      .join('\t')}\n`;
  }
  for (const cells of rows) {
    const parts: string[] = [];
    for (const [i, cell] of cells.entries()) {
      // Extra cells beyond the column definitions are ignored (kubernetes issue 66379).
      if (i >= columns.length) break;
      if (!visible(columns[i]!)) continue;
      parts.push(cellText(cell));
    }
    text += `${parts.join('\t')}\n`;
  }
  return text;
}

function extraColumn(name: string): TableColumnDefinition {
  return { name, type: 'string', format: '', description: '', priority: 0 };
}

/** A -L column's header: the key's last "/"-separated segment, upper-cased. */
function labelHeader(key: string): string {
  return (key.split('/').at(-1) ?? '').toUpperCase();
}

function nameCellText(cell: Cell | undefined): string {
  return typeof cell === 'string' ? cell : cellText(cell ?? null);
}

function metadataOf(object: TableRow['object']): KubeObject['metadata'] | undefined {
  if (object === null || object === undefined || typeof object !== 'object') return undefined;
  return (object as KubeObject | PartialObjectMetadata).metadata ?? {};
}

/** reflect.DeepEqual of two column lists. */
function sameColumns(a: readonly TableColumnDefinition[], b: readonly TableColumnDefinition[] | undefined): boolean {
  if (b === undefined || a.length !== b.length) return false;
  return a.every(
    (c, i) =>
      c.name === b[i]!.name &&
      c.type === b[i]!.type &&
      c.format === b[i]!.format &&
      c.description === b[i]!.description &&
      c.priority === b[i]!.priority,
  );
}
