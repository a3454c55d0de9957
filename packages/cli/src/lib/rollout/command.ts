/** The shared shape of the rollout subcommands: targets, one action each, kubectl's lines. */
import { forEachReporting } from '../cli/each.js';
import { KubelabError } from '../errors.js';
import type { ConnectionFlags } from '../kube/connection.js';
import { type Session, withSession } from '../kube/session.js';
import { type ObjectRef, resolveTargets } from '../kube/targets.js';

export async function eachRolloutTarget(flags: ConnectionFlags & { filename?: string[]; selector?: string | undefined; recursive?: boolean }, argv: readonly string[], fn: (s: Session, ref: ObjectRef) => Promise<string | undefined>): Promise<boolean> {
  return withSession(flags, async (s) => {
    const refs = await resolveTargets(s, argv, flags);
    for (const r of refs) if (!['Deployment', 'DaemonSet', 'StatefulSet'].includes(r.rt.kind)) throw new KubelabError(`no rollout support for ${r.rt.plural}`);
    return forEachReporting(refs, (ref) => fn(s, ref));
  });
}
