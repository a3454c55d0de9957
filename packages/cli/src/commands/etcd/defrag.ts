import { dataDirFlags } from '../../flags.js';
import { resolveDataDir } from '../../lib/data-dir.js';
import { connectAdmin } from '../../lib/etcd/admin-client.js';
import { EtcdCommand } from '../../lib/etcd/command.js';
import { ExitCode } from '../../lib/etcd/errors.js';
import { defragment } from '../../lib/etcd/maintenance.js';

export default class EtcdDefrag extends EtcdCommand {
  static override summary = 'Defragments the storage of the kubelab member (etcdctl defrag).';
  static override description = `Gives the space that compaction freed back to the file system (SQLite's VACUUM), as etcd's defrag does for its bolt file. Compare the DB SIZE of endpoint status before and after.`;

  static override examples = [{ description: 'Compact, then defragment.', command: '<%= config.bin %> etcd compaction 500 && <%= config.bin %> etcd defrag' }];

  static override flags = { ...dataDirFlags };

  protected async execute(): Promise<void> {
    const parsed = await this.parse(EtcdDefrag);
    this.positionals(parsed, 0, 0);
    const client = await connectAdmin(resolveDataDir(parsed.flags['data-dir']));
    try {
      await defragment(client);
    } catch (err) {
      process.stderr.write(`Failed to defragment etcd member[${client.endpoint}] (${(err as Error).message})\n`);
      this.exit(ExitCode.error);
    }
    this.log(`Finished defragmenting etcd member[${client.endpoint}]`);
  }
}
