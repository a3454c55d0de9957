import { dataDirFlags } from '../../../flags.js';
import { resolveDataDir } from '../../../lib/data-dir.js';
import { connectAdmin } from '../../../lib/etcd/admin-client.js';
import { EtcdCommand } from '../../../lib/etcd/command.js';
import { outputFormat, writeOutFlag } from '../../../lib/etcd/flags.js';
import { memberList } from '../../../lib/etcd/maintenance.js';
import { formatMemberList } from '../../../lib/etcd/print/maintenance.js';

export default class EtcdMemberList extends EtcdCommand {
  static override summary = 'Lists all members in the cluster (etcdctl member list).';
  static override description = `kubelab's store is a single member, named kubelab, with no peers; its client URL is the API server's. A restore gives it a new member ID (and cluster ID), as etcdutl's restore does.`;

  static override examples = [{ description: 'As a table.', command: '<%= config.bin %> etcd member list -w table' }];

  static override flags = { ...dataDirFlags, ...writeOutFlag(['simple', 'json', 'table']) };

  protected async execute(): Promise<void> {
    const parsed = await this.parse(EtcdMemberList);
    this.positionals(parsed, 0, 0);
    const format = outputFormat(parsed.flags['write-out'], ['simple', 'json', 'table']);
    const client = await connectAdmin(resolveDataDir(parsed.flags['data-dir']));
    this.write(formatMemberList(await memberList(client), format));
  }
}
