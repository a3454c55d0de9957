import { Args } from '../../../lib/cli/args.js';
import { Flags } from '../../../lib/cli/flag.js';
import { EtcdCommand } from '../../../lib/etcd/command.js';
import { runEtcdutl } from '../../../lib/etcd/snapshot.js';

export default class EtcdSnapshotRestore extends EtcdCommand {
  static override summary = 'Restores a snapshot into a new kubelab data directory (etcdutl snapshot restore).';
  static override description = `Creates the data directory DIR (it must be absent or empty) holding the snapshot's store, with a new cluster ID and member ID; start it with kubelab up --data-dir DIR. Works offline. A corrupt or truncated snapshot is refused, and DIR is not created.

After a restore, Kubernetes clients still hold resourceVersions from the old store, some newer than the snapshot. --bump-revision N --mark-compacted (etcdutl's flags, which go together) move the revision N past the snapshot's and mark all history up to there compacted, so every watch or read from an old resourceVersion gets 410 Gone and relists instead of trusting a stale cache.`;

  static override examples = [
    { description: 'Restore for Kubernetes.', command: '<%= config.bin %> etcd snapshot restore backup.db --data-dir /tmp/restored --bump-revision 1000000000 --mark-compacted' },
    { description: 'Then start it.', command: '<%= config.bin %> up --data-dir /tmp/restored' },
  ];

  static override badArgsMessage = 'snapshot restore requires exactly one argument';

  static override args = { file: Args.string({ description: 'The snapshot file.' }) };

  // No environment variable for --data-dir: here it names the directory to create, and the
  // running kubelab's $KUBELAB_HOME must never be its default.
  static override flags = {
    'data-dir': Flags.string({ description: 'Path to the output data directory.', helpValue: 'DIR' }),
    'bump-revision': Flags.string({ description: 'How much to increase the latest revision after restore.', helpValue: 'N' }),
    'mark-compacted': Flags.boolean({ description: 'Mark the latest revision after restore as the point of scheduled compaction (required if --bump-revision > 0, disallowed otherwise).' }),
    'skip-hash-check': Flags.boolean({ description: 'Ignore snapshot integrity hash value (required if copied from data directory).' }),
  };

  protected async execute(): Promise<void> {
    const parsed = await this.parse(EtcdSnapshotRestore);
    const { flags } = parsed;
    // kubelab-etcdutl checks the arguments and flags in etcdutl's order and words; its exit
    // code is ours.
    const argv = ['snapshot', 'restore'];
    if (flags['data-dir'] !== undefined) argv.push(`--data-dir=${flags['data-dir']}`);
    if (flags['bump-revision'] !== undefined) argv.push(`--bump-revision=${flags['bump-revision']}`);
    if (flags['mark-compacted']) argv.push('--mark-compacted');
    if (flags['skip-hash-check']) argv.push('--skip-hash-check');
    argv.push('--', ...this.positionals(parsed, 0, Infinity));
    const code = await runEtcdutl(argv);
    if (code !== 0) this.exit(code);
  }
}
