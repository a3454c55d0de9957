import { Args } from '../../lib/cli/args.js';
import { Command } from '../../lib/cli/command.js';
import { dataDirFlags } from '../../flags.js';
import { connectNodesAdmin } from '../../lib/nodes/admin-client.js';
import { startNode } from '../../lib/nodes/drills.js';
import { oneNode } from '../../lib/nodes/node-arg.js';

export default class NodeStart extends Command {
  static override summary = "Start a node's kubelet again (systemctl start kubelet).";
  static override description = 'The kubelet starts, finds the containers that kept running in the runtime and adopts them, renews its Lease and posts status: the node is Ready again and the unreachable taint is lifted.';
  static override examples = [{ description: 'Bring worker-1 back.', command: '<%= config.bin %> node start worker-1' }];
  static override args = { name: Args.string({ description: 'NODE', required: true }) };
  static override flags = { ...dataDirFlags };

  async run(): Promise<void> {
    const { flags, argv } = await this.parse(NodeStart);
    const node = oneNode(argv);
    this.log(await startNode(await connectNodesAdmin(flags['data-dir']), node));
  }
}
