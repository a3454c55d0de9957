import { Args } from '../lib/cli/args.js';
import { Command } from '../lib/cli/command.js';
import { forEachReporting } from '../lib/cli/each.js';
import { withSession } from '../lib/kube/session.js';
import { resolveTargets } from '../lib/kube/targets.js';
import { editOne } from '../lib/mutate/edit.js';
import { fileFlags, kubeFlags } from '../flags.js';

export default class Edit extends Command {
  static override summary = 'Edit a resource on the server.';
  static override description = 'Opens the object as YAML in $KUBE_EDITOR, else $EDITOR, else vi; what you change is sent when you save and close, as kubectl edit does. An unchanged or empty file cancels.';
  static override examples = [
    { description: 'Edit a deployment in vi.', command: '<%= config.bin %> edit deployment/web' },
    { description: 'With nano.', command: 'KUBE_EDITOR=nano <%= config.bin %> edit svc web' },
  ];
  static override args = { resource: Args.string({ description: 'TYPE NAME or TYPE/NAME', required: true }) };
  static override flags = { ...kubeFlags, ...fileFlags };

  async run(): Promise<void> {
    const { flags, argv } = await this.parse(Edit);
    const ok = await withSession(flags, async (s) => forEachReporting(await resolveTargets(s, argv, flags), (ref) => editOne(s, ref)));
    if (!ok) this.exit(1);
  }
}
