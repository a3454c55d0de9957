/**
 * `kubelab taint`: KEY[=VALUE]:EFFECT adds (an existing key and effect needs --overwrite),
 * KEY[:EFFECT]- removes; the node's taint list is replaced with the result, and kubectl's
 * verdict printed: tainted, untainted, or modified for both.
 */
import { resolveResource } from '@kubelab/core/api/registry';
import { KubelabError } from '../errors.js';
import type { Session } from '../kube/session.js';

export interface Taint {
  key: string;
  value?: string;
  effect: string;
}

const EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

export function parseTaints(specs: readonly string[]): { add: Taint[]; remove: Array<{ key: string; effect?: string }> } {
  const add: Taint[] = [];
  const remove: Array<{ key: string; effect?: string }> = [];
  for (const spec of specs) {
    if (spec.endsWith('-')) {
      const [key, effect] = spec.slice(0, -1).split(':');
      if (effect !== undefined && !EFFECTS.includes(effect)) throw new KubelabError(`invalid taint effect: ${effect}, unsupported taint effect`);
      remove.push({ key: key!, ...(effect ? { effect } : {}) });
      continue;
    }
    const m = /^([^=:]+)(?:=([^:]*))?:(.+)$/.exec(spec);
    if (!m) throw new KubelabError(`invalid taint spec: ${spec}, `);
    if (!EFFECTS.includes(m[3]!)) throw new KubelabError(`invalid taint spec: ${spec}, invalid taint effect: ${m[3]}, unsupported taint effect`);
    add.push({ key: m[1]!, ...(m[2] ? { value: m[2] } : {}), effect: m[3]! });
  }
  return { add, remove };
}

export async function taintNode(s: Session, node: string, specs: ReturnType<typeof parseTaints>, overwrite: boolean): Promise<string> {
  const rt = resolveResource('nodes')!;
  const obj = (await s.client.get(rt, node)) as { spec?: { taints?: Taint[] } };
  let taints = [...(obj.spec?.taints ?? [])];
  for (const t of specs.add) {
    const existing = taints.findIndex((x) => x.key === t.key && x.effect === t.effect);
    if (existing >= 0 && !overwrite) throw new KubelabError(`node ${node} already has ${t.key} taint(s) with same effect(s) and --overwrite is false`);
    if (existing >= 0) taints[existing] = t;
    else taints.push(t);
  }
  for (const r of specs.remove) {
    const before = taints.length;
    taints = taints.filter((x) => !(x.key === r.key && (r.effect === undefined || x.effect === r.effect)));
    if (taints.length === before) throw new KubelabError(`taint "${r.key}${r.effect ? `:${r.effect}` : ''}" not found`);
  }
  await s.client.patch(rt, node, 'merge', { spec: { taints } }, {});
  const verb = specs.add.length && specs.remove.length ? 'modified' : specs.add.length ? 'tainted' : 'untainted';
  return `node/${node} ${verb}`;
}
