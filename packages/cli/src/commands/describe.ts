import { Args } from '../lib/cli/args.js';
import { Command } from '../lib/cli/command.js';
import { Flags } from '../lib/cli/flag.js';
import { describeResources } from '../lib/describe/resources.js';
import { KubelabError } from '../lib/errors.js';
import { withSession } from '../lib/kube/session.js';
import { fileFlags, kubeFlags, selectorFlags } from '../flags.js';

export default class Describe extends Command {
  static override summary = 'Show details of a specific resource or group of resources.';
  static override description = `Prints a detailed description of the selected resources, including related resources such as events or controllers — the text kubectl describe prints. With a name prefix, every object whose name starts with it is described.

kubelab's one addition, off unless asked for so the text stays kubectl's: --show-scheduling adds a pod's last scheduling attempt (result, rejected nodes by plugin, top scores) before its events.`;
  static override examples = [
    { description: 'A pod, with its containers, conditions and events.', command: '<%= config.bin %> describe pod web-1' },
    { description: 'Every node.', command: '<%= config.bin %> describe nodes' },
    { description: 'The deployments labelled app=web.', command: '<%= config.bin %> describe deploy -l app=web' },
    { description: "A pod, and why the scheduler put it where it is (or left it Pending).", command: '<%= config.bin %> describe pod web-1 --show-scheduling' },
  ];
  static override args = { type: Args.string({ description: 'TYPE, TYPE NAME_PREFIX, or TYPE/NAME' }) };
  static override flags = {
    ...kubeFlags,
    ...selectorFlags,
    ...fileFlags,
    'show-events': Flags.boolean({ description: 'Show the events of the described objects.', default: true }),
    'show-scheduling': Flags.boolean({ description: "kubelab's addition: a pod's last scheduling attempt (a Scheduling section before the events; kubelab why shows the whole table).", default: false }),
  };

  async run(): Promise<void> {
    const { flags, argv } = await this.parse(Describe);
    if (argv.length === 0 && flags.filename.length === 0) throw new KubelabError(`You must specify the type of resource to describe. Use "kubelab api-resources" for a complete list of supported resources.\n`, 1, '');
    const ok = await withSession(flags, (s) => describeResources(s, argv, flags, (text) => process.stdout.write(text)));
    if (!ok) this.exit(1);
  }
}
