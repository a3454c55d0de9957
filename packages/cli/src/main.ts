/**
 * The CLI's entry. Running a command loads only that command's module: the command is found
 * in dist/command-index.json, its flags are parsed with kubectl's rules (lib/cli/argv.ts),
 * and oclif — about 100 CommonJS modules — is loaded only to print help. Every error ends in
 * lib/cli/report.ts, printed as kubectl prints its own, with kubectl's exit codes.
 */
import { type CommandClass, Command } from './lib/cli/command.js';
import { type CommandIndex, locateCommand, readCommandIndex, suggestions } from './lib/cli/dispatch.js';
import { loadColour } from './lib/cli/colour.js';
import { runWithOclif } from './lib/cli/oclif-run.js';
import { report } from './lib/cli/report.js';
import { KubelabError } from './lib/errors.js';

/**
 * What the single-file build (scripts/bundle.js) hands in: the command index and a loader per
 * command, so no file is read or resolved at start. Without it, the index is read from dist/.
 */
export interface Bundled {
  index: CommandIndex;
  load(id: string): Promise<{ default: CommandClass }>;
}

export async function main(argv: string[], binUrl: string, bundled?: Bundled): Promise<void> {
  // `kubelab get pods | head -1`: a closed pipe ends the command quietly, as it ends kubectl.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
  const root = new URL('../', binUrl);
  const index = bundled?.index ?? readCommandIndex(new URL('dist/command-index.json', root));
  const ids = new Set(Object.keys(index.commands));
  const located = locateCommand(argv, ids);
  if (located.help || (located.id === undefined && located.unknown === undefined)) {
    const helpArgs = located.id ? [...located.id.split(':'), '--help'] : argv.filter((a) => a !== 'help');
    process.exitCode = await runWithOclif(helpArgs.length ? helpArgs : ['--help'], binUrl);
    return;
  }
  let code = 0;
  await loadColour();
  try {
    if (located.id === undefined) throw unknownCommand(located.unknown ?? '', ids);
    const module = bundled ? await bundled.load(located.id) : ((await import(new URL(index.commands[located.id]!, root).href)) as { default: CommandClass });
    const Cmd = module.default;
    // A command written on oclif's own Command class runs through oclif.
    if (!(Cmd.prototype instanceof Command)) {
      process.exitCode = await runWithOclif(argv, binUrl);
      return;
    }
    Cmd.id = located.id;
    await new Cmd(located.rest, { version: index.version, bin: 'kubelab' }).run();
  } catch (err) {
    code = report(err, located.id);
  }
  process.exitCode = code;
}

/** cobra's words: `Error: unknown command "x" for "kubelab"`, then "Did you mean this?". */
function unknownCommand(word: string, ids: Set<string>): KubelabError {
  const near = suggestions(word, ids);
  const hint = near.length ? `\n\nDid you mean this?\n${near.map((s) => `\t${s}`).join('\n')}\n` : '';
  return new KubelabError(`unknown command "${word}" for "kubelab"${hint}`, 1, 'Error: ');
}
