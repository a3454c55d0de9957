/**
 * The CLI's entry: oclif runs the command; every error ends here and is printed the way
 * kubectl prints its own — `error: <message>` on stderr — with kubectl's exit codes: 1 for a
 * failed command and for a bad flag or argument (oclif would use 2; kubectl's cobra uses 1).
 * A command that only wants an exit code (`status` when not running) throws oclif's ExitError.
 */
// Subpath imports: '@oclif/core' itself also loads all of semver to check the Node version.
import { CLIError, ExitError } from '@oclif/core/errors';
import { flush } from '@oclif/core/flush';
import { run } from '@oclif/core/run';
import { settings } from '@oclif/core/settings';
import { KubelabError } from './lib/errors.js';

export async function main(argv: string[], binUrl: string): Promise<void> {
  // Always run the compiled commands, even under NODE_ENV=test or development (where oclif
  // would otherwise look for ts-node and the TypeScript sources).
  settings.enableAutoTranspile = false;
  try {
    await run(argv, binUrl);
    await flush();
  } catch (err) {
    process.exitCode = report(err, argv);
  }
}

/** Prints err for a user and returns the exit code. */
export function report(err: unknown, argv: string[]): number {
  if (err instanceof ExitError) return err.oclif.exit ?? 1;
  if (err instanceof KubelabError) {
    process.stderr.write(`error: ${err.message}\n`);
    return err.exitCode;
  }
  const usage = usageError(err);
  if (usage !== undefined) {
    const command = argv.find((a) => !a.startsWith('-'));
    const help = usage.unknownCommand || !command ? 'kubelab --help' : `kubelab ${command} --help`;
    process.stderr.write(`error: ${usage.message}\nSee '${help}' for usage.\n`);
    return 1;
  }
  const message = err instanceof Error ? err.message : String(err);
  process.stderr.write(`error: ${message}\n`);
  if (process.env['DEBUG'] && err instanceof Error && err.stack) process.stderr.write(`${err.stack}\n`);
  return 1;
}

/**
 * A bad command line, in kubectl's words where it has them. oclif throws CLIErrors for unknown
 * commands and flags and rewrites a flag parser's error as "Parsing --flag \n\t<reason>".
 */
function usageError(err: unknown): { message: string; unknownCommand?: boolean } | undefined {
  if (!(err instanceof Error)) return undefined;
  const message = err.message.replace(/\n*See more help with --help\s*$/, '');
  const parsing = /^Parsing (--\S+)\s*\n\t([\s\S]*)$/.exec(message);
  if (parsing) return { message: `invalid argument for ${parsing[1]}: ${firstLower(parsing[2] ?? '')}` };
  if (!(err instanceof CLIError)) return undefined;
  const notFound = /^command (\S+) not found$/.exec(message);
  if (notFound) return { message: `unknown command "${(notFound[1] ?? "").replace(/:/g, " ")}" for "kubelab"`, unknownCommand: true };
  return { message: firstLower(message.replace(/\s*\n\s*/g, ' ')) };
}

function firstLower(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}
