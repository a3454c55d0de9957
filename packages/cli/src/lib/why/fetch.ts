/**
 * The decision record of a pod's last scheduling attempt, as kubelab's scheduler serves it
 * (GET /kubelab/scheduler/namespaces/NS/pods/NAME, with the cluster's usual credentials), or
 * the reason there is none in words a user can act on: the pod is another scheduler's (its
 * schedulerName is served by no profile), it was bound without kubelab's scheduler, it has
 * not been attempted yet, or the cluster is not a kubelab.
 */
import type { SchedulingDecision } from '@kubelab/core/scheduler/framework/decision';
import type { Session } from '../kube/session.js';

type Obj = Record<string, any>;

export const DECISIONS_PATH = '/kubelab/scheduler/';

export type DecisionLookup = { decision: SchedulingDecision } | { missing: string };

export function decisionPath(namespace: string, name: string): string {
  return `${DECISIONS_PATH}namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(name)}`;
}

/** GET one path; undefined on 404 (no such record, or no such route). */
async function getJson(s: Session, path: string): Promise<Obj | undefined> {
  const res = await s.transport.request('GET', path, { accept: 'application/json' });
  if (res.status === 404) return undefined;
  if (res.status !== 200) {
    let message = `the server answered ${res.status} for ${path}`;
    try {
      message = (JSON.parse(res.body) as { message?: string }).message ?? message;
    } catch {
      // not a Status: keep the generic words
    }
    throw new Error(message);
  }
  return JSON.parse(res.body) as Obj;
}

/** The record of pod's last attempt, or why there is none. */
export async function fetchDecision(s: Session, pod: Obj): Promise<DecisionLookup> {
  const meta = pod['metadata'] ?? {};
  const decision = await getJson(s, decisionPath(meta['namespace'], meta['name']));
  if (decision?.['kind'] === 'SchedulingDecision' && decision['metadata']?.['uid'] === meta['uid']) return { decision: decision as SchedulingDecision };
  const info = await getJson(s, DECISIONS_PATH);
  return { missing: whyMissing(pod, info?.['kind'] === 'SchedulerInfo' ? (info['schedulerNames'] as string[]) : undefined) };
}

/**
 * Why a pod has no record. served: the schedulerNames kubelab's profiles serve, undefined
 * when the cluster does not serve decision records at all.
 */
export function whyMissing(pod: Obj, served: string[] | undefined): string {
  const ref = `pod/${pod['metadata']?.['name']}`;
  if (!served) return `no scheduling decisions here: this cluster does not serve kubelab's scheduler records (${DECISIONS_PATH}); kubelab why needs a kubelab daemon with its scheduler running`;
  const spec = pod['spec'] ?? {};
  const schedulerName = spec['schedulerName'] ?? 'default-scheduler';
  const node = spec['nodeName'];
  if (!served.includes(schedulerName)) {
    const ours = served.map((n) => `"${n}"`).join(', ');
    return node
      ? `${ref} was bound to ${node} by "${schedulerName}", not by kubelab's scheduler (which serves ${ours}): no scheduling decision is recorded for it`
      : `${ref} is not kubelab's to schedule: its schedulerName is "${schedulerName}" and kubelab's scheduler serves ${ours}; it stays Pending until a scheduler named "${schedulerName}" binds it`;
  }
  if (node) return `${ref} is on ${node} but kubelab's scheduler recorded no attempt for it: it was bound without the scheduler (spec.nodeName set at creation, or another client's binding), or before the daemon last started`;
  const gates = (spec['schedulingGates'] ?? []) as Obj[];
  if (gates.length > 0) return `${ref} has not been attempted: it waits for its scheduling gates to be removed (${gates.map((g) => g['name']).join(', ')})`;
  if (pod['metadata']?.['deletionTimestamp']) return `${ref} is being deleted and was never attempted by kubelab's scheduler`;
  return `${ref} has not been attempted yet by kubelab's scheduler: it waits in the scheduling queue (try again in a moment)`;
}

/** For describe: the decision, or the words saying why there is none. */
export async function schedulingOf(s: Session, pod: Obj): Promise<SchedulingDecision | string> {
  const r = await fetchDecision(s, pod);
  return 'decision' in r ? r.decision : r.missing;
}
