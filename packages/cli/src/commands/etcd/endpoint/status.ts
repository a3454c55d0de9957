import { dataDirFlags } from '../../../flags.js';
import { resolveDataDir } from '../../../lib/data-dir.js';
import { connectAdmin } from '../../../lib/etcd/admin-client.js';
import { EtcdCommand } from '../../../lib/etcd/command.js';
import { ExitCode } from '../../../lib/etcd/errors.js';
import { outputFormat, writeOutFlag } from '../../../lib/etcd/flags.js';
import { type EndpointStatus, endpointStatus } from '../../../lib/etcd/maintenance.js';
import { formatEndpointStatus } from '../../../lib/etcd/print/maintenance.js';

export default class EtcdEndpointStatus extends EtcdCommand {
  static override summary = 'Prints out the status of the kubelab store (etcdctl endpoint status).';
  static override description = `The member's ID, version, database size, leadership and Raft position, in etcdctl's columns. kubelab's store is one member without Raft: it is always its own leader, in term 1, and its Raft index is the store's revision (one entry per committed write).`;

  static override examples = [
    { description: 'As a table.', command: '<%= config.bin %> etcd endpoint status -w table' },
    { description: 'The database size in bytes.', command: '<%= config.bin %> etcd endpoint status -w json' },
  ];

  static override flags = { ...dataDirFlags, ...writeOutFlag(['simple', 'json', 'table']) };

  protected async execute(): Promise<void> {
    const parsed = await this.parse(EtcdEndpointStatus);
    this.positionals(parsed, 0, 0);
    const format = outputFormat(parsed.flags['write-out'], ['simple', 'json', 'table']);
    const client = await connectAdmin(resolveDataDir(parsed.flags['data-dir']));
    const list: EndpointStatus[] = [];
    let failed = false;
    try {
      list.push(await endpointStatus(client));
    } catch (err) {
      // etcdctl reports each endpoint it could not reach, prints the others, then exits 1.
      failed = true;
      process.stderr.write(`Failed to get the status of endpoint ${client.endpoint} (${(err as Error).message})\n`);
    }
    this.write(formatEndpointStatus(list, format));
    if (failed) this.exit(ExitCode.error);
  }
}
