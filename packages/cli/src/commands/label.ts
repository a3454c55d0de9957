import { Args } from '../lib/cli/args.js';
import { Command } from '../lib/cli/command.js';
import { labelFlags } from '../lib/mutate/label-flags.js';
import { labelCommand } from '../lib/mutate/label-command.js';

export default class Label extends Command {
  static override summary = 'Update the labels on a resource.';
  static override description = 'KEY=VALUE sets (an existing key needs --overwrite), KEY- removes; as kubectl label does.';
  static override examples = [
    { description: 'Set one.', command: '<%= config.bin %> label pod web-1 tier=frontend' },
    { description: 'Change it.', command: '<%= config.bin %> label pod web-1 tier=backend --overwrite' },
    { description: 'Remove it from every pod labelled app=web.', command: '<%= config.bin %> label pods -l app=web tier-' },
  ];
  static override args = { resource: Args.string({ description: 'TYPE NAME… or TYPE/NAME…, then KEY=VALUE… and KEY-…', required: true }) };
  static override flags = { ...labelFlags };

  async run(): Promise<void> {
    const { flags, argv } = await this.parse(Label);
    if (!(await labelCommand('labels', argv, flags))) this.exit(1);
  }
}
