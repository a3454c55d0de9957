/**
 * Waiting for objects as `kubectl wait` does: each one in turn, until the condition holds or
 * the object is gone (--for=delete), polling the API; "TYPE/NAME condition met" for each,
 * kubectl's timeout error otherwise. A spinner shows the wait on a terminal only.
 */
import { StatusError } from '@kubelab/core/api/status';
import { startProgress } from '../cli/progress.js';
import { KubelabError } from '../errors.js';
import type { Session } from '../kube/session.js';
import type { ObjectRef } from '../kube/targets.js';
import { targetName } from '../manifest/target.js';
import { sleep } from '../process.js';
import { type WaitFor, conditionMet } from './condition.js';

export async function waitFor(s: Session, ref: ObjectRef, w: WaitFor, deadline: number, pollMs = 100): Promise<string | undefined> {
  const progress = startProgress(`waiting for ${targetName(ref)}`);
  let first = true;
  try {
    for (;;) {
      let obj: Record<string, any> | undefined;
      try {
        obj = (await s.client.get(ref.rt, ref.name, { namespace: ref.namespace })) as Record<string, any>;
      } catch (err) {
        if (!(err instanceof StatusError) || err.code !== 404) throw err;
        // Already gone at the first look: kubectl says nothing.
        if (w.kind === 'delete') return first ? undefined : `${targetName(ref)} condition met`;
        if (w.kind !== 'create') throw err;
      }
      if (obj && w.kind !== 'delete' && conditionMet(obj, w)) return `${targetName(ref)} condition met`;
      if (Date.now() >= deadline) throw new KubelabError(`timed out waiting for the condition on ${ref.rt.plural}/${ref.name}`);
      first = false;
      await sleep(pollMs);
    }
  } finally {
    progress.stop();
  }
}
