import { Command } from '../lib/cli/command.js';
import { dryRunOf } from '../lib/cli/dry-run.js';
import { forEachReporting } from '../lib/cli/each.js';
import { submit } from '../lib/create/submit.js';
import { KubelabError } from '../lib/errors.js';
import { withSession } from '../lib/kube/session.js';
import { inFile } from '../lib/manifest/errors.js';
import { readManifests } from '../lib/manifest/read.js';
import { targetOf } from '../lib/manifest/target.js';
import { fileFlags, generatorFlags } from '../flags.js';

export default class Create extends Command {
  static override summary = 'Create a resource from a file or from stdin.';
  static override description = `Creates every object of the manifests, as kubectl create -f does; an object that exists already is an error (use apply to update). The subcommands generate common objects from flags: deployment, namespace, configmap, secret generic, service clusterip|nodeport, job, cronjob, serviceaccount.`;
  static override examples = [
    { description: 'Create what a manifest describes.', command: '<%= config.bin %> create -f web.yaml' },
    { description: 'Generate a deployment manifest to edit, without creating it.', command: '<%= config.bin %> create deployment web --image=nginx --dry-run=client -o yaml' },
  ];
  static override flags = { ...generatorFlags, ...fileFlags };

  async run(): Promise<void> {
    const { flags, argv } = await this.parse(Create);
    if (argv.length > 0) throw new KubelabError(`unknown command "${argv[0]}" for "kubelab create"`);
    if (flags.filename.length === 0) throw new KubelabError(`must specify one of -f and -k`);
    const dryRun = dryRunOf(flags['dry-run']);
    const ok = await withSession(flags, async (session) =>
      forEachReporting(await readManifests(flags.filename, flags.recursive), async (m) => {
        const t = targetOf(m, session.namespace, session.conn.explicitNamespace);
        const scoped = { ...session, namespace: t.namespace ?? session.namespace };
        return submit(scoped, t.object, { dryRun, output: flags.output, fieldManager: flags['field-manager'] }).catch((err: unknown) => {
          throw inFile(err, 'creating', m.source);
        });
      }),
    );
    if (!ok) this.exit(1);
  }
}
