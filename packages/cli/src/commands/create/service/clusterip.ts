import { Args } from '../../../lib/cli/args.js';
import { Command } from '../../../lib/cli/command.js';
import { Flags } from '../../../lib/cli/flag.js';
import { generate, oneName } from '../../../lib/create/generate.js';
import { service } from '../../../lib/create/services.js';
import { generatorFlags } from '../../../flags.js';

export default class CreateServiceClusterIp extends Command {
  static override summary = 'Create a ClusterIP service.';
  static override description = 'Generates a ClusterIP Service selecting app=NAME, one port per --tcp (named PORT-TARGET), as kubectl create service clusterip does.';
  static override examples = [{ description: 'Port 80 to the pods\' 8080.', command: '<%= config.bin %> create service clusterip web --tcp=80:8080' }];
  static override args = { name: Args.string({ description: 'NAME', required: true }) };
  static override flags = {
    ...generatorFlags,
    tcp: Flags.string({ multiple: true, delimiter: ',', description: 'Port pairs PORT:TARGET_PORT.', helpValue: 'PORT:TARGET' }),

  };

  async run(): Promise<void> {
    const { flags, argv } = await this.parse(CreateServiceClusterIp);
    const name = oneName(argv, 'create service clusterip');
    this.log(await generate(flags, service(name, 'ClusterIP', flags.tcp), 'created', 'ClusterIP service'));
  }
}
