import { Command } from '../lib/cli/command.js';
import { dataDirFlags, outputFlags } from '../flags.js';
import { resolveDataDir } from '../lib/data-dir.js';
import { daemonStatus } from '../lib/status.js';
import { statusText } from '../print/status-text.js';
import { structured } from '../print/structured.js';

export default class Status extends Command {
  static override summary = 'Show whether kubelab is running, where, and since when.';
  static override description = `Prints the API server URL, kubelabd's pid, when it started and its uptime, the store revision, and the data directory.

Exits 0 when kubelab is running and answering, 1 otherwise — like a service status, so scripts can test it: kubelab status >/dev/null && echo up.`;

  static override examples = [
    { description: 'Is kubelab up?', command: '<%= config.bin %> status' },
    { description: 'The same as JSON, for scripts.', command: '<%= config.bin %> status -o json' },
  ];

  static override flags = { ...dataDirFlags, ...outputFlags };

  async run(): Promise<void> {
    const { flags } = await this.parse(Status);
    const status = await daemonStatus(resolveDataDir(flags['data-dir']));
    const format = flags.output as 'json' | 'yaml' | undefined;
    this.log(format ? await structured(status, format) : statusText(status));
    if (!status.running) this.exit(1);
  }
}
