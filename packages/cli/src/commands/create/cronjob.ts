import { Args } from '../../lib/cli/args.js';
import { Command } from '../../lib/cli/command.js';
import { Flags } from '../../lib/cli/flag.js';
import { generate, oneName } from '../../lib/create/generate.js';
import { cronJob } from '../../lib/create/workloads.js';
import { KubelabError } from '../../lib/errors.js';
import { generatorFlags } from '../../flags.js';

export default class CreateCronJob extends Command {
  static override summary = 'Create a cron job with the specified name.';
  static override aliases = ['create:cj'];
  static override examples = [{ description: 'Every minute.', command: '<%= config.bin %> create cronjob tick --image=busybox --schedule="*/1 * * * *" -- date' }];
  static override args = { name: Args.string({ description: 'NAME', required: true }) };
  static override flags = {
    ...generatorFlags,
    image: Flags.string({ description: 'Image to run.', helpValue: 'IMAGE' }),
    schedule: Flags.string({ description: 'A schedule in the Cron format.', helpValue: 'CRON' }),
    restart: Flags.string({ description: "The job's restart policy: OnFailure or Never.", default: 'OnFailure', helpValue: 'POLICY' }),
  };

  async run(): Promise<void> {
    const { flags, argv, afterDash } = await this.parse(CreateCronJob);
    const name = oneName(argv, 'create cronjob');
    if (!flags.image) throw new KubelabError(`required flag(s) "image" not set`);
    if (!flags.schedule) throw new KubelabError(`required flag(s) "schedule" not set`);
    this.log(await generate(flags, cronJob(name, flags.image, flags.schedule, afterDash ?? [], flags.restart), 'created', 'cronjob'));
  }
}
