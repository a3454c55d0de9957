import { Command } from '@oclif/core/command';
import * as Flags from '@oclif/core/flags';
import { dataDirFlags, outputFlags } from '../flags.js';
import { resolveDataDir } from '../lib/data-dir.js';
import { type Versions, clientVersion, serverVersion } from '../lib/version.js';
import { structured } from '../print/structured.js';

export default class Version extends Command {
  static override summary = 'Print the client version, and the server version when kubelab is running.';
  static override description = `Like kubectl version: the kubelab CLI's version, then the Kubernetes version the kubelab API server reports (GET /version). When kubelab is not running it prints the client version and then fails, as kubectl does without a server; --client never contacts the server.`;

  static override examples = [
    { description: 'Client and server versions.', command: '<%= config.bin %> version' },
    { description: 'Only the client; does not contact kubelab.', command: '<%= config.bin %> version --client' },
    { description: 'As JSON.', command: '<%= config.bin %> version -o json' },
  ];

  static override flags = {
    ...dataDirFlags,
    ...outputFlags,
    client: Flags.boolean({ description: 'Print the client version only.' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Version);
    const format = flags.output as 'json' | 'yaml' | undefined;
    const v: Versions = { clientVersion: clientVersion(this.config.version) };
    if (!format) this.log(`Client Version: ${v.clientVersion.gitVersion}`);
    if (!flags.client) v.serverVersion = await serverVersion(resolveDataDir(flags['data-dir']));
    if (format) this.log(await structured(v, format));
    else if (v.serverVersion) this.log(`Server Version: ${v.serverVersion.gitVersion}`);
  }
}
