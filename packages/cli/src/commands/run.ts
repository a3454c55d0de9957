import { Args } from '../lib/cli/args.js';
import { Command } from '../lib/cli/command.js';
import { Flags } from '../lib/cli/flag.js';
import { generate, oneName } from '../lib/create/generate.js';
import { runPod } from '../lib/create/workloads.js';
import { KubelabError } from '../lib/errors.js';
import { generatorFlags } from '../flags.js';

export default class Run extends Command {
  static override summary = 'Create and run a particular image in a pod.';
  static override description = 'Creates a pod labelled run=NAME running one container, as kubectl run does. Arguments after -- are the container\'s args (its command with --command). Attaching (-i, -t, --rm) is not available: use kubelab logs and kubelab exec.';
  static override examples = [
    { description: 'An nginx pod.', command: '<%= config.bin %> run web --image=nginx --port=80' },
    { description: 'A pod that runs once.', command: '<%= config.bin %> run once --image=busybox --restart=Never -- echo hello' },
    { description: 'Only print its manifest.', command: '<%= config.bin %> run web --image=nginx --dry-run=client -o yaml' },
  ];
  static override args = { name: Args.string({ description: 'NAME', required: true }) };
  static override flags = {
    ...generatorFlags,
    image: Flags.string({ description: 'The image for the container to run.', helpValue: 'IMAGE' }),
    port: Flags.integer({ description: 'The port the container exposes.', helpValue: 'PORT' }),
    labels: Flags.string({ char: 'l', description: 'Labels for the pod (key=value,…), replacing run=NAME.', helpValue: 'LABELS' }),
    env: Flags.string({ multiple: true, description: 'Environment variables (KEY=VALUE); repeatable.', helpValue: 'KEY=VALUE' }),
    restart: Flags.string({ description: 'The restart policy: Always, OnFailure or Never.', default: 'Always', options: ['Always', 'OnFailure', 'Never'], helpValue: 'POLICY' }),
    command: Flags.boolean({ description: 'The arguments after -- are the command, not args.' }),
    'image-pull-policy': Flags.string({ description: 'Always, IfNotPresent or Never.', helpValue: 'POLICY' }),
    stdin: Flags.boolean({ char: 'i', description: 'Not available in kubelab (attaching).', hidden: true }),
    tty: Flags.boolean({ char: 't', description: 'Not available in kubelab (attaching).', hidden: true }),
    rm: Flags.boolean({ description: 'Not available in kubelab (attaching).', hidden: true }),
  };

  async run(): Promise<void> {
    const { flags, argv, afterDash } = await this.parse(Run);
    const name = oneName(argv.slice(0, 1), 'run');
    if (!flags.image) throw new KubelabError(`required flag(s) "image" not set`);
    if (flags.stdin || flags.tty || flags.rm) throw new KubelabError('kubelab run cannot attach to a pod (-i, -t, --rm); run it, then use kubelab logs -f or kubelab exec');
    const labels = flags.labels ? Object.fromEntries(flags.labels.split(',').map((kv) => kv.split('=') as [string, string])) : undefined;
    const pod = runPod(name, { image: flags.image, env: flags.env, restart: flags.restart, args: [...argv.slice(1), ...(afterDash ?? [])], command: flags.command, ...(labels ? { labels } : {}), ...(flags.port !== undefined ? { port: flags.port } : {}), ...(flags['image-pull-policy'] ? { imagePullPolicy: flags['image-pull-policy'] } : {}) });
    this.log(await generate(flags, pod));
  }
}
