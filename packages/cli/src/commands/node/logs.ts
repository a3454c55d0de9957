import { Args } from '../../lib/cli/args.js';
import { Command } from '../../lib/cli/command.js';
import { Flags } from '../../lib/cli/flag.js';
import { dataDirFlags } from '../../flags.js';
import { connectNodesAdmin } from '../../lib/nodes/admin-client.js';
import { nodeJournal } from '../../lib/nodes/drills.js';
import { oneNode } from '../../lib/nodes/node-arg.js';

export default class NodeLogs extends Command {
  static override summary = "The kubelet's journal on a node (journalctl -u kubelet).";
  static override description = "What `journalctl -u kubelet` shows on the node: the kubelet's klog lines (registration, SyncLoop ADD/UPDATE/REMOVE, probe failures, errors) and systemd's as the unit starts and stops, oldest first.";
  static override examples = [
    { description: "worker-1's kubelet journal.", command: '<%= config.bin %> node logs worker-1' },
    { description: 'The last 20 lines.', command: '<%= config.bin %> node logs worker-1 -n 20' },
  ];
  static override args = { name: Args.string({ description: 'NODE', required: true }) };
  static override flags = {
    ...dataDirFlags,
    lines: Flags.integer({ char: 'n', description: 'Show the most recent N journal entries.', min: 0, helpValue: 'N' }),
  };

  async run(): Promise<void> {
    const { flags, argv } = await this.parse(NodeLogs);
    const node = oneNode(argv);
    process.stdout.write(await nodeJournal(await connectNodesAdmin(flags['data-dir']), node, flags.lines));
  }
}
