/**
 * `kubelab apply`, client-side as kubectl computes it (k8s.io/kubectl/pkg/cmd/apply): the
 * object is created with its last-applied annotation when it does not exist; otherwise the
 * patch is the three-way strategic merge of the last-applied configuration, the manifest
 * (carrying its new annotation) and the live object — empty means "unchanged". With
 * --server-side the manifest is sent as an apply patch and the server merges it.
 */
import type { KubeObject } from '@kubelab/core/api/meta';
import { isStatus } from '@kubelab/core/client/client';
import { createThreeWayMergePatch, requireKeyUnchanged, requireMetadataKeyUnchanged } from '@kubelab/core/patch/strategic-merge';
import { schemaForKind } from '@kubelab/core/schema/index';
import type { Session } from '../kube/session.js';
import type { Target } from '../manifest/target.js';
import { targetName } from '../manifest/target.js';
import { inFile } from '../manifest/errors.js';
import { lastApplied, withLastApplied } from './last-applied.js';

export type DryRun = 'none' | 'client' | 'server';

export interface ApplyOptions {
  dryRun: DryRun;
  serverSide: boolean;
  forceConflicts: boolean;
  fieldManager?: string | undefined;
}

/** The three-way patch kubectl would send (`{}` when nothing changes). */
export function applyPatch(manifest: KubeObject, live: KubeObject): Record<string, unknown> {
  const { modified } = withLastApplied(manifest);
  const original = lastApplied(live);
  const schema = schemaForKind(manifest.apiVersion ?? '', manifest.kind ?? '');
  return createThreeWayMergePatch(original as never, modified as never, live as never, schema, true, [
    requireKeyUnchanged('apiVersion'),
    requireKeyUnchanged('kind'),
    requireMetadataKeyUnchanged('name'),
  ]);
}

/** Applies one object; returns the line kubectl prints ("configmap/x configured"). */
export async function applyOne(session: Session, t: Target, o: ApplyOptions): Promise<string> {
  const name = targetName(t);
  const suffix = o.dryRun === 'client' ? ' (dry run)' : o.dryRun === 'server' ? ' (server dry run)' : '';
  const dryRun = o.dryRun === 'server';
  if (o.serverSide) {
    if (o.dryRun !== 'client') {
      await session.client.patch(t.rt, t.name, 'apply', JSON.stringify(t.object), { namespace: t.namespace, fieldManager: o.fieldManager ?? 'kubectl', force: o.forceConflicts, dryRun });
    }
    return `${name} serverside-applied${suffix}`;
  }
  let live: KubeObject | undefined;
  try {
    live = await session.client.get(t.rt, t.name, { namespace: t.namespace });
  } catch (err) {
    if (!isStatus(err, 404)) throw err;
  }
  const fieldManager = o.fieldManager ?? 'kubectl-client-side-apply';
  if (!live) {
    if (o.dryRun !== 'client') {
      await session.client.create(t.rt, withLastApplied(t.object).modified, { namespace: t.namespace, fieldManager, dryRun }).catch((err: unknown) => {
        throw inFile(err, 'creating', t.source);
      });
    }
    return `${name} created${suffix}`;
  }
  const patch = applyPatch(t.object, live);
  if (Object.keys(patch).length === 0) return `${name} unchanged${suffix}`;
  if (o.dryRun !== 'client') {
    await session.client.patch(t.rt, t.name, 'strategic', patch, { namespace: t.namespace, fieldManager, dryRun }).catch((err: unknown) => {
      throw inFile(err, 'patching', t.source);
    });
  }
  return `${name} configured${suffix}`;
}
