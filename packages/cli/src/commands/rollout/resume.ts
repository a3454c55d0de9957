import { Args } from '../../lib/cli/args.js';
import { Command } from '../../lib/cli/command.js';
import { setPaused } from '../../lib/rollout/actions.js';
import { eachRolloutTarget } from '../../lib/rollout/command.js';
import { fileFlags, kubeFlags } from '../../flags.js';
import { Flags } from '../../lib/cli/flag.js';

export default class RolloutResume extends Command {
  static override summary = 'Resume a paused resource.';
  static override description = 'Rolls out what changed while the deployment was paused.';
  static override examples = [{ description: 'Deployment web.', command: '<%= config.bin %> rollout resume deployment/web' }];
  static override args = { resource: Args.string({ description: 'TYPE NAME or TYPE/NAME', required: true }) };
  static override flags = { ...kubeFlags, ...fileFlags, selector: Flags.string({ char: 'l', description: 'Selector (label query) to filter on.', helpValue: 'SELECTOR' }) };

  async run(): Promise<void> {
    const { flags, argv } = await this.parse(RolloutResume);
    if (!(await eachRolloutTarget(flags, argv, (s, ref) => setPaused(s, ref, false)))) this.exit(1);
  }
}
