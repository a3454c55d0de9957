import { Args } from '../../lib/cli/args.js';
import { Command } from '../../lib/cli/command.js';
import { dataDirFlags } from '../../flags.js';
import { connectNodesAdmin } from '../../lib/nodes/admin-client.js';
import { stopNode } from '../../lib/nodes/drills.js';
import { oneNode } from '../../lib/nodes/node-arg.js';

export default class NodeStop extends Command {
  static override summary = "Stop a node's kubelet (systemctl stop kubelet).";
  static override description = `The kubelet stops: no more heartbeats (its Lease is no longer renewed) and no more status; the containers keep running. After kube-controller-manager's --node-monitor-grace-period (40s; kubelab up --node-monitor-grace-period sets it) the node's Ready condition turns Unknown ("Kubelet stopped posting node status."), the node is tainted node.kubernetes.io/unreachable, and its pods are evicted once they stop tolerating that (300s by default).`;
  static override examples = [
    { description: 'Stop the kubelet of worker-1 and watch the node go NotReady.', command: '<%= config.bin %> node stop worker-1 && kubectl get nodes -w' },
  ];
  static override args = { name: Args.string({ description: 'NODE', required: true }) };
  static override flags = { ...dataDirFlags };

  async run(): Promise<void> {
    const { flags, argv } = await this.parse(NodeStop);
    const node = oneNode(argv);
    this.log(await stopNode(await connectNodesAdmin(flags['data-dir']), node));
  }
}
