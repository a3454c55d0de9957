/** The nodes a node command names: NAME…, or -l SELECTOR, or --all. */
import { resolveResource } from '@kubelab/core/api/registry';
import { KubelabError } from '../errors.js';
import type { Session } from '../kube/session.js';

export async function nodeNames(s: Session, args: readonly string[], selector?: string, all = false): Promise<string[]> {
  const names = args.map((a) => a.replace(/^(nodes?|no)\//, ''));
  if (names.length && selector) throw new KubelabError('error: cannot specify both a node name and a --selector option');
  if (names.length) return names;
  if (!selector && !all) throw new KubelabError(`USAGE: a node name or --selector is required`);
  const list = await s.client.list(resolveResource('nodes')!, selector ? { labelSelector: selector } : {});
  return list.items.map((n) => n.metadata?.name ?? '');
}
