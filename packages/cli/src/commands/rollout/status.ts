import { Args } from '../../lib/cli/args.js';
import { Command } from '../../lib/cli/command.js';
import { Flags } from '../../lib/cli/flag.js';
import { eachRolloutTarget } from '../../lib/rollout/command.js';
import { watchRollout } from '../../lib/rollout/watch-status.js';
import { durationFlag, fileFlags, kubeFlags } from '../../flags.js';

export default class RolloutStatus extends Command {
  static override summary = 'Show the status of the rollout.';
  static override description = "Watches a deployment, daemon set or stateful set until its rollout finishes, printing kubectl's progress lines; exits 1 if it exceeds its progress deadline or --timeout. On a terminal a spinner shows the wait; scripts see only the lines.";
  static override examples = [
    { description: 'Wait for deployment web to roll out.', command: '<%= config.bin %> rollout status deployment/web' },
    { description: 'Give up after a minute.', command: '<%= config.bin %> rollout status deploy/web --timeout=60s' },
    { description: 'One look, no waiting.', command: '<%= config.bin %> rollout status deploy/web --watch=false' },
  ];
  static override args = { resource: Args.string({ description: 'TYPE NAME or TYPE/NAME', required: true }) };
  static override flags = {
    ...kubeFlags,
    ...fileFlags,
    watch: Flags.boolean({ char: 'w', description: 'Watch the status until the rollout is done.', default: true }),
    timeout: durationFlag({ description: 'How long to wait (0: forever).', default: 0, env: 'KUBELAB_ROLLOUT_TIMEOUT' }),
    selector: Flags.string({ char: 'l', description: 'Selector (label query) to filter on.', helpValue: 'SELECTOR' }),
  };

  async run(): Promise<void> {
    const { flags, argv } = await this.parse(RolloutStatus);
    const ok = await eachRolloutTarget(flags, argv, async (s, ref) => {
      await watchRollout(s, ref, { watch: flags.watch, timeoutMs: flags.timeout }, (line) => this.log(line));
      return undefined;
    });
    if (!ok) this.exit(1);
  }
}
