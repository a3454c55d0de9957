import { Args } from '../../lib/cli/args.js';
import { Command } from '../../lib/cli/command.js';
import { Flags } from '../../lib/cli/flag.js';
import { KubelabError } from '../../lib/errors.js';
import { historyText } from '../../lib/rollout/history-text.js';
import { revisionsOf } from '../../lib/rollout/history.js';
import { eachRolloutTarget } from '../../lib/rollout/command.js';
import { fileFlags, kubeFlags } from '../../flags.js';

export default class RolloutHistory extends Command {
  static override summary = 'View rollout history.';
  static override description = 'Lists the revisions of a deployment (its replica sets), daemon set or stateful set (their controller revisions), or shows one revision\'s pod template, as kubectl rollout history does.';
  static override examples = [
    { description: 'The revisions of deployment web.', command: '<%= config.bin %> rollout history deployment/web' },
    { description: 'What revision 2 ran.', command: '<%= config.bin %> rollout history deployment/web --revision=2' },
  ];
  static override args = { resource: Args.string({ description: 'TYPE NAME or TYPE/NAME', required: true }) };
  static override flags = { ...kubeFlags, ...fileFlags, revision: Flags.integer({ description: 'Show the details of this revision.', default: 0, helpValue: 'N' }) };

  async run(): Promise<void> {
    const { flags, argv } = await this.parse(RolloutHistory);
    const ok = await eachRolloutTarget(flags, argv, async (s, ref) => {
      const owner = await s.client.get(ref.rt, ref.name, { namespace: ref.namespace });
      const revisions = await revisionsOf(s, ref, owner as never);
      if (flags.revision > 0 && !revisions.some((r) => r.revision === flags.revision)) throw new KubelabError(`unable to find the specified revision`);
      process.stdout.write(historyText(ref, revisions, flags.revision));
      return undefined;
    });
    if (!ok) this.exit(1);
  }
}
