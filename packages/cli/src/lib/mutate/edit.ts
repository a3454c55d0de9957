/**
 * `kubelab edit`: the object as YAML in $KUBE_EDITOR / $EDITOR (vi by default), under
 * kubectl's header; an unchanged or emptied file cancels; otherwise the change from what was
 * shown to what was saved goes as a two-way strategic merge patch — fields others changed
 * meanwhile are kept. A failed save reopens the file with the error at the top, as kubectl
 * does; closing it unchanged gives up and keeps a copy.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KubeObject } from '@kubelab/core/api/meta';
import { StatusError } from '@kubelab/core/api/status';
import { createTwoWayMergePatch } from '@kubelab/core/patch/strategic-merge';
import { schemaForKind } from '@kubelab/core/schema/index';
import { apiVersionOfResource } from '@kubelab/core/api/registry';
import { toGoYaml } from '../../print/go-yaml.js';
import { KubelabError } from '../errors.js';
import { apiErrorText } from '../kube/error-text.js';
import type { Session } from '../kube/session.js';
import type { ObjectRef } from '../kube/targets.js';
import { targetName } from '../manifest/target.js';

const HEADER = `# Please edit the object below. Lines beginning with a '#' will be ignored,
# and an empty file will abort the edit. If an error occurs while saving this file will be
# reopened with the relevant failures.
#
`;

export function editorCommand(env: NodeJS.ProcessEnv = process.env): string {
  return env['KUBE_EDITOR'] || env['EDITOR'] || 'vi';
}

function runEditor(file: string): void {
  const r = spawnSync('sh', ['-c', `${editorCommand()} "$1"`, 'editor', file], { stdio: 'inherit' });
  if (r.status !== 0) throw new KubelabError(`there was a problem with the editor "${editorCommand()}"`);
}

function stripComments(text: string): string {
  return text
    .split('\n')
    .filter((l) => !l.startsWith('#'))
    .join('\n');
}

export async function editOne(s: Session, ref: ObjectRef): Promise<string> {
  const live = await s.client.get(ref.rt, ref.name, { namespace: ref.namespace });
  const { managedFields: _hidden, ...metadata } = live.metadata ?? {};
  // kubectl edit hides managedFields (--show-managed-fields=false).
  const shown: KubeObject = { apiVersion: apiVersionOfResource(ref.rt), kind: ref.rt.kind, ...live, metadata };
  const dir = mkdtempSync(join(tmpdir(), 'kubelab-edit-'));
  const file = join(dir, `${ref.rt.plural}-${ref.name}.yaml`);
  const body = toGoYaml(shown);
  writeFileSync(file, HEADER + body);
  let lastError: string | undefined;
  for (;;) {
    runEditor(file);
    const saved = stripComments(readFileSync(file, 'utf8'));
    if (saved.trim() === '') return 'Edit cancelled, saved file was empty.';
    if (saved === body || (lastError !== undefined && saved === lastError)) {
      if (lastError === undefined) return 'Edit cancelled, no changes made.';
      throw new KubelabError(`Edit cancelled, no valid changes were saved.\nA copy of your changes has been stored to "${file}"`);
    }
    const { parse } = await import('yaml');
    let edited: KubeObject;
    try {
      edited = parse(saved) as KubeObject;
    } catch (err) {
      lastError = saved;
      writeFileSync(file, `${HEADER}# ${(err as Error).message.split('\n')[0]}\n#\n${saved}`);
      continue;
    }
    const patch = createTwoWayMergePatch(shown as never, edited as never, schemaForKind(shown.apiVersion!, shown.kind!));
    if (Object.keys(patch).length === 0) return 'Edit cancelled, no changes made.';
    try {
      await s.client.patch(ref.rt, ref.name, 'strategic', patch, { namespace: ref.namespace, fieldManager: 'kubectl-edit' });
      return `${targetName(ref)} edited`;
    } catch (err) {
      if (!(err instanceof StatusError)) throw err;
      lastError = saved;
      const lines = apiErrorText(err).split('\n').map((l) => `# ${l}`).join('\n');
      writeFileSync(file, `${HEADER}${lines}\n#\n${saved}`);
    }
  }
}
