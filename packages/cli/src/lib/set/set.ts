/**
 * `kubelab set image|env|resources`: change the pod template locally, then send the
 * difference as a two-way strategic merge patch, as kubectl's set commands do; nothing is
 * sent (and nothing printed) when nothing changed.
 */
import { apiVersionOfResource } from '@kubelab/core/api/registry';
import { createTwoWayMergePatch } from '@kubelab/core/patch/strategic-merge';
import { schemaForKind } from '@kubelab/core/schema/index';
import type { Session } from '../kube/session.js';
import type { ObjectRef } from '../kube/targets.js';
import { targetName } from '../manifest/target.js';
import { podSpecOf } from './pod-spec.js';

type Obj = Record<string, any>;

export async function updatePodSpec(s: Session, ref: ObjectRef, what: string, change: (spec: Obj, obj: Obj) => void, dryRun: 'none' | 'client' | 'server'): Promise<string | undefined> {
  const live = (await s.client.get(ref.rt, ref.name, { namespace: ref.namespace })) as Obj;
  const original = { apiVersion: apiVersionOfResource(ref.rt), kind: ref.rt.kind, ...live };
  const modified = structuredClone(original);
  change(podSpecOf(modified), modified);
  const patch = createTwoWayMergePatch(original as never, modified as never, schemaForKind(original.apiVersion, original.kind));
  if (Object.keys(patch).length === 0) return undefined;
  const suffix = dryRun === 'client' ? ' (dry run)' : dryRun === 'server' ? ' (server dry run)' : '';
  if (dryRun !== 'client') await s.client.patch(ref.rt, ref.name, 'strategic', patch, { namespace: ref.namespace, dryRun: dryRun === 'server', fieldManager: 'kubectl-set' });
  return `${targetName(ref)} ${what}${suffix}`;
}
