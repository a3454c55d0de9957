/**
 * The objects a command acts on, from `TYPE NAME…`, `TYPE/NAME…`, `-f FILE`, or `TYPE` with
 * `-l SELECTOR` / `--all` (listed first) — kubectl's resource.Builder for write commands.
 */
import type { ResourceType } from '@kubelab/core/api/registry';
import { KubelabError } from '../errors.js';
import { readManifests } from '../manifest/read.js';
import { targetOf } from '../manifest/target.js';
import { parseResourceArgs } from './resource-args.js';
import type { Session } from './session.js';

export interface ObjectRef {
  rt: ResourceType;
  name: string;
  namespace: string | undefined;
}

export interface TargetFlags {
  filename?: string[];
  recursive?: boolean;
  selector?: string | undefined;
  all?: boolean;
  'all-namespaces'?: boolean;
}

export const NO_RESOURCES = `You must provide one or more resources by argument or filename.
Example resource specifications include:
   '-f rsrc.yaml'
   '--filename=rsrc.json'
   '<resource> <name>'
   '<resource>'`;

export async function resolveTargets(session: Session, args: readonly string[], flags: TargetFlags): Promise<ObjectRef[]> {
  const ns = session.namespace;
  if (flags.filename && flags.filename.length > 0) {
    const manifests = await readManifests(flags.filename, flags.recursive === true);
    return manifests.map((m) => targetOf(m, ns, session.conn.explicitNamespace)).map((t) => ({ rt: t.rt, name: t.name, namespace: t.namespace }));
  }
  if (args.length === 0) throw new KubelabError(NO_RESOURCES);
  const requests = parseResourceArgs(args);
  const refs: ObjectRef[] = [];
  for (const r of requests) {
    const namespace = r.rt.namespaced ? ns : undefined;
    if (r.name !== undefined) {
      if (flags.all) throw new KubelabError('setting \'all\' parameter but found a non empty selector. ');
      refs.push({ rt: r.rt, name: r.name, namespace });
      continue;
    }
    if (!flags.all && !flags.selector) throw new KubelabError(`resource(s) were provided, but no name was specified`);
    const allNs = flags['all-namespaces'] === true;
    const list = await session.client.list(r.rt, { ...(namespace && !allNs ? { namespace } : {}), ...(flags.selector ? { labelSelector: flags.selector } : {}) });
    for (const item of list.items) refs.push({ rt: r.rt, name: item.metadata?.name ?? '', namespace: r.rt.namespaced ? item.metadata?.namespace : undefined });
  }
  return refs;
}
