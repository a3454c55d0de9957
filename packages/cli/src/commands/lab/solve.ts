import { Command } from '../../lib/cli/command.js';
import { KubelabError } from '../../lib/errors.js';
import { labArgs, labFlags, labTarget } from '../../lib/lab/flags.js';
import { runLabScript } from '../../lib/lab/script.js';

export default class LabSolve extends Command {
  static override summary = "Run a lab's reference solution (for instructors, or when you are stuck).";
  static override description = `Runs the lab's solution.sh against the cluster: the commands a learner would type, with kubectl and kubelab, printed as they run. Read it first (fixtures/labs/NAME/solution.sh) if you want to learn from it rather than skip the exercise.`;

  static override examples = [
    { description: 'Show the scheduling lab solved, then grade it.', command: '<%= config.bin %> lab solve scheduling && <%= config.bin %> lab check scheduling' },
  ];

  static override args = labArgs;

  static override flags = { ...labFlags };

  async run(): Promise<void> {
    const { lab, ctx } = labTarget(await this.parse(LabSolve));
    const code = await runLabScript(lab, 'solution', ctx);
    if (code !== 0) throw new KubelabError(`the solution of lab ${lab.name} failed (solution.sh exited ${code})`, code);
  }
}
