/**
 * Flags the etcd commands share with etcdctl: `-w/--write-out`, and int64 flags whose bad
 * values read as Go's strconv.ParseInt reports them.
 */
import { Flags } from '../cli/flag.js';
import { EtcdctlError, ExitCode } from './errors.js';

/** Every printer etcdctl has; each command supports some of them. */
const ETCDCTL_FORMATS = ['fields', 'json', 'protobuf', 'simple', 'table'];

export type OutputFormat = 'simple' | 'json' | 'table';

export function writeOutFlag(supported: OutputFormat[]) {
  return {
    'write-out': Flags.string({ char: 'w', description: `Set the output format (${supported.join(', ')}).`, default: 'simple', helpValue: supported.join('|') }),
  };
}

/**
 * The format asked for, when this command prints it; else etcdctl's refusal, exit 4:
 * "table not supported as output format", or "unsupported output format" for a name
 * etcdctl does not know at all.
 */
export function outputFormat<F extends OutputFormat>(value: string, supported: F[]): F {
  if ((supported as string[]).includes(value)) return value as F;
  if (ETCDCTL_FORMATS.includes(value)) throw new EtcdctlError(`${value} not supported as output format`, ExitCode.badFeature);
  throw new EtcdctlError('unsupported output format', ExitCode.badFeature);
}

/** strconv.ParseInt(s, 10, 64): the reason it fails is what follows "invalid argument … flag: ". */
export function parseInt64(input: string): number {
  const n = Number(input);
  if (/^[+-]?\d+$/.test(input) && Number.isSafeInteger(n)) return n;
  throw new Error(`strconv.ParseInt: parsing ${JSON.stringify(input)}: ${/^[+-]?\d+$/.test(input) ? 'value out of range' : 'invalid syntax'}`);
}

export const int64Flag = Flags.custom<number>(parseInt64);
