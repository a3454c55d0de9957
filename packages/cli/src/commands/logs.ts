import { Args } from '../lib/cli/args.js';
import { Command } from '../lib/cli/command.js';
import { Flags } from '../lib/cli/flag.js';
import { KubelabError } from '../lib/errors.js';
import { withSession } from '../lib/kube/session.js';
import { streamLogs } from '../lib/pods/logs.js';
import { containerOf, podOf } from '../lib/pods/pod-of.js';
import { durationFlag, kubeFlags } from '../flags.js';

export default class Logs extends Command {
  static override summary = 'Print the logs for a container in a pod.';
  static override description = 'Prints what a container wrote to its standard output and error, as kubectl logs does; -f follows it until the container stops or you press Ctrl-C.';
  static override examples = [
    { description: 'A pod\'s logs.', command: '<%= config.bin %> logs web-1' },
    { description: 'Follow the last 10 lines of container app.', command: '<%= config.bin %> logs -f --tail=10 web-1 -c app' },
    { description: 'The previous run of a restarted container.', command: '<%= config.bin %> logs -p web-1' },
    { description: 'A pod of a deployment, the last 5 minutes.', command: '<%= config.bin %> logs deploy/web --since=5m' },
  ];
  static override args = { pod: Args.string({ description: 'POD or TYPE/NAME', required: true }) };
  static override flags = {
    ...kubeFlags,
    container: Flags.string({ char: 'c', description: 'The container (default: the only one, else the first).', helpValue: 'NAME' }),
    follow: Flags.boolean({ char: 'f', description: 'Stream the logs as they are written.' }),
    previous: Flags.boolean({ char: 'p', description: 'The logs of the previous instance of the container.' }),
    tail: Flags.integer({ description: 'Lines of recent log to show (-1: all).', default: -1, helpValue: 'N' }),
    since: durationFlag({ description: 'Only logs newer than this (5s, 2m, 3h).' }),
    timestamps: Flags.boolean({ description: 'Prefix each line with its RFC3339 timestamp.' }),
  };

  async run(): Promise<void> {
    const { flags, argv } = await this.parse(Logs);
    if (argv.length === 0) throw new KubelabError(`expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command\nSee 'kubelab logs -h' for help and examples`);
    await withSession(flags, async (s) => {
      const pod = await podOf(s, argv[0]!);
      const c = containerOf(pod, flags.container ?? argv[1]);
      if (c.note) process.stderr.write(`${c.note}\n`);
      await streamLogs(s, pod['metadata']['name'], { container: c.name, follow: flags.follow, previous: flags.previous, tail: flags.tail, sinceMs: flags.since, timestamps: flags.timestamps }, (chunk) => process.stdout.write(chunk));
    });
  }
}
