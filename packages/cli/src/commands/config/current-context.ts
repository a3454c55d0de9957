import { Command } from '../../lib/cli/command.js';
import { loadConfig } from '../../lib/config/target.js';
import { KubelabError } from '../../lib/errors.js';
import { configFlags } from './view.js';

export default class ConfigCurrentContext extends Command {
  static override summary = 'Display the current-context.';
  static override examples = [{ description: 'Which context commands use.', command: '<%= config.bin %> config current-context' }];
  static override flags = { ...configFlags };

  async run(): Promise<void> {
    const { flags } = await this.parse(ConfigCurrentContext);
    const { entries } = await loadConfig(flags);
    if (!entries.currentContext) throw new KubelabError('current-context is not set');
    this.log(entries.currentContext);
  }
}
