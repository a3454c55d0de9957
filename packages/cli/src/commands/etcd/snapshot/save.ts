import { Args } from '../../../lib/cli/args.js';
import { dataDirFlags } from '../../../flags.js';
import { resolveDataDir } from '../../../lib/data-dir.js';
import { connectAdmin } from '../../../lib/etcd/admin-client.js';
import { EtcdCommand } from '../../../lib/etcd/command.js';
import { saveSnapshot } from '../../../lib/etcd/snapshot.js';

export default class EtcdSnapshotSave extends EtcdCommand {
  static override summary = "Stores a snapshot of the running kubelab's store to a file (etcdctl snapshot save).";
  static override description = `A consistent point-in-time copy of the whole store, taken while kubelab keeps running, written to FILE (mode 0600) through FILE.part, so that a failed save never leaves a file that looks whole. Restore it with kubelab etcd snapshot restore.`;

  static override examples = [
    { description: 'Save a snapshot.', command: '<%= config.bin %> etcd snapshot save backup.db' },
    { description: 'Check it.', command: '<%= config.bin %> etcd snapshot status backup.db -w table' },
  ];

  static override badArgsMessage = 'snapshot save expects one argument';

  static override args = { file: Args.string({ description: 'Where to write the snapshot.' }) };

  static override flags = { ...dataDirFlags };

  protected async execute(): Promise<void> {
    const parsed = await this.parse(EtcdSnapshotSave);
    const [file = ''] = this.positionals(parsed, 1, 1);
    const client = await connectAdmin(resolveDataDir(parsed.flags['data-dir']));
    const saved = await saveSnapshot(client, file);
    this.log(`Snapshot saved at ${saved.path}`);
  }
}
