import { Args } from '../../../lib/cli/args.js';
import { EtcdCommand } from '../../../lib/etcd/command.js';
import { writeOutFlag } from '../../../lib/etcd/flags.js';
import { runEtcdutl } from '../../../lib/etcd/snapshot.js';

export default class EtcdSnapshotStatus extends EtcdCommand {
  static override summary = 'Gets backend snapshot status of a given file (etcdctl snapshot status).';
  static override description = `Prints the snapshot's hash, revision, total keys (every retained version of every key) and size. Works offline, on the file alone, and checks it first: a snapshot with a flipped byte or cut short is reported as corrupt (exit 1), so a status that succeeds means a restore will.`;

  static override examples = [{ description: 'As a table.', command: '<%= config.bin %> etcd snapshot status backup.db -w table' }];

  static override badArgsMessage = 'snapshot status requires exactly one argument';

  static override args = { file: Args.string({ description: 'The snapshot file.' }) };

  static override flags = { ...writeOutFlag(['simple', 'json', 'table']) };

  protected async execute(): Promise<void> {
    const parsed = await this.parse(EtcdSnapshotStatus);
    const [file = ''] = this.positionals(parsed, 1, 1);
    // kubelab-etcdutl checks the format and prints as etcdctl; its exit code is ours.
    const code = await runEtcdutl(['snapshot', 'status', `--write-out=${parsed.flags['write-out']}`, '--', file]);
    if (code !== 0) this.exit(code);
  }
}
