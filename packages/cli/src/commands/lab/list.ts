import { Command } from '../../lib/cli/command.js';
import { listLabs } from '../../lib/lab/catalogue.js';
import { labsDirFlags } from '../../lib/lab/flags.js';
import { resolveLabsDir } from '../../lib/lab/labs-dir.js';
import { labTable } from '../../lib/lab/text.js';

export default class LabList extends Command {
  static override summary = 'List the lab exercises.';
  static override description = `Prints a table of the labs: NAME (what kubelab lab start and kubelab lab check take) and TITLE.

The labs are the kubelab repository's fixtures/labs, or the directory named by --labs-dir or $KUBELAB_LABS: one subdirectory per lab with README.md (the task), setup.sh, solution.sh and check.sh (the grader).`;

  static override examples = [
    { description: 'What labs are there?', command: '<%= config.bin %> lab list' },
    { description: "An instructor's own labs.", command: '<%= config.bin %> lab list --labs-dir ~/course/labs' },
  ];

  static override flags = { ...labsDirFlags };

  async run(): Promise<void> {
    const { flags } = await this.parse(LabList);
    const labsDir = resolveLabsDir(flags['labs-dir']);
    const labs = listLabs(labsDir);
    if (labs.length === 0) {
      this.logToStderr(`No labs found in ${labsDir}.`);
      return;
    }
    process.stdout.write(labTable(labs));
  }
}
