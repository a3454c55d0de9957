/**
 * `rollout status` and friends: read the object, and until it is done, print kubectl's
 * message for every change observed (a watch on the one object), within the timeout.
 */
import type { KubeObject } from '@kubelab/core/api/meta';
import { KubelabError } from '../errors.js';
import { startProgress } from '../cli/progress.js';
import type { Session } from '../kube/session.js';
import type { ObjectRef } from '../kube/targets.js';
import { rolloutStatus } from './status.js';

export async function watchRollout(s: Session, ref: ObjectRef, o: { watch: boolean; timeoutMs: number }, write: (line: string) => void): Promise<void> {
  const obj = await s.client.get(ref.rt, ref.name, { namespace: ref.namespace });
  let state = rolloutStatus(ref.rt.kind, obj);
  write(state.message);
  if (state.done || !o.watch) return;
  const progress = startProgress(`waiting for ${ref.rt.kind.toLowerCase()} "${ref.name}" to roll out`);
  const watch = await s.client.watch(ref.rt, { ...(ref.namespace ? { namespace: ref.namespace } : {}), fieldSelector: `metadata.name=${ref.name}`, resourceVersion: obj.metadata?.resourceVersion ?? '0' });
  const timer = o.timeoutMs > 0 ? setTimeout(() => watch.close(), o.timeoutMs) : undefined;
  try {
    for await (const ev of watch) {
      if (ev.type === 'DELETED') throw new KubelabError(`object has been deleted`);
      if (ev.type !== 'MODIFIED' && ev.type !== 'ADDED') continue;
      state = rolloutStatus(ref.rt.kind, ev.object as KubeObject);
      progress.stop();
      write(state.message);
      if (state.done) return;
    }
    throw new KubelabError('timed out waiting for the condition');
  } finally {
    if (timer) clearTimeout(timer);
    progress.stop();
    watch.close();
  }
}
