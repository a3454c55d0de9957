import { Args } from '../../../lib/cli/args.js';
import { Command } from '../../../lib/cli/command.js';
import { Flags } from '../../../lib/cli/flag.js';
import { generate, oneName } from '../../../lib/create/generate.js';
import { service } from '../../../lib/create/services.js';
import { generatorFlags } from '../../../flags.js';

export default class CreateServiceNodePort extends Command {
  static override summary = 'Create a NodePort service.';
  static override description = 'Generates a NodePort Service selecting app=NAME, one port per --tcp (named PORT-TARGET), as kubectl create service nodeport does.';
  static override examples = [{ description: 'Port 80 to the pods\' 8080.', command: '<%= config.bin %> create service nodeport web --tcp=80:8080' }];
  static override args = { name: Args.string({ description: 'NAME', required: true }) };
  static override flags = {
    ...generatorFlags,
    tcp: Flags.string({ multiple: true, delimiter: ',', description: 'Port pairs PORT:TARGET_PORT.', helpValue: 'PORT:TARGET' }),
    'node-port': Flags.integer({ description: 'The port on every node (30000-32767).', helpValue: 'PORT' }),
  };

  async run(): Promise<void> {
    const { flags, argv } = await this.parse(CreateServiceNodePort);
    const name = oneName(argv, 'create service nodeport');
    this.log(await generate(flags, service(name, 'NodePort', flags.tcp, flags['node-port']), 'created', 'NodePort service'));
  }
}
