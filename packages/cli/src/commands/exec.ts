import { readFileSync } from 'node:fs';
import { Args } from '../lib/cli/args.js';
import { Command } from '../lib/cli/command.js';
import { Flags } from '../lib/cli/flag.js';
import { KubelabError } from '../lib/errors.js';
import { withSession } from '../lib/kube/session.js';
import { execInPod } from '../lib/pods/exec.js';
import { containerOf, podOf } from '../lib/pods/pod-of.js';
import { kubeFlags } from '../flags.js';

export default class Exec extends Command {
  static override summary = 'Execute a command in a container.';
  static override description = 'Runs a command in a running container and prints its output, exiting with its exit code, as kubectl exec does. The command runs to completion before its output is shown (kubelab has no interactive terminal); with -i, standard input is passed to it.';
  static override examples = [
    { description: 'The environment of a pod\'s container.', command: '<%= config.bin %> exec web-1 -- env' },
    { description: 'A shell command in container app.', command: "<%= config.bin %> exec web-1 -c app -- sh -c 'ls /etc'" },
    { description: 'Feed it standard input.', command: 'echo hello | <%= config.bin %> exec -i web-1 -- cat' },
    { description: 'The path a request to a Service takes: DNS, the rules, DNAT, the pod.', command: '<%= config.bin %> exec --trace client -- wget -qO- http://web' },
  ];
  static override args = { pod: Args.string({ description: 'POD or TYPE/NAME', required: true }) };
  static override flags = {
    ...kubeFlags,
    container: Flags.string({ char: 'c', description: 'The container (default: the only one, else the first).', helpValue: 'NAME' }),
    stdin: Flags.boolean({ char: 'i', description: 'Pass standard input to the command.' }),
    tty: Flags.boolean({ char: 't', description: 'Accepted for kubectl compatibility; kubelab has no terminal to allocate.' }),
    quiet: Flags.boolean({ char: 'q', description: 'Print only what the command prints.' }),
    trace: Flags.boolean({ description: "Print the data path's hops of every lookup and connection the command makes (wget, curl, nc, nslookup) on stderr." }),
  };

  async run(): Promise<void> {
    const { flags, argv, afterDash } = await this.parse(Exec);
    const command = afterDash ?? argv.slice(1);
    if (argv.length === 0) throw new KubelabError('pod, type/name or --filename must be specified');
    if (command.length === 0) throw new KubelabError('you must specify at least one command for the container');
    const stdin = flags.stdin ? readFileSync(0, 'utf8') : undefined;
    const result = await withSession(flags, async (s) => {
      const pod = await podOf(s, argv[0]!);
      const c = containerOf(pod, flags.container);
      if (c.note && !flags.quiet) process.stderr.write(`${c.note}\n`);
      return execInPod(s, pod['metadata']['name'], c.name, command, stdin, { trace: flags.trace });
    });
    if (result.hops) process.stderr.write(result.hops.map((h) => `${h}\n`).join(''));
    process.stdout.write(result.stdout);
    process.stderr.write(result.stderr);
    if (result.exitCode !== 0) {
      if (!flags.quiet) process.stderr.write(`command terminated with exit code ${result.exitCode}\n`);
      this.exit(result.exitCode);
    }
  }
}
