import { Command } from '../lib/cli/command.js';
import type { CommandClass } from '../lib/cli/command.js';
import { locateCommand, packageRoot, readCommandIndex } from '../lib/cli/dispatch.js';
import { commandCandidates, flagCandidates, nameCandidates, takesType, typeCandidates } from '../lib/completion/candidates.js';
import { withSession } from '../lib/kube/session.js';

export default class Complete extends Command {
  static override summary = 'Print completion candidates (used by the completion scripts).';
  static override hidden = true;

  async run(): Promise<void> {
    const dash = this.argv.indexOf('--');
    const before = dash < 0 ? this.argv : this.argv.slice(0, dash);
    const current = dash < 0 ? '' : (this.argv[dash + 1] ?? '');
    const root = packageRoot(import.meta.url);
    const index = readCommandIndex(new URL('dist/command-index.json', root));
    const ids = new Set(Object.keys(index.commands));
    const located = locateCommand(before, ids);
    const words = before.filter((w) => !w.startsWith('-'));
    if (!located.id) return this.print(commandCandidates(ids, words));
    const consumed = located.id.split(':').length;
    const args = words.slice(consumed);
    if (current.startsWith('-')) {
      const module = (await import(new URL(index.commands[located.id]!, root).href)) as { default: CommandClass };
      return this.print(flagCandidates(module.default.flags));
    }
    const subcommands = commandCandidates(ids, located.id.split(':'));
    if (args.length === 0 && subcommands.length) return this.print(subcommands);
    if (!takesType(located.id)) return;
    if (args.length === 0) return this.print(typeCandidates());
    try {
      const names = await withSession({}, (s) => nameCandidates(s, args[0]!.split('/')[0]!));
      this.print(names);
    } catch {
      // No cluster, no names: offer nothing rather than an error in the middle of a line.
    }
  }

  private print(words: string[]): void {
    if (words.length) process.stdout.write(`${words.join('\n')}\n`);
  }
}
