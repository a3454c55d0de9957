import { Args } from '../../lib/cli/args.js';
import { Command } from '../../lib/cli/command.js';
import { Flags } from '../../lib/cli/flag.js';
import { dataDirFlags } from '../../flags.js';
import { connectNodesAdmin, nodePath } from '../../lib/nodes/admin-client.js';
import { oneNode } from '../../lib/nodes/node-arg.js';

export default class NodeIptables extends Command {
  static override summary = "kube-proxy's rules on a node, as iptables-save prints them.";
  static override description = "The filter and nat tables kube-proxy (iptables mode) keeps on the node: KUBE-SERVICES → KUBE-SVC-… → KUBE-SEP-… with statistic --probability for spreading, KUBE-NODEPORTS, KUBE-MARK-MASQ and KUBE-POSTROUTING — `sudo iptables-save` on the node.";
  static override examples = [
    { description: "worker-1's rules.", command: '<%= config.bin %> node iptables worker-1' },
    { description: 'Only the nat table, and the chains of one Service.', command: "<%= config.bin %> node iptables worker-1 -t nat | grep 'default/web'" },
  ];
  static override args = { name: Args.string({ description: 'NODE', required: true }) };
  static override flags = {
    ...dataDirFlags,
    table: Flags.string({ char: 't', description: 'Only this table (iptables-save -t).', options: ['filter', 'nat'], helpValue: 'TABLE' }),
  };

  async run(): Promise<void> {
    const { flags, argv } = await this.parse(NodeIptables);
    const node = oneNode(argv);
    const client = await connectNodesAdmin(flags['data-dir']);
    process.stdout.write(await client.text('GET', nodePath(node, 'iptables', { table: flags.table })));
  }
}
