import { Args } from '../../lib/cli/args.js';
import { Command } from '../../lib/cli/command.js';
import { Flags } from '../../lib/cli/flag.js';
import { UsageError } from '../../lib/cli/usage-error.js';
import { dataDirFlags } from '../../flags.js';
import { connectNodesAdmin } from '../../lib/nodes/admin-client.js';
import { CRICTL_COMMANDS, crictl } from '../../lib/nodes/crictl.js';

export default class NodeCrictl extends Command {
  static override summary = "crictl on a node: its container runtime's pods, containers and images.";
  static override description = `What \`sudo crictl …\` shows on the node, read from its runtime (containerd, CRI-O or cri-dockerd) through the CRI: pods lists every pod sandbox — the pause container holding the pod's network namespace and IP; ps the containers (-a: exited ones too, with their restart ATTEMPT); images the images pulled, pause included; logs and inspect take a container ID or a unique prefix of it, inspectp a pod sandbox's (its network namespace's IP is the pod's IP).`;
  static override examples = [
    { description: 'Pod sandboxes on worker-1.', command: '<%= config.bin %> node crictl worker-1 pods' },
    { description: 'Every container, running and exited.', command: '<%= config.bin %> node crictl worker-1 ps -a' },
    { description: 'The exited instances of the nginx containers in namespace default.', command: '<%= config.bin %> node crictl worker-1 ps --state exited --name nginx --namespace default' },
    { description: 'A container by ID prefix: its log and its status.', command: '<%= config.bin %> node crictl worker-1 logs 3f2a9c && <%= config.bin %> node crictl worker-1 inspect 3f2a9c' },
  ];
  static override args = {
    name: Args.string({ description: 'NODE', required: true }),
    command: Args.string({ description: CRICTL_COMMANDS.join('|'), required: true }),
    id: Args.string({ description: 'CONTAINER-ID (logs, inspect) or POD-ID (inspectp)' }),
  };
  static override flags = {
    ...dataDirFlags,
    all: Flags.boolean({ char: 'a', description: 'ps: show all containers, not only running ones.' }),
    quiet: Flags.boolean({ char: 'q', description: 'ps, pods, images: only the IDs.' }),
    name: Flags.string({ description: 'ps, pods: filter by container (pods: pod) name, a regular expression.', helpValue: 'REGEX' }),
    namespace: Flags.string({ description: "ps, pods: filter by the pod's namespace, a regular expression.", helpValue: 'REGEX' }),
    state: Flags.string({ char: 's', description: 'ps: created|running|exited|unknown; pods: ready|notready.', helpValue: 'STATE' }),
    pod: Flags.string({ char: 'p', description: 'ps: only the containers of this pod sandbox (ID or prefix).', helpValue: 'POD-ID' }),
    'no-trunc': Flags.boolean({ description: 'ps, pods, images: full IDs.' }),
    follow: Flags.boolean({ char: 'f', description: 'logs: keep printing new lines until the container exits.' }),
    tail: Flags.integer({ description: 'logs: the last N lines.', min: 0, helpValue: 'N' }),
    timestamps: Flags.boolean({ char: 't', description: 'logs: each line with its RFC 3339 time.' }),
  };

  async run(): Promise<void> {
    const { flags, argv } = await this.parse(NodeCrictl);
    const [node, command, ...rest] = argv;
    if (!node || !command) throw new UsageError(`a NODE and a crictl command (${CRICTL_COMMANDS.join(', ')}) are required`);
    const out = await crictl(await connectNodesAdmin(flags['data-dir']), node, command, rest, { ...flags, noTrunc: flags['no-trunc'] });
    process.stdout.write(out.stdout);
    process.stderr.write(out.stderr);
  }
}
