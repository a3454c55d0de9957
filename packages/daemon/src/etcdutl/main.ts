/**
 * kubelab-etcdutl: the offline half of `kubelab etcd`, as etcdutl is etcd's — `snapshot
 * status` and `snapshot restore` work on files, with no daemon running. They need SQLite,
 * which the CLI never loads (ARCHITECTURE.md rule 6), so the CLI runs this entry as a child
 * process and passes its output and exit code through.
 *
 *   kubelab-etcdutl snapshot status FILE [-w simple|json|table]
 *   kubelab-etcdutl snapshot restore FILE --data-dir DIR [--bump-revision N --mark-compacted] [--skip-hash-check]
 *
 * Output and errors are etcdutl's: the status in etcdctl's shapes (store/snapshot/print.ts),
 * nothing on stdout for a restore, `Error: …` on stderr with etcdutl's exit codes (1 for a
 * failure, 128 for bad arguments, 4 for an unsupported output format).
 */
import { statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { formatSnapshotStatusJson, formatSnapshotStatusSimple, formatSnapshotStatusTable } from '../store/snapshot/print.js';
import { restoreSnapshot } from '../store/snapshot/restore.js';
import { snapshotStatus } from '../store/snapshot/status.js';

/** etcdctl's exit codes (etcdctl/ctlv3/command/error.go). */
export const EXIT_ERROR = 1;
export const EXIT_BAD_FEATURE = 4;
export const EXIT_BAD_ARGS = 128;

class UtilError extends Error {
  constructor(
    message: string,
    readonly exitCode = EXIT_ERROR,
  ) {
    super(message);
  }
}

export interface Io {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

const processIo: Io = { stdout: (s) => process.stdout.write(s), stderr: (s) => process.stderr.write(s) };

/** Runs one command; returns the exit code. Never throws. */
export async function main(argv: string[], io: Io = processIo): Promise<number> {
  try {
    const [group, command, ...rest] = argv;
    if (group === 'snapshot' && command === 'status') await status(rest, io);
    else if (group === 'snapshot' && command === 'restore') await restore(rest, io);
    else throw new UtilError(`unknown command "${argv.join(' ')}" (kubelab-etcdutl snapshot status|restore)`, EXIT_BAD_ARGS);
    return 0;
  } catch (err) {
    io.stderr(`Error: ${(err as Error).message}\n`);
    return err instanceof UtilError ? err.exitCode : EXIT_ERROR;
  }
}

async function status(args: string[], io: Io): Promise<void> {
  const { values, positionals } = parse(args, { 'write-out': { type: 'string', short: 'w', default: 'simple' } });
  if (positionals.length !== 1) throw new UtilError('snapshot status requires exactly one argument', EXIT_BAD_ARGS);
  const file = positionals[0]!;
  const format = printerFor(String(values['write-out']));
  // etcdutl's validateFilePath: a missing file is reported as its stat fails.
  try {
    statSync(file);
  } catch (err) {
    throw new UtilError(goError('stat', file, err));
  }
  io.stdout(format(await snapshotStatus(file)));
}

function printerFor(format: string) {
  if (format === 'simple') return formatSnapshotStatusSimple;
  if (format === 'json') return formatSnapshotStatusJson;
  if (format === 'table') return formatSnapshotStatusTable;
  if (format === 'fields' || format === 'protobuf') throw new UtilError(`${format} not supported as output format`, EXIT_BAD_FEATURE);
  throw new UtilError('unsupported output format', EXIT_BAD_FEATURE);
}

async function restore(args: string[], io: Io): Promise<void> {
  const { values, positionals } = parse(args, {
    'data-dir': { type: 'string' },
    'bump-revision': { type: 'string' },
    'mark-compacted': { type: 'boolean' },
    'skip-hash-check': { type: 'boolean' },
  });
  const bump = parseUint(values['bump-revision'] as string | undefined, '--bump-revision');
  // In cobra's order: a required flag is checked before the command runs, then its arguments.
  const dataDir = values['data-dir'] as string | undefined;
  if (!dataDir) throw new UtilError('required flag(s) "data-dir" not set');
  if (positionals.length !== 1) throw new UtilError('snapshot restore requires exactly one argument', EXIT_BAD_ARGS);
  const file = positionals[0]!;
  const markCompacted = values['mark-compacted'] === true;
  // etcdutl's rule, in its words (its message names the flag --revision-bump): the two go
  // together or not at all.
  if ((bump === 0 && markCompacted) || (bump > 0 && !markCompacted)) {
    throw new UtilError('--mark-compacted required if --revision-bump > 0', EXIT_BAD_ARGS);
  }
  const r = await restoreSnapshot(file, dataDir, { bumpRevision: bump, markCompacted, skipHashCheck: values['skip-hash-check'] === true });
  const bumped = bump > 0 ? `, bumped to ${r.revision}` : '';
  io.stderr(`restored snapshot ${file} (revision ${r.snapshotRevision}${bumped}; compacted at ${r.compactRevision}) into ${dataDir}\n`);
}

type Options = NonNullable<Parameters<typeof parseArgs>[0]>['options'];

function parse(args: string[], options: Options): { values: Record<string, string | boolean | undefined>; positionals: string[] } {
  try {
    const { values, positionals } = parseArgs({ args, options, allowPositionals: true, strict: true });
    return { values: values as Record<string, string | boolean | undefined>, positionals };
  } catch (err) {
    // node's "Unknown option '--x'" in cobra's words.
    const unknown = /Unknown option '(-{1,2}[^']+)'/.exec((err as Error).message);
    throw new UtilError(unknown ? `unknown flag: ${unknown[1]}` : (err as Error).message);
  }
}

function parseUint(text: string | undefined, flag: string): number {
  if (text === undefined) return 0;
  const n = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(n)) {
    throw new UtilError(`invalid argument "${text}" for "${flag}" flag: strconv.ParseUint: parsing "${text}": invalid syntax`);
  }
  return n;
}

/** A failed file operation as Go words it: "stat x.db: no such file or directory". */
function goError(op: string, path: string, err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  const text: Record<string, string> = { ENOENT: 'no such file or directory', EACCES: 'permission denied', ENOTDIR: 'not a directory' };
  return `${op} ${path}: ${(code && text[code]) ?? (err as Error).message}`;
}
