import { Args } from '../../../lib/cli/args.js';
import { Command } from '../../../lib/cli/command.js';
import { Flags } from '../../../lib/cli/flag.js';
import { collectData, secret } from '../../../lib/create/data.js';
import { generate, oneName } from '../../../lib/create/generate.js';
import { generatorFlags } from '../../../flags.js';
import { dataFlags } from '../configmap.js';

export default class CreateSecretGeneric extends Command {
  static override summary = 'Create a secret from a local file, directory, or literal value.';
  static override examples = [{ description: 'A password.', command: "<%= config.bin %> create secret generic db --from-literal=password='s3cr3t'" }];
  static override args = { name: Args.string({ description: 'NAME', required: true }) };
  static override flags = { ...generatorFlags, ...dataFlags, type: Flags.string({ description: 'The type of secret to create.', helpValue: 'TYPE' }) };

  async run(): Promise<void> {
    const { flags, argv } = await this.parse(CreateSecretGeneric);
    const data = collectData({ literals: flags['from-literal'], files: flags['from-file'], envFiles: flags['from-env-file'] });
    this.log(await generate(flags, secret(oneName(argv, 'create secret generic'), data, flags.type), 'created', 'secret'));
  }
}
