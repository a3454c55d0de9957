/**
 * `kubelab config view` and `get-contexts`: the kubeconfig kubectl would use, merged, as
 * kubectl prints it — lists sorted by name, secrets shown as DATA+OMITTED / REDACTED unless
 * --raw, only the current context with --minify.
 */
import { KUBECTL_TABWRITER, TabWriter } from '@kubelab/core/print/tabwriter';
import { KubelabError } from '../errors.js';
import type { KubeconfigEntries } from '../kube/kubeconfig-files.js';

const DATA_FIELDS = ['certificate-authority-data', 'client-certificate-data', 'client-key-data'];

export function configObject(c: KubeconfigEntries, o: { raw?: boolean; minify?: boolean; context?: string | undefined }): Record<string, unknown> {
  const current = o.context || c.currentContext;
  let contexts = [...c.contexts.entries()];
  let clusters = [...c.clusters.entries()];
  let users = [...c.users.entries()];
  if (o.minify) {
    if (!current || !c.contexts.has(current)) throw new KubelabError('current-context must exist in order to minify');
    const ctx = c.contexts.get(current)!;
    contexts = contexts.filter(([n]) => n === current);
    clusters = clusters.filter(([n]) => n === ctx['cluster']);
    users = users.filter(([n]) => n === ctx['user']);
  }
  const redact = (body: Record<string, unknown>) => {
    if (o.raw) return body;
    const out = { ...body };
    for (const f of DATA_FIELDS) if (out[f]) out[f] = 'DATA+OMITTED';
    if (out['token']) out['token'] = 'REDACTED';
    return out;
  };
  const byName = (a: [string, unknown], b: [string, unknown]) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);
  return {
    apiVersion: 'v1',
    clusters: clusters.sort(byName).map(([name, cluster]) => ({ cluster: redact(cluster), name })),
    contexts: contexts.sort(byName).map(([name, context]) => ({ context, name })),
    'current-context': o.minify ? current : (c.currentContext ?? ''),
    kind: 'Config',
    preferences: {},
    users: users.sort(byName).map(([name, user]) => ({ name, user: redact(user) })),
  };
}

export function contextsTable(c: KubeconfigEntries, names: string[], o: { output?: string | undefined; noHeaders?: boolean }): string {
  const selected = names.length ? names : [...c.contexts.keys()].sort();
  for (const n of selected) if (!c.contexts.has(n)) throw new KubelabError(`context ${n} not found`);
  if (o.output === 'name') return selected.map((n) => `${n}\n`).join('');
  let out = '';
  const tw = new TabWriter((s) => (out += s), KUBECTL_TABWRITER);
  if (!o.noHeaders) tw.write('CURRENT\tNAME\tCLUSTER\tAUTHINFO\tNAMESPACE\n');
  for (const n of selected) {
    const ctx = c.contexts.get(n)!;
    tw.write(`${n === c.currentContext ? '*' : ''}\t${n}\t${ctx['cluster'] ?? ''}\t${ctx['user'] ?? ''}\t${ctx['namespace'] ?? ''}\n`);
  }
  tw.flush();
  return out;
}
