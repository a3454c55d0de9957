import { Command } from '../lib/cli/command.js';
import { Flags } from '../lib/cli/flag.js';
import { withSession } from '../lib/kube/session.js';
import { type ServerVersion, type Versions, clientVersion } from '../lib/version.js';
import { structured } from '../print/structured.js';
import { kubeFlags, outputFlags } from '../flags.js';

export default class Version extends Command {
  static override summary = 'Print the client version, and the server version when kubelab is running.';
  static override description = `Like kubectl version: the kubelab CLI's version, then the Kubernetes version the API server reports (GET /version). When kubelab is not running it prints the client version and then fails, as kubectl does without a server; --client never contacts the server.`;

  static override examples = [
    { description: 'Client and server versions.', command: '<%= config.bin %> version' },
    { description: 'Only the client; does not contact kubelab.', command: '<%= config.bin %> version --client' },
    { description: 'As JSON.', command: '<%= config.bin %> version -o json' },
  ];

  static override flags = {
    ...kubeFlags,
    ...outputFlags,
    client: Flags.boolean({ description: 'Print the client version only.' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Version);
    const format = flags.output as 'json' | 'yaml' | undefined;
    const v: Versions = { clientVersion: clientVersion(this.config.version) };
    if (!format) this.log(`Client Version: ${v.clientVersion.gitVersion}`);
    if (!flags.client) v.serverVersion = await withSession(flags, async (s) => JSON.parse((await s.transport.request('GET', '/version')).body) as ServerVersion);
    if (format) this.log(await structured(v, format));
    else if (v.serverVersion) this.log(`Server Version: ${v.serverVersion.gitVersion}`);
  }
}
