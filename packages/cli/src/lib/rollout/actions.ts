/**
 * `rollout restart|pause|resume`: one patch each, as kubectl's polymorphic helpers make it —
 * restart stamps the pod template with kubectl.kubernetes.io/restartedAt (a new template, so a
 * new rollout); pause and resume flip spec.paused (deployments only).
 */
import { KubelabError } from '../errors.js';
import type { Session } from '../kube/session.js';
import type { ObjectRef } from '../kube/targets.js';
import { targetName } from '../manifest/target.js';

type Obj = Record<string, any>;

export async function restart(s: Session, ref: ObjectRef, now = new Date()): Promise<string> {
  if (!['Deployment', 'DaemonSet', 'StatefulSet'].includes(ref.rt.kind)) throw new KubelabError(`${ref.rt.plural} "${ref.name}" restarting is not supported`);
  const d = (await s.client.get(ref.rt, ref.name, { namespace: ref.namespace })) as Obj;
  if (d['spec']?.['paused']) throw new KubelabError(`can't restart paused deployment (run rollout resume first)`);
  const stamp = now.toISOString().replace(/\.\d{3}Z$/, 'Z');
  await s.client.patch(ref.rt, ref.name, 'strategic', { spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': stamp } } } } }, { namespace: ref.namespace, fieldManager: 'kubectl-rollout' });
  return `${targetName(ref)} restarted`;
}

export async function setPaused(s: Session, ref: ObjectRef, paused: boolean): Promise<string> {
  if (ref.rt.kind !== 'Deployment') throw new KubelabError(`${ref.rt.plural} "${ref.name}" ${paused ? 'pausing' : 'resuming'} is not supported`);
  const d = (await s.client.get(ref.rt, ref.name, { namespace: ref.namespace })) as Obj;
  if (Boolean(d['spec']?.['paused']) === paused) throw new KubelabError(`deployments.apps "${ref.name}" is ${paused ? 'already paused' : 'not paused'}`);
  await s.client.patch(ref.rt, ref.name, 'strategic', { spec: { paused } }, { namespace: ref.namespace, fieldManager: 'kubectl-rollout' });
  return `${targetName(ref)} ${paused ? 'paused' : 'resumed'}`;
}
