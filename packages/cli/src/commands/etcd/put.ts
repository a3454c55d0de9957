import { Args } from '../../lib/cli/args.js';
import { Flags } from '../../lib/cli/flag.js';
import { dataDirFlags } from '../../flags.js';
import { resolveDataDir } from '../../lib/data-dir.js';
import { connectAdmin } from '../../lib/etcd/admin-client.js';
import { EtcdCommand } from '../../lib/etcd/command.js';
import { badArgs } from '../../lib/etcd/errors.js';
import { outputFormat, writeOutFlag } from '../../lib/etcd/flags.js';
import { putKey } from '../../lib/etcd/kv.js';
import { formatPut } from '../../lib/etcd/print/kv.js';

export default class EtcdPut extends EtcdCommand {
  static override summary = 'Puts the given key into the store (etcdctl put).';
  static override description = `Writes straight into kubelab's store, past the API server's validation and admission — the way a lab shows what the API server normally guards. Prints OK. Without VALUE, the value is read from standard input (all of it, as etcdctl reads it). A value that starts with "-" goes after "--".`;

  static override examples = [
    { description: 'Put a key.', command: '<%= config.bin %> etcd put /lab/greeting hello' },
    { description: 'A value from a file.', command: '<%= config.bin %> etcd put /lab/config < config.json' },
    { description: 'A value that starts with a dash.', command: '<%= config.bin %> etcd put -- /lab/flag -v' },
  ];

  static override badArgsMessage = 'put command needs 1 argument and input from stdin or 2 arguments';

  static override args = {
    key: Args.string({ description: 'The key.' }),
    value: Args.string({ description: 'The value (default: standard input).' }),
  };

  static override flags = {
    ...dataDirFlags,
    ...writeOutFlag(['simple', 'json']),
    'prev-kv': Flags.boolean({ description: 'Return the previous key-value pair before modification.' }),
  };

  protected async execute(): Promise<void> {
    const parsed = await this.parse(EtcdPut);
    const { flags } = parsed;
    const [key = '', given] = this.positionals(parsed, 1, 2);
    const format = outputFormat(flags['write-out'], ['simple', 'json']);
    const value = given === undefined ? await readStdin() : Buffer.from(given, 'utf8');
    if (given === undefined && value.length === 0) throw badArgs(EtcdPut.badArgsMessage);
    const client = await connectAdmin(resolveDataDir(flags['data-dir']));
    this.write(formatPut(await putKey(client, Buffer.from(key, 'utf8'), value, { prevKv: flags['prev-kv'] }), format));
  }
}

async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
