import { Args } from '../lib/cli/args.js';
import { Command } from '../lib/cli/command.js';
import { labelFlags } from '../lib/mutate/label-flags.js';
import { labelCommand } from '../lib/mutate/label-command.js';

export default class Annotate extends Command {
  static override summary = 'Update the annotations on a resource.';
  static override description = 'KEY=VALUE sets (an existing key needs --overwrite), KEY- removes; as kubectl annotate does.';
  static override examples = [
    { description: 'Set one.', command: '<%= config.bin %> annotate pod web-1 tier=frontend' },
    { description: 'Change it.', command: '<%= config.bin %> annotate pod web-1 tier=backend --overwrite' },
    { description: 'Remove it from every pod labelled app=web.', command: '<%= config.bin %> annotate pods -l app=web tier-' },
  ];
  static override args = { resource: Args.string({ description: 'TYPE NAME… or TYPE/NAME…, then KEY=VALUE… and KEY-…', required: true }) };
  static override flags = { ...labelFlags };

  async run(): Promise<void> {
    const { flags, argv } = await this.parse(Annotate);
    if (!(await labelCommand('annotations', argv, flags))) this.exit(1);
  }
}
