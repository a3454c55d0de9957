import { Args } from '../../lib/cli/args.js';
import { Command } from '../../lib/cli/command.js';
import { dataDirFlags } from '../../flags.js';
import { connectNodesAdmin } from '../../lib/nodes/admin-client.js';
import { removeNode } from '../../lib/nodes/drills.js';
import { oneNode } from '../../lib/nodes/node-arg.js';

export default class NodeRemove extends Command {
  static override summary = "Remove a node: its machine is terminated.";
  static override description = `The node's cloud instance is deleted, and its kubelet and containers with it. Nothing deletes the Node at once — as in a cloud, the cloud node lifecycle controller deletes it once the Node is no longer Ready (after --node-monitor-grace-period) and the cloud says its instance does not exist ("Deleting node … because it does not exist in the cloud provider"); the pod garbage collector then removes its pods.`;
  static override examples = [
    { description: 'Terminate worker-2 and watch its Node disappear.', command: '<%= config.bin %> node remove worker-2 && kubectl get nodes -w' },
  ];
  static override args = { name: Args.string({ description: 'NODE', required: true }) };
  static override flags = { ...dataDirFlags };

  async run(): Promise<void> {
    const { flags, argv } = await this.parse(NodeRemove);
    const node = oneNode(argv);
    this.log(await removeNode(await connectNodesAdmin(flags['data-dir']), node));
  }
}
