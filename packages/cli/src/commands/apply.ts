import { Command } from '../lib/cli/command.js';
import { forEachReporting } from '../lib/cli/each.js';
import { Flags } from '../lib/cli/flag.js';
import { type DryRun, applyOne } from '../lib/apply/apply.js';
import { dryRunOf } from '../lib/cli/dry-run.js';
import { KubelabError } from '../lib/errors.js';
import { withSession } from '../lib/kube/session.js';
import { readManifests } from '../lib/manifest/read.js';
import { targetOf } from '../lib/manifest/target.js';
import { dryRunFlags, fileFlags, kubeFlags } from '../flags.js';

export default class Apply extends Command {
  static override summary = 'Apply a configuration to a resource by file name or stdin.';
  static override description = `Creates what does not exist and updates what does, as kubectl apply does: the last applied configuration is kept in the kubectl.kubernetes.io/last-applied-configuration annotation, and the change is a three-way strategic merge of it, your file and the live object — fields that others set and you never applied are kept. With --server-side the API server merges (field ownership in managedFields).`;
  static override examples = [
    { description: 'Apply a manifest.', command: '<%= config.bin %> apply -f web.yaml' },
    { description: 'Apply every manifest in a directory tree.', command: '<%= config.bin %> apply -f manifests/ -R' },
    { description: 'From standard input, without changing anything.', command: 'cat web.yaml | <%= config.bin %> apply -f - --dry-run=server' },
    { description: 'Server-side apply, taking over fields others own.', command: '<%= config.bin %> apply -f web.yaml --server-side --force-conflicts' },
  ];
  static override flags = {
    ...kubeFlags,
    ...fileFlags,
    ...dryRunFlags,
    'server-side': Flags.boolean({ description: 'Apply on the server (server-side apply) instead of computing the patch here.' }),
    'force-conflicts': Flags.boolean({ description: 'With --server-side: take over fields other managers own.' }),
    'field-manager': Flags.string({ description: 'Name of the manager used to track field ownership.', helpValue: 'NAME' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Apply);
    if (flags.filename.length === 0) throw new KubelabError('must specify one of -f and -k');
    if (flags['force-conflicts'] && !flags['server-side']) throw new KubelabError('--force-conflicts only works with --server-side');
    const dryRun: DryRun = dryRunOf(flags['dry-run']);
    const ok = await withSession(flags, async (session) => {
      const manifests = await readManifests(flags.filename, flags.recursive);
      if (manifests.length === 0) throw new KubelabError('no objects passed to apply');
      return forEachReporting(manifests, (m) =>
        applyOne(session, targetOf(m, session.namespace, session.conn.explicitNamespace), { dryRun, serverSide: flags['server-side'], forceConflicts: flags['force-conflicts'], fieldManager: flags['field-manager'] }),
      );
    });
    if (!ok) this.exit(1);
  }
}
