import { Command } from '../lib/cli/command.js';
import { Flags } from '../lib/cli/flag.js';
import { listApiResources } from '../lib/info/api-resources.js';
import { KubelabError } from '../lib/errors.js';

export default class ApiResources extends Command {
  static override summary = 'Print the supported API resources on the server.';
  static override description = 'Lists every resource kubelab serves — name, short names, API version, whether it is namespaced, kind — as kubectl api-resources does.';
  static override examples = [
    { description: 'Every resource.', command: '<%= config.bin %> api-resources' },
    { description: 'Cluster-scoped resources, with their verbs.', command: '<%= config.bin %> api-resources --namespaced=false -o wide' },
    { description: 'Resources of the apps group, names only.', command: '<%= config.bin %> api-resources --api-group=apps -o name' },
  ];
  static override flags = {
    output: Flags.string({ char: 'o', description: 'wide or name.', helpValue: 'wide|name' }),
    namespaced: Flags.string({ description: 'true: namespaced resources only; false: cluster-scoped only.', helpValue: 'BOOL' }),
    'api-group': Flags.string({ description: 'Only resources of this API group ("" for the core group).', helpValue: 'GROUP' }),
    verbs: Flags.string({ multiple: true, delimiter: ',', description: 'Only resources that support these verbs.', helpValue: 'VERB' }),
    'no-headers': Flags.boolean({ description: 'Do not print headers.' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(ApiResources);
    if (flags.output && flags.output !== 'wide' && flags.output !== 'name') throw new KubelabError(`--output ${flags.output} is not available`);
    const namespaced = flags.namespaced === undefined ? undefined : flags.namespaced === 'true';
    process.stdout.write(listApiResources({ output: flags.output, namespaced, apiGroup: flags['api-group'], verbs: flags.verbs, noHeaders: flags['no-headers'] }));
  }
}
