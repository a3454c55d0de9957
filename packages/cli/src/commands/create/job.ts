import { Args } from '../../lib/cli/args.js';
import { Command } from '../../lib/cli/command.js';
import { Flags } from '../../lib/cli/flag.js';
import { generate, oneName } from '../../lib/create/generate.js';
import { job, jobFromCronJob } from '../../lib/create/workloads.js';
import { KubelabError } from '../../lib/errors.js';
import { resolveType } from '../../lib/kube/resource-args.js';
import { openSession } from '../../lib/kube/session.js';
import { generatorFlags } from '../../flags.js';

export default class CreateJob extends Command {
  static override summary = 'Create a job with the specified name.';
  static override examples = [
    { description: 'A job that prints a date.', command: '<%= config.bin %> create job once --image=busybox -- date' },
    { description: 'Run a cron job now.', command: '<%= config.bin %> create job manual-1 --from=cronjob/nightly' },
  ];
  static override args = { name: Args.string({ description: 'NAME', required: true }) };
  static override flags = {
    ...generatorFlags,
    image: Flags.string({ description: 'Image to run.', helpValue: 'IMAGE' }),
    from: Flags.string({ description: 'The cron job to instantiate (cronjob/NAME).', helpValue: 'cronjob/NAME' }),
  };

  async run(): Promise<void> {
    const { flags, argv, afterDash } = await this.parse(CreateJob);
    const name = oneName(argv, 'create job');
    if (flags.from) {
      const [type, from] = flags.from.split('/');
      if (!type || !from || resolveType(type)[0]?.kind !== 'CronJob') throw new KubelabError(`from must be an existing cronjob: ${flags.from}`);
      const build = async (namespace: string) => {
        const s = await openSession(flags);
        try {
          return jobFromCronJob(name, await s.client.get(resolveType('cronjobs')[0]!, from, { namespace }));
        } finally {
          await s.close();
        }
      };
      this.log(await generate(flags, build, 'created', 'job'));
      return;
    }
    if (!flags.image) throw new KubelabError('either --image or --from must be specified');
    this.log(await generate(flags, job(name, flags.image, afterDash ?? []), 'created', 'job'));
  }
}
