import { Args } from '../../lib/cli/args.js';
import { dataDirFlags } from '../../flags.js';
import { resolveDataDir } from '../../lib/data-dir.js';
import { connectAdmin } from '../../lib/etcd/admin-client.js';
import { EtcdCommand } from '../../lib/etcd/command.js';
import { EtcdctlError } from '../../lib/etcd/errors.js';
import { parseInt64 } from '../../lib/etcd/flags.js';
import { compact } from '../../lib/etcd/kv.js';

export default class EtcdCompaction extends EtcdCommand {
  static override summary = 'Compacts the event history in the store (etcdctl compaction).';
  static override description = `Forgets every version older than REVISION, keeping each key's newest one. Reads and watches from before it fail with "required revision has been compacted" — a Kubernetes client gets 410 Gone and relists. kubelabd also compacts on its own every 5 minutes, as kube-apiserver does.`;

  static override examples = [
    { description: 'Compact up to revision 500.', command: '<%= config.bin %> etcd compaction 500' },
    { description: 'Then give the space back to the file system.', command: '<%= config.bin %> etcd defrag' },
  ];

  static override badArgsMessage = 'compaction command needs 1 argument';

  static override args = { revision: Args.string({ description: 'The revision to compact up to.' }) };

  static override flags = { ...dataDirFlags };

  protected async execute(): Promise<void> {
    const parsed = await this.parse(EtcdCompaction);
    const [text = ''] = this.positionals(parsed, 1, 1);
    let revision: number;
    try {
      revision = parseInt64(text);
    } catch (err) {
      throw new EtcdctlError((err as Error).message);
    }
    const client = await connectAdmin(resolveDataDir(parsed.flags['data-dir']));
    await compact(client, revision);
    this.log(`compacted revision ${revision}`);
  }
}
