/**
 * `rollout undo`, as kubectl's rollbackers do it:
 *   - a deployment (DeploymentRollbacker): the chosen revision's template (hash label
 *     removed) and annotations go back into the deployment with one JSON patch; the
 *     deployment controller then rolls it out as a new revision;
 *   - a daemon set or stateful set (DaemonSetRollbacker, StatefulSetRollbacker): the chosen
 *     ControllerRevision's data — a strategic merge patch replacing the pod template — is
 *     applied as it is; the controller rolls out the template and records the next revision.
 */
import { KubelabError } from '../errors.js';
import type { Session } from '../kube/session.js';
import type { ObjectRef } from '../kube/targets.js';
import { targetName } from '../manifest/target.js';
import { type Revision, revisionsOf } from './history.js';

type Obj = Record<string, any>;

const SKIP = new Set([
  'kubectl.kubernetes.io/last-applied-configuration',
  'deployment.kubernetes.io/revision',
  'deployment.kubernetes.io/revision-history',
  'deployment.kubernetes.io/desired-replicas',
  'deployment.kubernetes.io/max-replicas',
  'deprecated.deployment.rollback.to',
]);

function withoutHash(t: Obj): Obj {
  const copy = structuredClone(t);
  if (copy['metadata']?.['labels']) delete copy['metadata']['labels']['pod-template-hash'];
  return copy;
}

function same(a: unknown, b: unknown): boolean {
  const norm = (v: unknown): unknown => (Array.isArray(v) ? v.map(norm) : v && typeof v === 'object' ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, norm((v as Obj)[k])])) : v);
  return JSON.stringify(norm(a)) === JSON.stringify(norm(b));
}

export async function undoRollout(s: Session, ref: ObjectRef, toRevision: number, dryRun: boolean): Promise<string> {
  if (ref.rt.kind === 'DaemonSet' || ref.rt.kind === 'StatefulSet') return undoToControllerRevision(s, ref, toRevision, dryRun);
  if (ref.rt.kind !== 'Deployment') throw new KubelabError(`no rollbacker has been implemented for "${ref.rt.group}/${ref.rt.kind}"`);
  const d = (await s.client.get(ref.rt, ref.name, { namespace: ref.namespace })) as Obj;
  if (d['spec']?.['paused']) throw new KubelabError(`you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again`);
  const revisions = await revisionsOf(s, ref, d);
  let target = revisions.find((r) => r.revision === toRevision);
  if (toRevision === 0) {
    if (revisions.length < 2) throw new KubelabError(`no rollout history found for deployment "${ref.name}"`);
    target = revisions[revisions.length - 2];
  }
  if (!target) throw new KubelabError(`unable to find specified revision ${toRevision} in history`);
  const template = withoutHash(target.template);
  if (same(template, d['spec']?.['template'])) return `${targetName(ref)} skipped rollback (current template already matches revision ${target.revision})`;
  const annotations: Record<string, string> = {};
  for (const k of SKIP) if (d['metadata']?.['annotations']?.[k] !== undefined) annotations[k] = d['metadata']['annotations'][k];
  for (const [k, v] of Object.entries((target.source['metadata']?.['annotations'] ?? {}) as Record<string, string>)) if (!SKIP.has(k)) annotations[k] = v;
  const patch = [
    { op: 'replace', path: '/spec/template', value: template },
    { op: 'replace', path: '/metadata/annotations', value: annotations },
  ];
  await s.client.patch(ref.rt, ref.name, 'json', patch, { namespace: ref.namespace, dryRun });
  return `${targetName(ref)} rolled back${dryRun ? ' (server dry run)' : ''}`;
}

/** The revision to go back to: the one asked for, or the one before the newest. */
function chooseRevision(revisions: Revision[], toRevision: number): Revision {
  if (toRevision === 0) {
    if (revisions.length < 2) throw new KubelabError(`no last revision to roll back to`);
    return revisions[revisions.length - 2]!;
  }
  const found = revisions.find((r) => r.revision === toRevision);
  if (!found) throw new KubelabError(`unable to find specified revision ${toRevision} in history`);
  return found;
}

async function undoToControllerRevision(s: Session, ref: ObjectRef, toRevision: number, dryRun: boolean): Promise<string> {
  const owner = (await s.client.get(ref.rt, ref.name, { namespace: ref.namespace })) as Obj;
  const revisions = await revisionsOf(s, ref, owner);
  const target = chooseRevision(revisions, toRevision);
  // The revision's template, as its patch would leave it, against the live one.
  const { $patch: _replace, ...template } = (target.source['data']?.['spec']?.['template'] ?? {}) as Obj;
  if (same(template, owner['spec']?.['template'])) return `${targetName(ref)} skipped rollback (current template already matches revision ${target.revision})`;
  await s.client.patch(ref.rt, ref.name, 'strategic', target.source['data'], { namespace: ref.namespace, dryRun });
  return `${targetName(ref)} rolled back${dryRun ? ' (server dry run)' : ''}`;
}
