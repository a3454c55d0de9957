/** `cordon`/`uncordon`: spec.unschedulable, with kubectl's "already" when nothing changes. */
import { resolveResource } from '@kubelab/core/api/registry';
import type { Session } from '../kube/session.js';

export async function setSchedulable(s: Session, node: string, unschedulable: boolean, dryRun: 'none' | 'client' | 'server'): Promise<string> {
  const rt = resolveResource('nodes')!;
  const obj = (await s.client.get(rt, node)) as { spec?: { unschedulable?: boolean } };
  const word = unschedulable ? 'cordoned' : 'uncordoned';
  if (Boolean(obj.spec?.unschedulable) === unschedulable) return `node/${node} already ${word}`;
  const suffix = dryRun === 'client' ? ' (dry run)' : dryRun === 'server' ? ' (server dry run)' : '';
  if (dryRun !== 'client') await s.client.patch(rt, node, 'strategic', { spec: { unschedulable: unschedulable ? true : null } }, { dryRun: dryRun === 'server' });
  return `node/${node} ${word}${suffix}`;
}
