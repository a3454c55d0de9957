import { Command } from '../../lib/cli/command.js';
import { labArgs, labFlags, labTarget } from '../../lib/lab/flags.js';
import { runLabScript } from '../../lib/lab/script.js';
import { verdict } from '../../lib/lab/text.js';

export default class LabCheck extends Command {
  static override summary = 'Grade a lab: run its check and print the verdict.';
  static override description = `Runs the lab's check.sh against the cluster, which looks at the cluster's state (kubectl get …) and says in plain words what is still wrong, then prints PASS or FAIL.

Exits with the check's code: 0 only when the task is done, so scripts and CI can grade with it.`;

  static override examples = [
    { description: 'Am I done?', command: '<%= config.bin %> lab check scheduling' },
    { description: 'Grade a second kubelab.', command: '<%= config.bin %> lab check scheduling --data-dir /tmp/lab2' },
  ];

  static override args = labArgs;

  static override flags = { ...labFlags };

  async run(): Promise<void> {
    const { lab, ctx } = labTarget(await this.parse(LabCheck));
    const code = await runLabScript(lab, 'check', ctx);
    this.log(verdict(lab, code));
    if (code !== 0) this.exit(code);
  }
}
