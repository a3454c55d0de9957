/**
 * `kubelab scale`: the scale subresource's spec.replicas set with a merge patch (kubectl's
 * ScaleClient), after checking --current-replicas and --resource-version preconditions.
 */
import { resourcePath } from '@kubelab/core/client/client';
import { statusErrorFromResponse } from '@kubelab/core/client/transport';
import { StatusError } from '@kubelab/core/api/status';
import { KubelabError } from '../errors.js';
import type { Session } from '../kube/session.js';
import type { ObjectRef } from '../kube/targets.js';
import { targetName } from '../manifest/target.js';

export interface ScaleOptions {
  replicas: number;
  currentReplicas: number;
  resourceVersion?: string | undefined;
  dryRun: 'none' | 'client' | 'server';
}

export async function scaleOne(s: Session, ref: ObjectRef, o: ScaleOptions): Promise<string> {
  if (!ref.rt.subresources.includes('scale')) throw new KubelabError(`cannot scale ${ref.rt.plural}: it has no scale subresource`);
  // kubectl's builder reads every object first; one that is missing fails the command so.
  await s.client.get(ref.rt, ref.name, { namespace: ref.namespace }).catch((err: unknown) => {
    if (err instanceof StatusError && err.code === 404) throw new KubelabError(`no objects passed to scale ${err.status.message ?? ''}`);
    throw err;
  });
  if (o.currentReplicas >= 0 || o.resourceVersion) {
    const res = await s.transport.request('GET', resourcePath(ref.rt, { namespace: ref.namespace, name: ref.name, subresource: 'scale' }));
    if (res.status !== 200) throw statusErrorFromResponse(res.status, res.body);
    const scale = JSON.parse(res.body) as { spec?: { replicas?: number }; metadata?: { resourceVersion?: string } };
    const current = scale.spec?.replicas ?? 0;
    if (o.currentReplicas >= 0 && current !== o.currentReplicas) throw new KubelabError(`Expected replicas to be ${o.currentReplicas}, was ${current}`);
    if (o.resourceVersion && scale.metadata?.resourceVersion !== o.resourceVersion) throw new KubelabError(`Expected resource version to be ${o.resourceVersion}, was ${scale.metadata?.resourceVersion}`);
  }
  const suffix = o.dryRun === 'client' ? ' (dry run)' : o.dryRun === 'server' ? ' (server dry run)' : '';
  if (o.dryRun !== 'client') {
    await s.client.patch(ref.rt, ref.name, 'merge', { spec: { replicas: o.replicas } }, { namespace: ref.namespace, subresource: 'scale', dryRun: o.dryRun === 'server' });
  }
  return `${targetName(ref)} scaled${suffix}`;
}
