/**
 * Running a command through oclif itself: for help, and for commands written directly on
 * oclif's Command class (the `kubelab etcd …` family). oclif's errors are printed the way
 * kubectl prints its own — `error: <message>` — with kubectl's exit code 1 for a bad flag
 * (oclif would use 2); an oclif ExitError carries its own code.
 */
import { KubelabError } from '../errors.js';

export async function runWithOclif(argv: string[], binUrl: string): Promise<number> {
  const [{ run }, { flush }, { settings }, errors] = await Promise.all([
    import('@oclif/core/run'),
    import('@oclif/core/flush'),
    import('@oclif/core/settings'),
    import('@oclif/core/errors'),
  ]);
  // Always run the compiled commands, even under NODE_ENV=test or development.
  settings.enableAutoTranspile = false;
  try {
    await run(argv, binUrl);
    await flush();
    return 0;
  } catch (err) {
    if (err instanceof errors.ExitError) return err.oclif.exit ?? 1;
    if (err instanceof KubelabError) {
      process.stderr.write(`${err.prefix}${err.message}\n`);
      return err.exitCode;
    }
    const usage = usageError(err, err instanceof errors.CLIError);
    if (usage !== undefined) {
      const command = argv.filter((a) => !a.startsWith('-')).slice(0, 2).join(' ');
      process.stderr.write(`error: ${usage}\nSee 'kubelab ${command} --help' for usage.\n`);
      return 1;
    }
    process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
}

/** oclif's parse errors in kubectl's words where it has them. */
function usageError(err: unknown, isCliError: boolean): string | undefined {
  if (!(err instanceof Error)) return undefined;
  const message = err.message.replace(/\n*See more help with --help\s*$/, '');
  const parsing = /^Parsing (--\S+)\s*\n\t([\s\S]*)$/.exec(message);
  if (parsing) return `invalid argument for ${parsing[1]}: ${firstLower(parsing[2] ?? '')}`;
  if (!isCliError) return undefined;
  return firstLower(message.replace(/\s*\n\s*/g, ' '));
}

function firstLower(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}
