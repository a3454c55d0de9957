import { Args } from '../lib/cli/args.js';
import { Command } from '../lib/cli/command.js';
import { dryRunOf } from '../lib/cli/dry-run.js';
import { forEachReporting } from '../lib/cli/each.js';
import { Flags } from '../lib/cli/flag.js';
import { patchBody, patchOne, patchText } from '../lib/mutate/patch.js';
import { withSession } from '../lib/kube/session.js';
import { resolveTargets } from '../lib/kube/targets.js';
import { dryRunFlags, fileFlags, kubeFlags } from '../flags.js';

export default class Patch extends Command {
  static override summary = 'Update fields of a resource.';
  static override description = 'Sends a strategic merge patch (the default), a JSON merge patch (--type merge) or a JSON patch (--type json), in JSON or YAML, as kubectl patch does.';
  static override examples = [
    { description: 'Scale by patching.', command: `<%= config.bin %> patch deployment web -p '{"spec":{"replicas":3}}'` },
    { description: 'A JSON patch.', command: `<%= config.bin %> patch pod web-1 --type json -p '[{"op":"replace","path":"/spec/containers/0/image","value":"nginx:1.27"}]'` },
    { description: 'Mark a node unschedulable.', command: `<%= config.bin %> patch node worker-1 -p '{"spec":{"unschedulable":true}}'` },
  ];
  static override args = { resource: Args.string({ description: 'TYPE NAME or TYPE/NAME', required: true }) };
  static override flags = {
    ...kubeFlags,
    ...fileFlags,
    ...dryRunFlags,
    patch: Flags.string({ char: 'p', description: 'The patch to apply (JSON or YAML).', helpValue: 'PATCH' }),
    'patch-file': Flags.string({ description: 'A file holding the patch.', helpValue: 'FILE' }),
    type: Flags.string({ description: 'The type of patch.', options: ['json', 'merge', 'strategic'], default: 'strategic', helpValue: 'json|merge|strategic' }),
    subresource: Flags.string({ description: 'Patch this subresource (status, scale).', helpValue: 'NAME' }),
  };

  async run(): Promise<void> {
    const { flags, argv } = await this.parse(Patch);
    const body = await patchBody(patchText(flags.patch, flags['patch-file']));
    const type = flags.type as 'json' | 'merge' | 'strategic';
    const ok = await withSession(flags, async (s) => forEachReporting(await resolveTargets(s, argv, flags), (ref) => patchOne(s, ref, type, body, { dryRun: dryRunOf(flags['dry-run']), subresource: flags.subresource })));
    if (!ok) this.exit(1);
  }
}
