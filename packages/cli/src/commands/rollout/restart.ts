import { Args } from '../../lib/cli/args.js';
import { Command } from '../../lib/cli/command.js';
import { restart } from '../../lib/rollout/actions.js';
import { eachRolloutTarget } from '../../lib/rollout/command.js';
import { fileFlags, kubeFlags } from '../../flags.js';
import { Flags } from '../../lib/cli/flag.js';

export default class RolloutRestart extends Command {
  static override summary = 'Restart a resource.';
  static override description = 'Stamps the pod template with kubectl.kubernetes.io/restartedAt, so the controller replaces every pod, as kubectl rollout restart does.';
  static override examples = [{ description: 'Deployment web.', command: '<%= config.bin %> rollout restart deployment/web' }];
  static override args = { resource: Args.string({ description: 'TYPE NAME or TYPE/NAME', required: true }) };
  static override flags = { ...kubeFlags, ...fileFlags, selector: Flags.string({ char: 'l', description: 'Selector (label query) to filter on.', helpValue: 'SELECTOR' }) };

  async run(): Promise<void> {
    const { flags, argv } = await this.parse(RolloutRestart);
    if (!(await eachRolloutTarget(flags, argv, (s, ref) => restart(s, ref)))) this.exit(1);
  }
}
