/**
 * Changing a kubeconfig as `kubectl config use-context|set-context` does: the YAML is edited
 * in place (comments and order kept) in the file that defines the entry — the first file of
 * the list, or kubelab's own kubeconfig when none is chosen.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { KubelabError } from '../errors.js';

export async function editKubeconfig(path: string, edit: (doc: import('yaml').Document) => void): Promise<void> {
  const { parseDocument } = await import('yaml');
  let text = '';
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    text = 'apiVersion: v1\nkind: Config\nclusters: []\ncontexts: []\nusers: []\npreferences: {}\ncurrent-context: ""\n';
  }
  const doc = parseDocument(text);
  if (doc.errors.length) throw new KubelabError(`error loading config file "${path}": ${doc.errors[0]!.message}`);
  edit(doc);
  writeFileSync(path, doc.toString(), { mode: 0o600 });
}

export async function useContext(path: string, name: string, known: boolean): Promise<string> {
  if (!known) throw new KubelabError(`no context exists with the name: "${name}"`);
  await editKubeconfig(path, (doc) => doc.set('current-context', name));
  return `Switched to context "${name}".`;
}

export interface ContextFields {
  cluster?: string | undefined;
  user?: string | undefined;
  namespace?: string | undefined;
}

export async function setContext(path: string, name: string, fields: ContextFields, exists: boolean): Promise<string> {
  const { isMap, isSeq } = await import('yaml');
  await editKubeconfig(path, (doc) => {
    let seq = doc.get('contexts');
    if (!isSeq(seq)) {
      seq = doc.createNode([]);
      doc.set('contexts', seq);
    }
    if (!isSeq(seq)) return;
    let item = seq.items.find((i) => isMap(i) && i.get('name') === name);
    if (!isMap(item)) {
      item = doc.createNode({ context: {}, name });
      seq.items.push(item as never);
    }
    if (!isMap(item)) return;
    let ctx = item.get('context');
    if (!isMap(ctx)) {
      ctx = doc.createNode({});
      item.set('context', ctx);
    }
    if (!isMap(ctx)) return;
    for (const [k, v] of Object.entries(fields)) if (v !== undefined) ctx.set(k, v);
  });
  return `Context "${name}" ${exists ? 'modified' : 'created'}.`;
}
