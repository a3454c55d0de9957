import { Args } from '../../lib/cli/args.js';
import { Command } from '../../lib/cli/command.js';
import { Flags } from '../../lib/cli/flag.js';
import { generate, oneName } from '../../lib/create/generate.js';
import { deployment } from '../../lib/create/workloads.js';
import { KubelabError } from '../../lib/errors.js';
import { generatorFlags } from '../../flags.js';

export default class CreateDeployment extends Command {
  static override summary = 'Create a deployment with the specified name.';
  static override description = 'Generates a Deployment labelled app=NAME running the given images, as kubectl create deployment does.';
  static override aliases = ['create:deploy'];
  static override examples = [
    { description: 'Three replicas of nginx.', command: '<%= config.bin %> create deployment web --image=nginx --replicas=3' },
    { description: 'Print the manifest instead of creating it.', command: '<%= config.bin %> create deployment web --image=nginx --port=80 --dry-run=client -o yaml' },
  ];
  static override args = { name: Args.string({ description: 'NAME', required: true }) };
  static override flags = {
    ...generatorFlags,
    image: Flags.string({ multiple: true, description: 'Image(s) to run; one container per image.', helpValue: 'IMAGE' }),
    replicas: Flags.integer({ char: 'r', description: 'Number of replicas.', default: 1, helpValue: 'N' }),
    port: Flags.integer({ description: 'The containerPort the (first) container exposes.', helpValue: 'PORT' }),
  };

  async run(): Promise<void> {
    const { flags, argv } = await this.parse(CreateDeployment);
    const name = oneName(argv, 'create deployment');
    if (flags.image.length === 0) throw new KubelabError(`required flag(s) "image" not set`, 1, 'error: ');
    this.log(await generate(flags, deployment(name, flags.image, flags.replicas, flags.port), 'created', 'deployment'));
  }
}
