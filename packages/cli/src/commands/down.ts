import { Command } from '../lib/cli/command.js';
import { dataDirFlags, durationFlag } from '../flags.js';
import { resolveDataDir } from '../lib/data-dir.js';
import { stopDaemon } from '../lib/stop.js';

export default class Down extends Command {
  static override summary = 'Stop kubelab; its state stays in the data directory.';
  static override description = `Asks kubelabd to stop (SIGTERM) and waits for it to exit; after the grace period it is killed (SIGKILL). Everything stored survives: kubelab up brings the same cluster back.

Exits 0 when kubelab was not running.`;

  static override examples = [
    { description: 'Stop kubelab.', command: '<%= config.bin %> down' },
    { description: 'Stop the kubelab of another data directory, waiting at most 5 seconds.', command: '<%= config.bin %> down --data-dir /tmp/lab2 --timeout 5s' },
  ];

  static override flags = {
    ...dataDirFlags,
    timeout: durationFlag({ description: 'Grace period before kubelabd is killed.', env: 'KUBELAB_DOWN_TIMEOUT', default: 30_000, defaultHelp: async () => '30s' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Down);
    const dataDir = resolveDataDir(flags['data-dir']);
    const result = await stopDaemon(dataDir, flags.timeout);
    if (result.outcome === 'not-running') this.log(`kubelab is not running (data dir ${dataDir}).`);
    else if (result.outcome === 'stopped') this.log(`kubelab stopped (pid ${result.pid}).`);
    else this.log(`kubelab did not stop within ${flags.timeout / 1000}s and was killed (pid ${result.pid}).`);
  }
}
