/**
 * The pod a logs/exec argument names: `NAME` or `pod/NAME`, or a controller (`deploy/web`,
 * `rs/…`, `job/…`, `sts/…`, `ds/…`, `svc/…`) whose first matching pod kubectl would pick.
 * And the container: -c, else the `kubectl.kubernetes.io/default-container` annotation,
 * else the first — with kubectl's "Defaulted container" note when there were several.
 */
import type { KubeObject } from '@kubelab/core/api/meta';
import { resolveResource } from '@kubelab/core/api/registry';
import { formatLabelSelector } from '@kubelab/core/labels/selector';
import { KubelabError } from '../errors.js';
import { resolveType } from '../kube/resource-args.js';
import type { Session } from '../kube/session.js';

type Obj = Record<string, any>;

export async function podOf(s: Session, arg: string): Promise<Obj> {
  const pods = resolveResource('pods')!;
  const at = arg.indexOf('/');
  if (at < 0) return (await s.client.get(pods, arg, { namespace: s.namespace })) as Obj;
  const [rt] = resolveType(arg.slice(0, at));
  const name = arg.slice(at + 1);
  if (rt!.kind === 'Pod') return (await s.client.get(pods, name, { namespace: s.namespace })) as Obj;
  const owner = (await s.client.get(rt!, name, { namespace: s.namespace })) as Obj;
  const selector = rt!.kind === 'Service' ? Object.entries(owner['spec']?.['selector'] ?? {}).map(([k, v]) => `${k}=${v}`).join(',') : formatLabelSelector(owner['spec']?.['selector']);
  if (!selector || selector === '<none>') throw new KubelabError(`cannot attach to ${arg}: selector for ${rt!.kind.toLowerCase()} is empty`);
  const list = await s.client.list(pods, { namespace: s.namespace, labelSelector: selector });
  const sorted = [...list.items].sort(activeFirst);
  if (!sorted[0]) throw new KubelabError(`timed out waiting for the condition`);
  return sorted[0] as Obj;
}

/** kubectl's ActivePods ordering, simplified: running and ready pods first, then the newest. */
function activeFirst(a: KubeObject, b: KubeObject): number {
  const rank = (p: Obj) => (p['status']?.['phase'] === 'Running' ? 0 : p['status']?.['phase'] === 'Pending' ? 1 : 2);
  return rank(a as Obj) - rank(b as Obj) || String(b.metadata?.creationTimestamp ?? '').localeCompare(String(a.metadata?.creationTimestamp ?? ''));
}

export function containerOf(pod: Obj, requested: string | undefined): { name: string; note?: string } {
  const containers = ((pod['spec']?.['containers'] ?? []) as Obj[]).map((c) => c['name'] as string);
  if (requested) return { name: requested };
  const annotated = pod['metadata']?.['annotations']?.['kubectl.kubernetes.io/default-container'];
  if (annotated && containers.includes(annotated)) return { name: annotated };
  const first = containers[0];
  if (!first) throw new KubelabError(`pod ${pod['metadata']?.['name']} has no containers`);
  if (containers.length === 1) return { name: first };
  return { name: first, note: `Defaulted container "${first}" out of: ${containers.join(', ')}` };
}
