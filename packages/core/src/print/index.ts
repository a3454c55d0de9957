/**
 * Printing objects as tables: the server side (Table responses with upstream's columns for
 * every served kind) and the client side (kubectl's text layout of those tables).
 */
export { humanDuration, shortHumanDuration } from './duration.js';
export type {
  Cell,
  IncludeObjectPolicy,
  PartialObjectMetadata,
  Table,
  TableColumnDefinition,
  TableRow,
  TableRowCondition,
} from './table-types.js';
export { IncludeObjectError, parseIncludeObject, tableForList, tableForObject, type TableRequest } from './table.js';
export { printerFor, hasOwnPrinter, type Printer } from './columns/index.js';
export { noResourcesFound, printTable, printTables, type PrintedTable, type TextOptions } from './table-text.js';
export { KUBECTL_TABWRITER, TabWriter, type TabWriterOptions } from './tabwriter.js';
export { cellText } from './cell-text.js';
