import { Args } from '../lib/cli/args.js';
import { Command } from '../lib/cli/command.js';
import { KubelabError } from '../lib/errors.js';
import { withSession } from '../lib/kube/session.js';
import { explainPod } from '../lib/why/why.js';
import { kubeFlags, outputFlags } from '../flags.js';

export default class Why extends Command {
  static override summary = "Explain the scheduler's last decision about a pod.";
  static override description = `Shows kubelab's scheduler's last attempt at placing the pod as a nodes × plugins table: each filter plugin's verdict on each node it looked at, in the plugin's own words ("-": not run, an earlier filter had rejected the node), then each score plugin's raw, normalized and weighted score and every node's total; "*" marks the chosen node.

kube-scheduler keeps none of this; kubelab's scheduler keeps the last attempt of every pod it schedules (served at /kubelab/scheduler/namespaces/NS/pods/NAME, so kubectl get --raw reads it too). A pod of another scheduler (its schedulerName served by no profile), or one bound without the scheduler, has no record, and why says so.`;
  static override examples = [
    { description: 'Why is web-1 Pending, or why is it on its node?', command: '<%= config.bin %> why pod/web-1' },
    { description: 'The same decision as YAML.', command: '<%= config.bin %> why web-1 -n shop -o yaml' },
  ];
  static override args = { pod: Args.string({ description: 'POD or pod/NAME', required: true }) };
  static override flags = { ...kubeFlags, ...outputFlags };

  async run(): Promise<void> {
    const { flags, argv } = await this.parse(Why);
    if (argv.length !== 1) throw new KubelabError(`expected 'why (POD | pod/NAME)'.\nPOD or pod/NAME is a required argument for the why command\nSee 'kubelab why -h' for help and examples`);
    const text = await withSession(flags, (s) => explainPod(s, argv[0]!, flags.output as 'json' | 'yaml' | undefined));
    process.stdout.write(text);
  }
}
