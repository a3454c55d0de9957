/**
 * `kubelab api-resources`: the served resources as kubectl lists them — sorted by group (the
 * core group first) then name, with short names, API version, scope and kind; `-o wide` adds
 * verbs and categories, `-o name` prints "pods", "deployments.apps".
 */
import { RESOURCES, ROUTED_RESOURCES, type ResourceType, apiVersionOfResource } from '@kubelab/core/api/registry';
import { KUBECTL_TABWRITER, TabWriter } from '@kubelab/core/print/tabwriter';

export interface ApiResourcesOptions {
  output?: string | undefined;
  namespaced?: boolean | undefined;
  apiGroup?: string | undefined;
  verbs?: string[];
  noHeaders?: boolean;
}

export function listApiResources(o: ApiResourcesOptions, resources: readonly ResourceType[] = [...RESOURCES, ...ROUTED_RESOURCES]): string {
  const rows = resources
    .filter((r) => o.namespaced === undefined || r.namespaced === o.namespaced)
    .filter((r) => o.apiGroup === undefined || r.group === o.apiGroup)
    .filter((r) => (o.verbs ?? []).every((v) => r.verbs.includes(v)))
    .sort((a, b) => (a.group === b.group ? cmp(a.plural, b.plural) : a.group === '' ? -1 : b.group === '' ? 1 : cmp(a.group, b.group)));
  if (o.output === 'name') return rows.map((r) => `${r.group ? `${r.plural}.${r.group}` : r.plural}\n`).join('');
  const wide = o.output === 'wide';
  let out = '';
  const tw = new TabWriter((c) => (out += c), KUBECTL_TABWRITER);
  const head = ['NAME', 'SHORTNAMES', 'APIVERSION', 'NAMESPACED', 'KIND', ...(wide ? ['VERBS', 'CATEGORIES'] : [])];
  if (!o.noHeaders) tw.write(`${head.join('\t')}\n`);
  for (const r of rows) {
    const cells = [r.plural, r.shortNames.join(','), apiVersionOfResource(r), String(r.namespaced), r.kind];
    if (wide) cells.push([...r.verbs].sort().join(','), r.categories.join(','));
    tw.write(`${cells.join('\t')}\n`);
  }
  tw.flush();
  return out;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
