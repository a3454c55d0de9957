import { Args } from '../../lib/cli/args.js';
import { Command } from '../../lib/cli/command.js';
import { Flags } from '../../lib/cli/flag.js';
import { dataDirFlags } from '../../flags.js';
import { connectNodesAdmin } from '../../lib/nodes/admin-client.js';
import { RUNTIMES, addNode, addNodeRequest } from '../../lib/nodes/drills.js';
import { oneNode } from '../../lib/nodes/node-arg.js';

export default class NodeAdd extends Command {
  static override summary = 'Add a simulated node: a machine joins the cluster.';
  static override description = `A new machine with a kubelet and a container runtime joins, as \`kubeadm join\` makes one join: its cloud instance exists, its kubelet registers the Node (capacity, labels, taints, the runtime's version) and heartbeats through its Lease in kube-node-lease. Its podCIDR and InternalIP are the next free ones (10.244.N.0/24, 172.18.0.N+2).`;
  static override examples = [
    { description: 'A worker of the default size.', command: '<%= config.bin %> node add worker-3' },
    { description: 'A small GPU node that only tolerating pods may use.', command: '<%= config.bin %> node add gpu-1 --cpu 2 --memory 4Gi --labels accelerator=nvidia --taints gpu=true:NoSchedule' },
    { description: 'A node whose runtime is CRI-O.', command: '<%= config.bin %> node add crio-1 --runtime cri-o' },
  ];
  static override args = { name: Args.string({ description: 'NAME', required: true }) };
  static override flags = {
    ...dataDirFlags,
    cpu: Flags.string({ description: 'CPU capacity (default 4).', helpValue: 'QUANTITY' }),
    memory: Flags.string({ description: 'Memory capacity (default 8Gi).', helpValue: 'QUANTITY' }),
    pods: Flags.integer({ description: 'Pods the node takes (default 110).', min: 1, helpValue: 'N' }),
    labels: Flags.string({ char: 'l', description: 'Labels for the Node, comma-separated (k=v,k2=v2).', helpValue: 'LABELS' }),
    taints: Flags.string({ description: 'Taints for the Node, comma-separated (key=value:NoSchedule,key2:NoExecute).', helpValue: 'TAINTS' }),
    runtime: Flags.string({ description: 'Container runtime behind the CRI (default containerd).', options: RUNTIMES, helpValue: 'RUNTIME' }),
  };

  async run(): Promise<void> {
    const { flags, argv } = await this.parse(NodeAdd);
    const request = addNodeRequest(oneNode(argv), flags);
    this.log(await addNode(await connectNodesAdmin(flags['data-dir']), request));
  }
}
