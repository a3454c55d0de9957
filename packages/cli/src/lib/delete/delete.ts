/**
 * `kubelab delete` as kubectl does it: DELETE each object with the propagation policy of
 * --cascade (background unless told otherwise) and the grace period asked for (--force:
 * zero, with kubectl's warning), print `kind "name" deleted`, then — with --wait, the default
 * — wait until every deleted object is really gone (finalizers, terminating pods).
 */
import type { PropagationPolicy } from '@kubelab/core/api/meta';
import type { ResourceType } from '@kubelab/core/api/registry';
import { isStatus } from '@kubelab/core/client/client';
import { KubelabError } from '../errors.js';
import type { Session } from '../kube/session.js';
import { sleep } from '../process.js';

export interface DeleteTarget {
  rt: ResourceType;
  name: string;
  namespace: string | undefined;
}

export interface DeleteOptions {
  cascade: 'background' | 'foreground' | 'orphan';
  /** -1: the object's own grace period. */
  gracePeriod: number;
  force: boolean;
  ignoreNotFound: boolean;
  dryRun: 'none' | 'client' | 'server';
}

export const FORCE_WARNING =
  'Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.';

export function cascadeOf(value: string): DeleteOptions['cascade'] {
  if (value === 'true' || value === 'background') return 'background';
  if (value === 'false' || value === 'orphan') return 'orphan';
  if (value === 'foreground') return 'foreground';
  throw new KubelabError(`invalid cascade value (${value}). Must be "background", "foreground", or "orphan"`);
}

/** "pod", "deployment.apps": how delete names a kind. */
export function deleteKind(rt: ResourceType): string {
  return (rt.group ? `${rt.kind}.${rt.group}` : rt.kind).toLowerCase();
}

/** Deletes one object; returns the line to print, or undefined when it was absent and that is fine. */
export async function deleteOne(session: Session, t: DeleteTarget, o: DeleteOptions): Promise<string | undefined> {
  const policy: PropagationPolicy = o.cascade === 'orphan' ? 'Orphan' : o.cascade === 'foreground' ? 'Foreground' : 'Background';
  const grace = o.force && o.gracePeriod < 0 ? 0 : o.gracePeriod;
  const suffix = o.dryRun === 'client' ? ' (dry run)' : o.dryRun === 'server' ? ' (server dry run)' : '';
  if (o.dryRun === 'client') return `${deleteKind(t.rt)} "${t.name}" deleted${suffix}`;
  try {
    await session.client.delete(t.rt, t.name, {
      namespace: t.namespace,
      propagationPolicy: policy,
      ...(grace >= 0 ? { gracePeriodSeconds: grace } : {}),
      dryRun: o.dryRun === 'server',
    });
  } catch (err) {
    if (o.ignoreNotFound && isStatus(err, 404)) return undefined;
    throw err;
  }
  return `${deleteKind(t.rt)} "${t.name}" ${o.force && grace === 0 ? 'force deleted' : 'deleted'}${suffix}`;
}

/** Waits until none of the objects exists any more (kubectl delete --wait). */
export async function waitDeleted(session: Session, targets: readonly DeleteTarget[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (const t of targets) {
    for (;;) {
      try {
        await session.client.get(t.rt, t.name, { namespace: t.namespace });
      } catch (err) {
        if (isStatus(err, 404)) break;
        throw err;
      }
      if (Date.now() > deadline) throw new KubelabError(`timed out waiting for the condition on ${t.rt.plural}/${t.name}`);
      await sleep(100);
    }
  }
}
