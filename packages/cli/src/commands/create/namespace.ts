import { Args } from '../../lib/cli/args.js';
import { Command } from '../../lib/cli/command.js';
import { namespace } from '../../lib/create/data.js';
import { generate, oneName } from '../../lib/create/generate.js';
import { generatorFlags } from '../../flags.js';

export default class CreateNamespace extends Command {
  static override summary = 'Create a namespace with the specified name.';
  static override aliases = ['create:ns'];
  static override examples = [{ description: 'A namespace for a lab.', command: '<%= config.bin %> create namespace lab1' }];
  static override args = { name: Args.string({ description: 'NAME', required: true }) };
  static override flags = { ...generatorFlags };

  async run(): Promise<void> {
    const { flags, argv } = await this.parse(CreateNamespace);
    this.log(await generate(flags, namespace(oneName(argv, 'create namespace'))));
  }
}
