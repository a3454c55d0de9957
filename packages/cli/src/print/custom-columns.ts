/**
 * `-o custom-columns=NAME:.metadata.name,NODE:.spec.nodeName` (kubectl's
 * CustomColumnsPrinter): a header row, then one row per object, each cell the JSONPath's
 * values joined with ",", or "<none>" when there are none; laid out with kubectl's tabwriter.
 */
import { KUBECTL_TABWRITER, TabWriter } from '@kubelab/core/print/tabwriter';
import { KubelabError } from '../lib/errors.js';
import { selectJsonPath, valueText } from './jsonpath.js';

export interface Column {
  header: string;
  path: string;
}

export function parseCustomColumns(spec: string): Column[] {
  return spec.split(',').map((part) => {
    const at = part.indexOf(':');
    if (at < 0) throw new KubelabError(`unexpected custom-columns spec: ${part}, expected <header>:<json-path-expr>`);
    return { header: part.slice(0, at), path: part.slice(at + 1) };
  });
}

export function printCustomColumns(objects: unknown[], columns: Column[], noHeaders = false): string {
  let out = '';
  const tw = new TabWriter((chunk) => (out += chunk), KUBECTL_TABWRITER);
  if (!noHeaders) tw.write(`${columns.map((c) => c.header).join('\t')}\n`);
  for (const obj of objects) {
    const cells = columns.map((c) => {
      const values = selectJsonPath(c.path, obj);
      return values.length === 0 ? '<none>' : values.map(valueText).join(',');
    });
    tw.write(`${cells.join('\t')}\n`);
  }
  tw.flush();
  return out;
}
