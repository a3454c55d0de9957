import { Args } from '../../lib/cli/args.js';
import { Command } from '../../lib/cli/command.js';
import { dryRunOf } from '../../lib/cli/dry-run.js';
import { Flags } from '../../lib/cli/flag.js';
import { eachRolloutTarget } from '../../lib/rollout/command.js';
import { undoRollout } from '../../lib/rollout/undo.js';
import { dryRunFlags, fileFlags, kubeFlags } from '../../flags.js';

export default class RolloutUndo extends Command {
  static override summary = 'Undo a previous rollout.';
  static override description = 'Puts a previous revision\'s pod template back (the one before the current by default), as kubectl rollout undo does; the deployment then rolls it out.';
  static override examples = [
    { description: 'Back to the previous revision.', command: '<%= config.bin %> rollout undo deployment/web' },
    { description: 'Back to revision 1.', command: '<%= config.bin %> rollout undo deployment/web --to-revision=1' },
  ];
  static override args = { resource: Args.string({ description: 'TYPE NAME or TYPE/NAME', required: true }) };
  static override flags = { ...kubeFlags, ...fileFlags, ...dryRunFlags, 'to-revision': Flags.integer({ description: 'The revision to roll back to (0: the previous one).', default: 0, helpValue: 'N' }) };

  async run(): Promise<void> {
    const { flags, argv } = await this.parse(RolloutUndo);
    if (!(await eachRolloutTarget(flags, argv, (s, ref) => undoRollout(s, ref, flags['to-revision'], dryRunOf(flags['dry-run']) === 'server')))) this.exit(1);
  }
}
