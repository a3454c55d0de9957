import { Args } from '../../lib/cli/args.js';
import { Flags } from '../../lib/cli/flag.js';
import { dataDirFlags } from '../../flags.js';
import { resolveDataDir } from '../../lib/data-dir.js';
import { connectAdmin } from '../../lib/etcd/admin-client.js';
import { EtcdCommand } from '../../lib/etcd/command.js';
import { EtcdctlError, ExitCode } from '../../lib/etcd/errors.js';
import { int64Flag, outputFormat, writeOutFlag } from '../../lib/etcd/flags.js';
import { keyRange } from '../../lib/etcd/key-range.js';
import { formatWatch } from '../../lib/etcd/print/kv.js';
import { openWatch } from '../../lib/etcd/watch.js';

export default class EtcdWatch extends EtcdCommand {
  static override summary = 'Watches events stream on keys or prefixes (etcdctl watch).';
  static override description = `Prints every change to the keys as it is committed: the event type (PUT or DELETE), the key and the value, each on its own line. With --rev, history is replayed from that revision first; a revision that compaction has removed ends the watch ("required revision has been compacted", exit 5) — what a Kubernetes client sees as 410 Gone. Runs until interrupted (Ctrl-C).`;

  static override examples = [
    { description: 'Watch every pod change the API server stores.', command: '<%= config.bin %> etcd watch /registry/pods --prefix' },
    { description: "Replay a key's history from revision 100 on.", command: '<%= config.bin %> etcd watch /registry/deployments/default/web --rev 100' },
  ];

  static override badArgsMessage = 'bad number of arguments';

  static override args = {
    key: Args.string({ description: 'The key or prefix to watch.' }),
    range_end: Args.string({ description: 'The end of the range (not included).' }),
  };

  static override flags = {
    ...dataDirFlags,
    ...writeOutFlag(['simple', 'json']),
    prefix: Flags.boolean({ description: 'Watch on a prefix if prefix is set.' }),
    rev: int64Flag({ description: 'Revision to start watching (0: the next one).', default: 0, helpValue: 'N' }),
    'prev-kv': Flags.boolean({ description: 'Get the previous key-value pair before the event happens.' }),
  };

  protected async execute(): Promise<void> {
    const parsed = await this.parse(EtcdWatch);
    const { flags } = parsed;
    const keys = this.positionals(parsed, 1, 2);
    const format = outputFormat(flags['write-out'], ['simple', 'json']);
    const range = keyRange(keys, { prefix: flags.prefix }, 'watch');
    const client = await connectAdmin(resolveDataDir(flags['data-dir']));
    const watch = await openWatch(client, range, { startRevision: flags.rev, prevKv: flags['prev-kv'] });
    try {
      for await (const message of watch.messages) {
        if (message.kind === 'canceled') process.stderr.write(`watch was canceled (${message.reason})\n`);
        this.write(formatWatch(message, format));
      }
    } catch {
      // The connection broke (the daemon stopped): the watch is over all the same.
    }
    throw new EtcdctlError('watch is canceled by the server', ExitCode.interrupted);
  }
}
