import { Args } from '../../lib/cli/args.js';
import { Command } from '../../lib/cli/command.js';
import { Flags } from '../../lib/cli/flag.js';
import { collectData, configMap } from '../../lib/create/data.js';
import { generate, oneName } from '../../lib/create/generate.js';
import { generatorFlags } from '../../flags.js';

export const dataFlags = {
  'from-literal': Flags.string({ multiple: true, description: 'A key and literal value (key=value); repeatable.', helpValue: 'KEY=VALUE' }),
  'from-file': Flags.string({ multiple: true, description: 'A file (key defaults to its name; key=path to choose) or a directory of files.', helpValue: '[KEY=]PATH' }),
  'from-env-file': Flags.string({ multiple: true, description: 'A file of KEY=VALUE lines.', helpValue: 'PATH' }),
};

export default class CreateConfigMap extends Command {
  static override summary = 'Create a config map from a local file, directory or literal value.';
  static override aliases = ['create:cm'];
  static override examples = [
    { description: 'Two literal keys.', command: '<%= config.bin %> create configmap settings --from-literal=mode=fast --from-literal=level=3' },
    { description: 'A key per file of a directory.', command: '<%= config.bin %> create configmap site --from-file=html/' },
  ];
  static override args = { name: Args.string({ description: 'NAME', required: true }) };
  static override flags = { ...generatorFlags, ...dataFlags };

  async run(): Promise<void> {
    const { flags, argv } = await this.parse(CreateConfigMap);
    const data = collectData({ literals: flags['from-literal'], files: flags['from-file'], envFiles: flags['from-env-file'] });
    this.log(await generate(flags, configMap(oneName(argv, 'create configmap'), data), 'created', 'configmap'));
  }
}
