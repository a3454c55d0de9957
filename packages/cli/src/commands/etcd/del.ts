import { Args } from '../../lib/cli/args.js';
import { Flags } from '../../lib/cli/flag.js';
import { dataDirFlags } from '../../flags.js';
import { resolveDataDir } from '../../lib/data-dir.js';
import { connectAdmin } from '../../lib/etcd/admin-client.js';
import { EtcdCommand } from '../../lib/etcd/command.js';
import { outputFormat, writeOutFlag } from '../../lib/etcd/flags.js';
import { keyRange } from '../../lib/etcd/key-range.js';
import { deleteRange } from '../../lib/etcd/kv.js';
import { formatDelete } from '../../lib/etcd/print/kv.js';

export default class EtcdDel extends EtcdCommand {
  static override summary = 'Removes the specified key or range of keys (etcdctl del).';
  static override description = `Deletes straight from kubelab's store, past the API server (no finalizers, no garbage collection: watchers see the object vanish). Prints how many keys were deleted.`;

  static override examples = [
    { description: 'Delete one key.', command: '<%= config.bin %> etcd del /lab/greeting' },
    { description: 'Delete every key under a prefix.', command: '<%= config.bin %> etcd del /lab/ --prefix' },
  ];

  static override badArgsMessage = 'del command needs one argument as key and an optional argument as range_end';

  static override args = {
    key: Args.string({ description: 'The key, or the start of the range.' }),
    range_end: Args.string({ description: 'The end of the range (not included).' }),
  };

  static override flags = {
    ...dataDirFlags,
    ...writeOutFlag(['simple', 'json']),
    prefix: Flags.boolean({ description: 'Delete keys with matching prefix.' }),
    'from-key': Flags.boolean({ description: 'Delete keys that are greater than or equal to the given key using byte compare.' }),
    'prev-kv': Flags.boolean({ description: 'Return deleted key-value pairs.' }),
  };

  protected async execute(): Promise<void> {
    const parsed = await this.parse(EtcdDel);
    const { flags } = parsed;
    const keys = this.positionals(parsed, 1, 2);
    const format = outputFormat(flags['write-out'], ['simple', 'json']);
    const range = keyRange(keys, { prefix: flags.prefix, fromKey: flags['from-key'] }, 'del');
    const client = await connectAdmin(resolveDataDir(flags['data-dir']));
    this.write(formatDelete(await deleteRange(client, range, { prevKv: flags['prev-kv'] }), format));
  }
}
