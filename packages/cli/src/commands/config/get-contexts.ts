import { Args } from '../../lib/cli/args.js';
import { Command } from '../../lib/cli/command.js';
import { Flags } from '../../lib/cli/flag.js';
import { loadConfig } from '../../lib/config/target.js';
import { contextsTable } from '../../lib/config/view.js';
import { configFlags } from './view.js';

export default class ConfigGetContexts extends Command {
  static override summary = 'Describe one or many contexts.';
  static override examples = [
    { description: 'Every context; * marks the current one.', command: '<%= config.bin %> config get-contexts' },
    { description: 'Context names only.', command: '<%= config.bin %> config get-contexts -o name' },
  ];
  static override args = { name: Args.string({ description: 'Context names (default: all).' }) };
  static override flags = { ...configFlags, output: Flags.string({ char: 'o', description: 'name: names only.', helpValue: 'name' }), 'no-headers': Flags.boolean({ description: 'Do not print headers.' }) };

  async run(): Promise<void> {
    const { flags, argv } = await this.parse(ConfigGetContexts);
    const { entries } = await loadConfig(flags);
    process.stdout.write(contextsTable(entries, argv, { output: flags.output, noHeaders: flags['no-headers'] }));
  }
}
