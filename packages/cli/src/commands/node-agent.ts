import { Command } from '../lib/cli/command.js';
import { Flags } from '../lib/cli/flag.js';
import { kubeFlags } from '../flags.js';
import { resolveConnection } from '../lib/kube/connection.js';
import { RUNTIMES } from '../lib/nodes/drills.js';
import { runNodeAgent } from '../lib/nodes/node-agent.js';

export default class NodeAgent extends Command {
  static override summary = 'Run simulated nodes in this process, against any kubelab API server.';
  static override description = `Kubelets and their container runtimes, in the foreground, as API clients of the server the connection flags name (default: the local kubelab): each registers its Node, renews its Lease and runs the pods bound to it — the way a real kubelet on another machine joins a control plane. Stop it with Ctrl-C: its kubelets stop, and their Nodes go Unknown after the grace period.

Each node takes a podCIDR and InternalIP no other node of the cluster uses. The agent serves its kubelets' logs and exec on the host's loopback and publishes the address on each Node, so kubectl logs and exec reach its pods; its pods reach each other but not the daemon's data path (Services, other nodes' pods).`;
  static override examples = [
    { description: 'Two nodes against the local kubelab.', command: '<%= config.bin %> node-agent --nodes edge-1,edge-2' },
    { description: 'Against another kubelab, by URL and token.', command: '<%= config.bin %> node-agent --server https://10.0.0.5:6443 --token "$TOKEN" --kubeconfig other.kubeconfig --nodes edge-1' },
  ];
  static override flags = {
    ...kubeFlags,
    nodes: Flags.string({ description: 'The nodes to run, comma-separated.', multiple: true, delimiter: ',', helpValue: 'NAMES' }),
    cpu: Flags.string({ description: "Each node's CPU capacity (default 4).", helpValue: 'QUANTITY' }),
    memory: Flags.string({ description: "Each node's memory capacity (default 8Gi).", helpValue: 'QUANTITY' }),
    pods: Flags.integer({ description: 'Pods each node takes (default 110).', min: 1, helpValue: 'N' }),
    runtime: Flags.string({ description: 'Container runtime behind the CRI (default containerd).', options: RUNTIMES, helpValue: 'RUNTIME' }),
    labels: Flags.string({ char: 'l', description: 'Labels for every node, comma-separated (k=v,k2=v2).', helpValue: 'LABELS' }),
    taints: Flags.string({ description: 'Taints for every node, comma-separated (key=value:NoSchedule).', helpValue: 'TAINTS' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(NodeAgent);
    const conn = await resolveConnection(flags);
    const code = await runNodeAgent(conn, { ...flags, nodes: flags.nodes ?? [] });
    if (code !== 0) this.exit(code);
  }
}
