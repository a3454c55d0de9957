/**
 * Which objects `describe` prints, as kubectl chooses them: `TYPE NAME` matches every name
 * that starts with NAME (kubectl's prefix match), `TYPE` alone every object (-l to filter),
 * `TYPE/NAME` exactly one. Descriptions are separated by two blank lines.
 */
import type { KubeObject } from '@kubelab/core/api/meta';
import { StatusError, notFound } from '@kubelab/core/api/status';
import { errorText } from '../cli/report.js';
import { parseResourceArgs } from '../kube/resource-args.js';
import type { Session } from '../kube/session.js';
import { resolveTargets } from '../kube/targets.js';
import { describeObject } from './describe.js';

export interface DescribeFlags {
  selector?: string | undefined;
  'all-namespaces'?: boolean;
  filename?: string[];
  recursive?: boolean;
  'show-events'?: boolean;
  'show-scheduling'?: boolean;
}

export async function describeResources(s: Session, args: readonly string[], flags: DescribeFlags, write: (text: string) => void): Promise<boolean> {
  let first = true;
  let ok = true;
  const print = (text: string) => {
    write(first ? text : `\n\n${text}`);
    first = false;
  };
  const fail = (err: unknown) => {
    if (!(err instanceof StatusError)) throw err;
    process.stderr.write(errorText(err));
    ok = false;
  };
  const showEvents = flags['show-events'] !== false;
  const showScheduling = flags['show-scheduling'] === true;
  if (flags.filename?.length || args.some((a) => a.includes('/'))) {
    for (const ref of await resolveTargets(s, args, flags)) {
      try {
        print(await describeObject(s, ref.rt, (await s.client.get(ref.rt, ref.name, { namespace: ref.namespace })) as never, showEvents, showScheduling));
      } catch (err) {
        fail(err);
      }
    }
    return ok;
  }
  for (const req of parseResourceArgs(args.slice(0, 1))) {
    const namespace = req.rt.namespaced && !flags['all-namespaces'] ? s.namespace : undefined;
    const prefix = args[1];
    if (prefix !== undefined) {
      // An exact name first; else every object whose name starts with it.
      let objects: KubeObject[] = [];
      try {
        objects = [await s.client.get(req.rt, prefix, { namespace })];
      } catch (err) {
        if (!(err instanceof StatusError) || err.code !== 404) throw err;
        const all = await s.client.list(req.rt, namespace ? { namespace } : {});
        objects = all.items.filter((o) => o.metadata?.name?.startsWith(prefix));
        if (objects.length === 0) fail(notFound(req.rt, prefix));
      }
      for (const o of objects) print(await describeObject(s, req.rt, o as never, showEvents, showScheduling));
      continue;
    }
    const all = await s.client.list(req.rt, { ...(namespace ? { namespace } : {}), ...(flags.selector ? { labelSelector: flags.selector } : {}) });
    if (all.items.length === 0 && first) process.stderr.write(namespace ? `No resources found in ${namespace} namespace.\n` : 'No resources found\n');
    for (const o of all.items) print(await describeObject(s, req.rt, o as never, showEvents, showScheduling));
  }
  return ok;
}
