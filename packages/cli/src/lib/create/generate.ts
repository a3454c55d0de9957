/**
 * The shared tail of every generator command: one NAME argument (kubectl's error otherwise),
 * then the object submitted — or only printed, for --dry-run=client, without a server.
 */
import type { KubeObject } from '@kubelab/core/api/meta';
import { StatusError } from '@kubelab/core/api/status';
import { dryRunOf } from '../cli/dry-run.js';
import { KubelabError } from '../errors.js';
import { type ConnectionFlags } from '../kube/connection.js';
import { withSession } from '../kube/session.js';
import { submit } from './submit.js';

export interface GeneratorFlags extends ConnectionFlags {
  output?: string | undefined;
  'dry-run'?: string | undefined;
  'field-manager'?: string | undefined;
}

export function oneName(argv: readonly string[], command: string): string {
  if (argv.length !== 1) throw new KubelabError(`exactly one NAME is required, got ${argv.length}\nSee 'kubelab ${command} -h' for help and examples`);
  return argv[0]!;
}

/**
 * kubectl's create subcommands word a failed create their own way: "failed to create
 * deployment: …" ("failed to create secret …" without the colon); namespace, run and expose
 * print the server's error as it is (failedAs undefined).
 */
export async function generate(flags: GeneratorFlags, obj: KubeObject | ((namespace: string) => Promise<KubeObject> | KubeObject), verb = 'created', failedAs?: string): Promise<string> {
  try {
    return await generateObject(flags, obj, verb);
  } catch (err) {
    if (failedAs === undefined || !(err instanceof StatusError)) throw err;
    throw new KubelabError(`failed to create ${failedAs}${failedAs === 'secret' ? '' : ':'} ${err.status.message ?? ''}`);
  }
}

async function generateObject(flags: GeneratorFlags, obj: KubeObject | ((namespace: string) => Promise<KubeObject> | KubeObject), verb: string): Promise<string> {
  const dryRun = dryRunOf(flags['dry-run']);
  const build = typeof obj === 'function' ? obj : () => obj;
  const options = { dryRun, output: flags.output, verb, fieldManager: flags['field-manager'] ?? 'kubectl-create' };
  if (dryRun === 'client' && typeof obj !== 'function') return submit(undefined, await build(''), options);
  return withSession(flags, async (session) => submit(session, await build(session.namespace), options));
}
