/**
 * kubectl's `-o` values: the table (default, `wide`), `yaml`, `json`, `name`,
 * `jsonpath=…`/`jsonpath-as-json=…` and `custom-columns=…`, with kubectl's error for
 * anything else.
 */
import { KubelabError } from '../lib/errors.js';

export type OutputFormat =
  | { kind: 'table'; wide: boolean }
  | { kind: 'yaml' }
  | { kind: 'json' }
  | { kind: 'name' }
  | { kind: 'jsonpath'; template: string; asJson: boolean }
  | { kind: 'custom-columns'; spec: string };

const ALLOWED = 'custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml';

export function parseOutputFormat(output: string | undefined, allowed = ALLOWED): OutputFormat {
  if (output === undefined || output === '') return { kind: 'table', wide: false };
  if (output === 'wide') return { kind: 'table', wide: true };
  if (output === 'yaml' || output === 'json' || output === 'name') return { kind: output };
  const eq = output.indexOf('=');
  const key = eq < 0 ? output : output.slice(0, eq);
  const value = eq < 0 ? '' : output.slice(eq + 1);
  if (key === 'jsonpath' || key === 'jsonpath-as-json') {
    if (!value) throw new KubelabError('template format specified but no template given');
    return { kind: 'jsonpath', template: value, asJson: key === 'jsonpath-as-json' };
  }
  if (key === 'custom-columns') {
    if (!value) throw new KubelabError('custom-columns format specified but no custom columns given');
    return { kind: 'custom-columns', spec: value };
  }
  throw new KubelabError(`unable to match a printer suitable for the output format "${output}", allowed formats are: ${allowed}`);
}
