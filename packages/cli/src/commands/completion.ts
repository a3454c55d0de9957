import { Args } from '../lib/cli/args.js';
import { Command } from '../lib/cli/command.js';
import { BASH, ZSH } from '../lib/completion/scripts.js';
import { KubelabError } from '../lib/errors.js';

export default class Completion extends Command {
  static override summary = 'Output shell completion code for the specified shell (bash or zsh).';
  static override description = 'Prints a script that completes commands, flags, resource types and object names; load it in your shell\'s startup file.';
  static override examples = [
    { description: 'Bash, for this shell.', command: 'source <(<%= config.bin %> completion bash)' },
    { description: 'Zsh, from now on.', command: 'echo "source <(<%= config.bin %> completion zsh)" >> ~/.zshrc' },
  ];
  static override args = { shell: Args.string({ description: 'bash or zsh', required: true }) };

  async run(): Promise<void> {
    const { argv } = await this.parse(Completion);
    if (argv.length !== 1) throw new KubelabError('Shell not specified.\nSee \'kubelab completion -h\' for help and examples');
    const script = argv[0] === 'bash' ? BASH : argv[0] === 'zsh' ? ZSH : undefined;
    if (!script) throw new KubelabError(`Unsupported shell type "${argv[0]}".`);
    process.stdout.write(script);
  }
}
