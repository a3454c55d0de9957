/**
 * `kubelab patch`: the patch as given (-p, or --patch-file), of --type strategic (default),
 * merge or json, sent to each object; "patched", or "patched (no change)" when the object
 * came back as it was.
 */
import { readFileSync } from 'node:fs';
import type { PatchType } from '@kubelab/core/client/client';
import { KubelabError } from '../errors.js';
import type { Session } from '../kube/session.js';
import type { ObjectRef } from '../kube/targets.js';
import { targetName } from '../manifest/target.js';

export function patchText(patch: string | undefined, file: string | undefined): string {
  if (patch && file) throw new KubelabError('--patch and --patch-file cannot be used together');
  if (file) return readFileSync(file, 'utf8');
  if (!patch) throw new KubelabError('must specify --patch or --patch-file containing the contents of the patch');
  return patch;
}

/** A YAML patch (kubectl accepts YAML for -p) becomes JSON; JSON passes through as it is. */
export async function patchBody(text: string): Promise<string> {
  try {
    JSON.parse(text);
    return text;
  } catch {
    const { parse } = await import('yaml');
    try {
      return JSON.stringify(parse(text));
    } catch {
      return text;
    }
  }
}

export async function patchOne(s: Session, ref: ObjectRef, type: PatchType, body: string, o: { dryRun: 'none' | 'client' | 'server'; subresource?: string | undefined }): Promise<string> {
  const before = await s.client.get(ref.rt, ref.name, { namespace: ref.namespace });
  const suffix = o.dryRun === 'client' ? ' (dry run)' : o.dryRun === 'server' ? ' (server dry run)' : '';
  if (o.dryRun === 'client') return `${targetName(ref)} patched${suffix}`;
  const after = await s.client.patch(ref.rt, ref.name, type, body, { namespace: ref.namespace, dryRun: o.dryRun === 'server', fieldManager: 'kubectl-patch', ...(o.subresource ? { subresource: o.subresource } : {}) });
  const same = before.metadata?.resourceVersion === after.metadata?.resourceVersion;
  return `${targetName(ref)} patched${same ? ' (no change)' : ''}${suffix}`;
}
