/**
 * Sending a generated object (create …, run, expose) and saying so as kubectl does:
 * `deployment.apps/web created` — with ` (dry run)` / ` (server dry run)` — or, with -o, the
 * object itself: as generated for --dry-run=client, as the server stored it otherwise.
 */
import type { KubeObject } from '@kubelab/core/api/meta';
import { resourceForKind } from '@kubelab/core/api/registry';
import { printObjects } from '../../print/objects.js';
import { parseOutputFormat } from '../../print/output-format.js';
import type { Session } from '../kube/session.js';
import { targetName } from '../manifest/target.js';

export interface SubmitOptions {
  dryRun: 'none' | 'client' | 'server';
  output?: string | undefined;
  /** The verb printed: "created", "exposed". */
  verb?: string;
  fieldManager?: string;
}

export async function submit(session: Session | undefined, obj: KubeObject, o: SubmitOptions): Promise<string> {
  const rt = resourceForKind(obj.apiVersion ?? '', obj.kind ?? '');
  if (!rt) throw new Error(`no resource for ${obj.apiVersion}/${obj.kind}`);
  let result = obj;
  if (o.dryRun !== 'client' && session) {
    const namespace = rt.namespaced ? session.namespace : undefined;
    result = await session.client.create(rt, obj, { namespace, dryRun: o.dryRun === 'server', fieldManager: o.fieldManager ?? 'kubectl-create' });
  }
  const format = parseOutputFormat(o.output);
  if (format.kind !== 'table') return printObjects([{ apiVersion: obj.apiVersion, kind: obj.kind, ...result }], true, format).replace(/\n$/, '');
  const suffix = o.dryRun === 'client' ? ' (dry run)' : o.dryRun === 'server' ? ' (server dry run)' : '';
  return `${targetName({ rt, name: result.metadata?.name ?? obj.metadata?.name ?? '' })} ${o.verb ?? 'created'}${suffix}`;
}
