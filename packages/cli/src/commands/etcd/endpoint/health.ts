import { dataDirFlags } from '../../../flags.js';
import { resolveDataDir } from '../../../lib/data-dir.js';
import { connectAdmin } from '../../../lib/etcd/admin-client.js';
import { EtcdCommand } from '../../../lib/etcd/command.js';
import { EtcdctlError } from '../../../lib/etcd/errors.js';
import { outputFormat, writeOutFlag } from '../../../lib/etcd/flags.js';
import { endpointHealth } from '../../../lib/etcd/maintenance.js';
import { formatEndpointHealth } from '../../../lib/etcd/print/maintenance.js';

export default class EtcdEndpointHealth extends EtcdCommand {
  static override summary = 'Checks the health of the kubelab store (etcdctl endpoint health).';
  static override description = `Healthy when the store answers a read, as etcdctl judges a member by a GET of the key "health"; prints how long it took. Exits 1 ("unhealthy cluster") otherwise.`;

  static override examples = [
    { description: 'Is the store healthy?', command: '<%= config.bin %> etcd endpoint health' },
    { description: 'As a table.', command: '<%= config.bin %> etcd endpoint health -w table' },
  ];

  static override flags = { ...dataDirFlags, ...writeOutFlag(['simple', 'json', 'table']) };

  protected async execute(): Promise<void> {
    const parsed = await this.parse(EtcdEndpointHealth);
    this.positionals(parsed, 0, 0);
    const format = outputFormat(parsed.flags['write-out'], ['simple', 'json', 'table']);
    const client = await connectAdmin(resolveDataDir(parsed.flags['data-dir']));
    const health = await endpointHealth(client);
    const out = formatEndpointHealth([health], format);
    this.write(out.stdout);
    process.stderr.write(out.stderr);
    if (!health.health) throw new EtcdctlError('unhealthy cluster');
  }
}
