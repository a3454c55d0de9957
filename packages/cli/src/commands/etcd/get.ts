import { Args } from '../../lib/cli/args.js';
import { Flags } from '../../lib/cli/flag.js';
import { dataDirFlags } from '../../flags.js';
import { resolveDataDir } from '../../lib/data-dir.js';
import { connectAdmin } from '../../lib/etcd/admin-client.js';
import { EtcdCommand } from '../../lib/etcd/command.js';
import { int64Flag, outputFormat, writeOutFlag } from '../../lib/etcd/flags.js';
import { keyRange } from '../../lib/etcd/key-range.js';
import { getRange } from '../../lib/etcd/kv.js';
import { formatGet } from '../../lib/etcd/print/kv.js';

export default class EtcdGet extends EtcdCommand {
  static override summary = 'Gets the key or a range of keys (etcdctl get).';
  static override description = `Reads kubelab's store as etcdctl reads etcd: the keys are the API server's storage keys (/registry/<resource>/<namespace>/<name>), the values the objects it stores. Prints each key and value on their own lines, or etcd's JSON with -w json (keys and values base64, with create_revision, mod_revision and version).

With RANGE_END, the keys in [KEY, RANGE_END); with --prefix, every key that starts with KEY.`;

  static override examples = [
    { description: 'List the keys of every deployment.', command: '<%= config.bin %> etcd get /registry/deployments --prefix --keys-only' },
    { description: 'One object as stored, with its revisions.', command: '<%= config.bin %> etcd get /registry/deployments/default/web -w json' },
    { description: 'The same key as it was at revision 120.', command: '<%= config.bin %> etcd get /registry/deployments/default/web --rev 120' },
  ];

  static override badArgsMessage = 'get command needs one argument as key and an optional argument as range_end';

  static override args = {
    key: Args.string({ description: 'The key, or the start of the range.' }),
    range_end: Args.string({ description: 'The end of the range (not included).' }),
  };

  static override flags = {
    ...dataDirFlags,
    ...writeOutFlag(['simple', 'json']),
    prefix: Flags.boolean({ description: 'Get keys with matching prefix.' }),
    'from-key': Flags.boolean({ description: 'Get keys that are greater than or equal to the given key using byte compare.' }),
    'keys-only': Flags.boolean({ description: 'Get only the keys.' }),
    'print-value-only': Flags.boolean({ description: 'Only write values when using the "simple" output format.' }),
    rev: int64Flag({ description: 'Specify the kv revision (0: the newest).', default: 0, helpValue: 'N' }),
    limit: int64Flag({ description: 'Maximum number of results (0: no limit).', default: 0, helpValue: 'N' }),
  };

  protected async execute(): Promise<void> {
    const parsed = await this.parse(EtcdGet);
    const { flags } = parsed;
    const keys = this.positionals(parsed, 1, 2);
    const format = outputFormat(flags['write-out'], ['simple', 'json']);
    const range = keyRange(keys, { prefix: flags.prefix, fromKey: flags['from-key'] }, 'get');
    const client = await connectAdmin(resolveDataDir(flags['data-dir']));
    const result = await getRange(client, range, { revision: flags.rev, limit: flags.limit, keysOnly: flags['keys-only'] });
    this.write(formatGet(result, format, { printValueOnly: flags['print-value-only'] }));
  }
}
