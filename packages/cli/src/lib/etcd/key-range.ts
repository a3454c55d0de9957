/**
 * How etcdctl turns `KEY [RANGE_END]`, `--prefix` and `--from-key` into a key range before it
 * calls etcd (etcdctl/ctlv3/command/get_command.go getGetOp, del_command.go, watch_command.go),
 * with its refusals in its words.
 */
import { badArgs } from './errors.js';

export interface KeyRange {
  key: Buffer;
  /** Absent: the single key. "\0": every key from key on. */
  rangeEnd?: Buffer;
}

const FROM_KEY = Buffer.from([0]);

export interface RangeFlags {
  prefix?: boolean;
  fromKey?: boolean;
}

/** args is [KEY] or [KEY, RANGE_END]; the caller has checked the count. */
export function keyRange(args: string[], flags: RangeFlags, command: 'get' | 'del' | 'watch'): KeyRange {
  const [keyArg = '', endArg] = args;
  if (flags.prefix && flags.fromKey) throw badArgs('`--prefix` and `--from-key` cannot be set at the same time, choose one');
  if (endArg !== undefined && (flags.prefix || flags.fromKey)) {
    if (command === 'watch') throw badArgs('`range_end` and `--prefix` are mutually exclusive');
    throw badArgs('too many arguments, only accept one argument when `--prefix` or `--from-key` is set');
  }
  let key = Buffer.from(keyArg, 'utf8');
  if (flags.prefix) {
    // An empty prefix is every key: etcdctl asks for "\0" onwards.
    if (key.length === 0) return { key: FROM_KEY, rangeEnd: FROM_KEY };
    return { key, rangeEnd: prefixEnd(key) };
  }
  if (flags.fromKey) {
    if (key.length === 0) key = FROM_KEY;
    return { key, rangeEnd: FROM_KEY };
  }
  return endArg === undefined ? { key } : { key, rangeEnd: Buffer.from(endArg, 'utf8') };
}

/** clientv3.GetPrefixRangeEnd: the last byte below 0xff incremented, what follows dropped. */
export function prefixEnd(prefix: Buffer): Buffer {
  const end = Buffer.from(prefix);
  for (let i = end.length - 1; i >= 0; i--) {
    if (end[i]! < 0xff) {
      end[i] = end[i]! + 1;
      return end.subarray(0, i + 1);
    }
  }
  return Buffer.from(FROM_KEY);
}
