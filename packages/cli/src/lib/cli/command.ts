/**
 * The base of every kubelab command: oclif's Command shape (static summary, description,
 * examples, flags, args; `parse`, `log`, `exit`), so oclif's manifest writer and help read our
 * commands as its own, but running one loads nothing of oclif — main.ts parses the command
 * line with argv.ts and calls `run()`.
 */
import type { ArgMap } from './args.js';
import { parseArgv } from './argv.js';
import type { FlagMap, FlagValues } from './flag.js';

export interface CommandConfig {
  /** The CLI's version (package.json). */
  version: string;
  bin: string;
}

export interface Example {
  description: string;
  command: string;
}

export interface CommandClass {
  new (argv: string[], config: CommandConfig): Command;
  id?: string;
  flags: FlagMap;
  args: ArgMap;
}

/** Thrown by exit(): ends the command with a code and no message. */
export class ExitError extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
    this.name = 'ExitError';
  }
}

export abstract class Command {
  static id?: string;
  static summary?: string;
  static description?: string;
  static examples?: Example[];
  static flags: FlagMap = {};
  static args: ArgMap = {};
  static strict = false;
  static hidden = false;
  static aliases: string[] = [];

  constructor(
    readonly argv: string[],
    readonly config: CommandConfig,
  ) {}

  /** oclif's entry (oclif calls it when it runs a command itself). */
  static async run(this: CommandClass, argv: string[], config: CommandConfig): Promise<void> {
    await new this(argv, config).run();
  }

  abstract run(): Promise<void>;

  async parse<C extends { flags: FlagMap; args: ArgMap }>(cmd: C): Promise<Parsed<C['flags']>> {
    const parsed = parseArgv(this.argv, cmd.flags);
    const args: Record<string, string | undefined> = {};
    Object.keys(cmd.args).forEach((name, i) => (args[name] = parsed.args[i]));
    return { flags: parsed.flags as FlagValues<C['flags']>, args, argv: parsed.args, afterDash: parsed.afterDash, given: parsed.given };
  }

  log(message = ''): void {
    process.stdout.write(`${message}\n`);
  }

  logToStderr(message = ''): void {
    process.stderr.write(`${message}\n`);
  }

  exit(code = 0): never {
    throw new ExitError(code);
  }
}

export interface Parsed<F extends FlagMap> {
  flags: FlagValues<F>;
  args: Record<string, string | undefined>;
  /** Every positional argument before `--`. */
  argv: string[];
  afterDash: string[] | undefined;
  given: Set<string>;
}
