/**
 * The base of every `kubelab etcd …` command. etcdctl is a cobra program like kubectl, so
 * the command line is parsed by the same pflag rules (lib/cli/argv.ts: `unknown flag: --x`,
 * `invalid argument "abc" for "--rev" flag: strconv.ParseInt: …`); what differs is how a
 * failure is shown. etcdctl prints `Error: <message>` on stderr, once, with no usage hint,
 * and exits with its own codes (errors.ts) — so a command's work goes in execute(), and
 * run() prints whatever it throws that way.
 */
import { Command, ExitError } from '../cli/command.js';
import { UsageError } from '../cli/usage-error.js';
import { KubelabError } from '../errors.js';
import { EtcdctlError, ExitCode, badArgs } from './errors.js';

export abstract class EtcdCommand extends Command {
  /** etcdctl's words for a wrong number of arguments to this command (exit 128). */
  static badArgsMessage = 'bad number of arguments';

  protected abstract execute(): Promise<void>;

  async run(): Promise<void> {
    try {
      await this.execute();
    } catch (err) {
      if (err instanceof ExitError) throw err;
      const { message, exitCode } = asEtcdctlError(err);
      process.stderr.write(`Error: ${message}\n`);
      this.exit(exitCode);
    }
  }

  /**
   * The positional arguments, those after "--" included (cobra passes both on: `put -- key
   * -value`); between min and max of them, else etcdctl's bad-arguments error.
   */
  protected positionals(parsed: { argv: string[]; afterDash?: string[] | undefined }, min: number, max: number): string[] {
    const all = [...parsed.argv, ...(parsed.afterDash ?? [])];
    if (all.length < min || all.length > max) throw badArgs((this.constructor as typeof EtcdCommand).badArgsMessage);
    return all;
  }

  /** Writes bytes as they are: etcdctl prints keys and values raw, whatever their encoding. */
  protected write(out: Buffer | string): void {
    process.stdout.write(out);
  }
}

export function asEtcdctlError(err: unknown): { message: string; exitCode: number } {
  if (err instanceof EtcdctlError || err instanceof KubelabError) return { message: err.message, exitCode: err.exitCode };
  if (err instanceof UsageError) return { message: err.message, exitCode: ExitCode.error };
  return { message: err instanceof Error ? err.message : String(err), exitCode: ExitCode.error };
}
