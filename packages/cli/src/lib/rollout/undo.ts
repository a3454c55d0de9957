/**
 * `rollout undo` of a deployment, as kubectl's DeploymentRollbacker does it: the chosen
 * revision's template (hash label removed) and annotations go back into the deployment with
 * one JSON patch; the deployment controller then rolls it out as a new revision.
 */
import { KubelabError } from '../errors.js';
import type { Session } from '../kube/session.js';
import type { ObjectRef } from '../kube/targets.js';
import { targetName } from '../manifest/target.js';
import { revisionsOf } from './history.js';

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
  if (ref.rt.kind !== 'Deployment') throw new KubelabError(`kubelab rolls back deployments; ${ref.rt.plural} are not supported yet`);
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
