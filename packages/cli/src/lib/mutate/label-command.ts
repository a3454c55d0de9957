/** The body `label` and `annotate` share: targets, changes, one line per object. */
import { dryRunOf } from '../cli/dry-run.js';
import { forEachReporting } from '../cli/each.js';
import { KubelabError } from '../errors.js';
import type { ConnectionFlags } from '../kube/connection.js';
import { withSession } from '../kube/session.js';
import { resolveTargets } from '../kube/targets.js';
import { splitKeyChanges } from './label-args.js';
import { type MetaField, relabel } from './label.js';

export interface LabelFlags extends ConnectionFlags {
  overwrite: boolean;
  'dry-run'?: string | undefined;
  'resource-version'?: string | undefined;
  list: boolean;
  all: boolean;
  selector?: string | undefined;
  filename: string[];
  recursive: boolean;
}

export async function labelCommand(field: MetaField, argv: readonly string[], flags: LabelFlags): Promise<boolean> {
  const what = field === 'labels' ? 'label' : 'annotation';
  const changes = splitKeyChanges(argv, what);
  if (!flags.list && changes.set.size === 0 && changes.remove.length === 0) throw new KubelabError(`at least one ${what} update is required`);
  return withSession(flags, async (s) => {
    const refs = await resolveTargets(s, changes.resources, flags);
    return forEachReporting(refs, (ref) => relabel(s, ref, field, changes, { overwrite: flags.overwrite, dryRun: dryRunOf(flags['dry-run']), resourceVersion: flags['resource-version'], list: flags.list }));
  });
}
