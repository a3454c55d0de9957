/** The container changes of `set image`, `set env` and `set resources`, with kubectl's errors. */
import { KubelabError } from '../errors.js';
import { selectContainers } from './pod-spec.js';

type Obj = Record<string, any>;

/** `set image`: NAME=IMAGE pairs ("*=IMAGE" for every container). */
export function setImages(spec: Obj, pairs: Map<string, string>): void {
  for (const [name, image] of pairs) {
    const all = [...((spec['containers'] ?? []) as Obj[]), ...((spec['initContainers'] ?? []) as Obj[])];
    const hits = name === '*' ? all : all.filter((c) => c['name'] === name);
    if (hits.length === 0) throw new KubelabError(`unable to find container named "${name}"`);
    for (const c of hits) c['image'] = image;
  }
}

export function parseImagePairs(args: readonly string[]): { resources: string[]; pairs: Map<string, string> } {
  const resources: string[] = [];
  const pairs = new Map<string, string>();
  for (const a of args) {
    const at = a.indexOf('=');
    if (at > 0) pairs.set(a.slice(0, at), a.slice(at + 1));
    else resources.push(a);
  }
  if (pairs.size === 0) throw new KubelabError('at least one image update is required');
  return { resources, pairs };
}

export function setEnv(spec: Obj, container: string, set: Map<string, string>, remove: string[]): void {
  const targets = selectContainers(spec, container);
  if (targets.length === 0) throw new KubelabError(`unable to find container named ${container}`);
  for (const c of targets) {
    let env = [...((c['env'] ?? []) as Obj[])];
    for (const [k, v] of set) {
      const at = env.findIndex((e) => e['name'] === k);
      if (at >= 0) env[at] = { name: k, value: v };
      else env.push({ name: k, value: v });
    }
    env = env.filter((e) => !remove.includes(e['name']));
    if (env.length) c['env'] = env;
    else delete c['env'];
  }
}

export function listEnv(obj: Obj, spec: Obj, container: string): string {
  let out = '';
  for (const c of selectContainers(spec, container)) {
    out += `# ${obj['kind']} ${obj['metadata']?.['name']}, container ${c['name']}\n`;
    for (const e of (c['env'] ?? []) as Obj[]) {
      if (e['valueFrom']) {
        const ref = e['valueFrom']['configMapKeyRef'] ?? e['valueFrom']['secretKeyRef'];
        const from = e['valueFrom']['configMapKeyRef'] ? 'configmap' : e['valueFrom']['secretKeyRef'] ? 'secret' : 'field path';
        out += `# ${e['name']} from ${from} ${ref ? `${ref['name']}, key ${ref['key']}` : (e['valueFrom']['fieldRef']?.['fieldPath'] ?? '')}\n`;
      } else out += `${e['name']}=${e['value'] ?? ''}\n`;
    }
  }
  return out;
}

export function parseQuantities(text: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const kv of (text ?? '').split(',').filter(Boolean)) {
    const at = kv.indexOf('=');
    if (at <= 0) throw new KubelabError(`invalid resource spec: ${kv}`);
    out[kv.slice(0, at)] = kv.slice(at + 1);
  }
  return out;
}

export function setResources(spec: Obj, container: string, limits: Record<string, string>, requests: Record<string, string>): void {
  const targets = selectContainers(spec, container);
  if (targets.length === 0) throw new KubelabError(`unable to find container named ${container}`);
  for (const c of targets) {
    const r = (c['resources'] ??= {});
    if (Object.keys(limits).length) r['limits'] = { ...(r['limits'] ?? {}), ...limits };
    if (Object.keys(requests).length) r['requests'] = { ...(r['requests'] ?? {}), ...requests };
  }
}
