import { Command } from '../../lib/cli/command.js';
import { KubelabError } from '../../lib/errors.js';
import { labArgs, labFlags, labTarget } from '../../lib/lab/flags.js';
import { labWorkDir, runLabScript } from '../../lib/lab/script.js';

export default class LabStart extends Command {
  static override summary = 'Set up a lab on the current cluster and print its task.';
  static override description = `Runs the lab's setup.sh against the kubelab of the data directory (and the real kubectl with $KUBECONFIG, else that kubelab's kubeconfig), then prints the task. A setup may break something on purpose: that is the exercise.

Start kubelab first (kubelab up --nodes 3). The lab's files — snapshots, scripts you write — belong in its work directory, <data-dir>/labs/NAME, which the scripts use as their current directory. When you think you are done, grade your work with kubelab lab check NAME.`;

  static override examples = [
    { description: 'Start the scheduling lab.', command: '<%= config.bin %> lab start scheduling' },
    { description: 'Then grade it.', command: '<%= config.bin %> lab check scheduling' },
  ];

  static override args = labArgs;

  static override flags = { ...labFlags };

  async run(): Promise<void> {
    const { lab, ctx } = labTarget(await this.parse(LabStart));
    this.logToStderr(`Setting up lab ${lab.name} ...`);
    const code = await runLabScript(lab, 'setup', ctx);
    if (code !== 0) throw new KubelabError(`setup of lab ${lab.name} failed (setup.sh exited ${code})`, code);
    this.log(`\n${lab.readme.trimEnd()}\n`);
    this.log(`Work directory: ${labWorkDir(ctx.dataDir, lab)}`);
    this.log(`When you are done: kubelab lab check ${lab.name}`);
  }
}
