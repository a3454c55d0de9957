import { Args } from '../../lib/cli/args.js';
import { Command } from '../../lib/cli/command.js';
import { serviceAccount } from '../../lib/create/data.js';
import { generate, oneName } from '../../lib/create/generate.js';
import { generatorFlags } from '../../flags.js';

export default class CreateServiceAccount extends Command {
  static override summary = 'Create a service account with the specified name.';
  static override aliases = ['create:sa'];
  static override examples = [{ description: 'A service account for a controller.', command: '<%= config.bin %> create serviceaccount builder' }];
  static override args = { name: Args.string({ description: 'NAME', required: true }) };
  static override flags = { ...generatorFlags };

  async run(): Promise<void> {
    const { flags, argv } = await this.parse(CreateServiceAccount);
    this.log(await generate(flags, serviceAccount(oneName(argv, 'create serviceaccount')), 'created', 'serviceaccount'));
  }
}
