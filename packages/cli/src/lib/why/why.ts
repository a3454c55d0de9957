/**
 * `kubelab why POD`: find the pod (NAME or pod/NAME, in the session's namespace), fetch its
 * last scheduling decision, and print it as the table (table.ts) or as the document itself.
 * No record is an error in words (fetch.ts), exit code 1 — scripts can tell.
 */
import { resolveResource } from '@kubelab/core/api/registry';
import { KubelabError } from '../errors.js';
import { resolveType } from '../kube/resource-args.js';
import type { Session } from '../kube/session.js';
import { structured } from '../../print/structured.js';
import { fetchDecision } from './fetch.js';
import { whyText } from './table.js';

/** NAME or pod/NAME (pods/NAME, po/NAME); any other type is refused in kubectl's words. */
export function podName(arg: string): string {
  const at = arg.indexOf('/');
  if (at < 0) return arg;
  const [rt] = resolveType(arg.slice(0, at));
  if (rt?.kind !== 'Pod') throw new KubelabError(`kubelab why explains pods, not ${arg.slice(0, at)}: name a pod (POD or pod/NAME)`);
  const name = arg.slice(at + 1);
  if (!name) throw new KubelabError('arguments in resource/name form must have a single resource and name');
  return name;
}

export async function explainPod(s: Session, arg: string, output?: 'json' | 'yaml'): Promise<string> {
  const pod = (await s.client.get(resolveResource('pods')!, podName(arg), { namespace: s.namespace })) as Record<string, any>;
  const found = await fetchDecision(s, pod);
  if ('missing' in found) throw new KubelabError(found.missing);
  if (output) return `${await structured(found.decision, output)}\n`;
  return whyText(found.decision);
}
