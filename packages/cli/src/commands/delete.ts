import { Args } from '../lib/cli/args.js';
import { Command } from '../lib/cli/command.js';
import { dryRunOf } from '../lib/cli/dry-run.js';
import { forEachReporting } from '../lib/cli/each.js';
import { Flags } from '../lib/cli/flag.js';
import { FORCE_WARNING, cascadeOf, deleteOne, waitDeleted } from '../lib/delete/delete.js';
import { withSession } from '../lib/kube/session.js';
import { resolveTargets } from '../lib/kube/targets.js';
import { dryRunFlags, durationFlag, fileFlags, kubeFlags, selectorFlags } from '../flags.js';

export default class Delete extends Command {
  static override summary = 'Delete resources by file names, stdin, resources and names, or by resources and label selector.';
  static override description = `Deletes as kubectl delete does: dependents are removed by the garbage collector in the background (--cascade=foreground waits for them, orphan leaves them), pods get their grace period (--grace-period, --force for none), and the command waits until the objects are gone (--wait=false to return at once).`;
  static override examples = [
    { description: 'Delete a pod.', command: '<%= config.bin %> delete pod web-1' },
    { description: 'Delete what a manifest created.', command: '<%= config.bin %> delete -f web.yaml' },
    { description: 'Delete the pods labelled app=web, without waiting.', command: '<%= config.bin %> delete pods -l app=web --wait=false' },
    { description: 'Delete every configmap in the namespace.', command: '<%= config.bin %> delete configmaps --all' },
    { description: 'Remove a pod at once.', command: '<%= config.bin %> delete pod web-1 --grace-period=0 --force' },
  ];
  static override args = { type: Args.string({ description: 'TYPE, TYPE/NAME…, or TYPE NAME…' }) };
  static override flags = {
    ...kubeFlags,
    ...fileFlags,
    ...selectorFlags,
    ...dryRunFlags,
    all: Flags.boolean({ description: 'Delete all resources of the given types in the namespace.' }),
    cascade: Flags.string({ description: 'background, foreground or orphan.', default: 'background', helpValue: 'MODE' }),
    'grace-period': Flags.integer({ description: 'Seconds given to the resource to terminate gracefully; -1 uses its own.', default: -1, helpValue: 'SECONDS' }),
    force: Flags.boolean({ description: 'Remove immediately (with --grace-period=0), without waiting for the kubelet.' }),
    'ignore-not-found': Flags.boolean({ description: 'Treat "resource not found" as a successful delete.' }),
    wait: Flags.boolean({ description: 'Wait for resources to be gone before returning.', default: true }),
    timeout: durationFlag({ description: 'How long to wait for the deletion (0: a week).', default: 0, env: 'KUBELAB_DELETE_TIMEOUT' }),
  };

  async run(): Promise<void> {
    const { flags, argv } = await this.parse(Delete);
    const options = { cascade: cascadeOf(flags.cascade), gracePeriod: flags['grace-period'], force: flags.force, ignoreNotFound: flags['ignore-not-found'] || (flags.all && argv.length > 0), dryRun: dryRunOf(flags['dry-run']) };
    const ok = await withSession(flags, async (session) => {
      const targets = await resolveTargets(session, argv, flags);
      if (targets.length === 0) process.stderr.write(`No resources found\n`);
      if (flags.force) process.stderr.write(`${FORCE_WARNING}\n`);
      const deleted: typeof targets = [];
      const fine = await forEachReporting(targets, async (t) => {
        const line = await deleteOne(session, t, options);
        if (line) deleted.push(t);
        return line;
      });
      if (flags.wait && options.dryRun === 'none' && options.cascade !== 'orphan') await waitDeleted(session, deleted, flags.timeout || 7 * 24 * 3600_000);
      return fine;
    });
    if (!ok) this.exit(1);
  }
}
