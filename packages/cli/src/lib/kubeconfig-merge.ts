/**
 * `kubelab kubeconfig --merge`: put kubelab's cluster, user and context into the user's
 * kubeconfig and make kubelab the current context — what `kind export kubeconfig` and
 * `minikube start` do. Entries of the same name are replaced where they stand; every other
 * entry, and the file's comments and order, are kept (the YAML is edited, not re-serialised).
 */
import { mkdirSync, readFileSync, realpathSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { Document, isMap, isSeq, parse, parseDocument } from 'yaml';
import { KubelabError } from './errors.js';

const SECTIONS = ['clusters', 'users', 'contexts'] as const;

export interface MergeResult {
  text: string;
  context: string;
  /** The current-context before the merge, if any. */
  previousContext?: string;
}

/** Merges kubeconfig `source` into `target` (the text of an existing file, or '' for none). */
export function mergeKubeconfig(target: string, source: string, targetName = 'the kubeconfig'): MergeResult {
  const src = (parse(source) ?? {}) as Record<string, unknown>;
  const context = src['current-context'];
  if (typeof context !== 'string' || !context) throw new KubelabError(`kubelab's kubeconfig has no current-context`);
  const doc: Document = parseDocument(target);
  if (doc.errors.length > 0) throw new KubelabError(`${targetName} is not valid YAML, so it was left alone: ${doc.errors[0]?.message ?? ''}`);
  if (!isMap(doc.contents)) doc.contents = doc.createNode({ apiVersion: 'v1', kind: 'Config', preferences: {} });
  for (const section of SECTIONS) {
    let seq = doc.get(section);
    if (!isSeq(seq)) {
      seq = doc.createNode([]);
      doc.set(section, seq);
    }
    if (!isSeq(seq)) continue;
    const entries = Array.isArray(src[section]) ? (src[section] as Record<string, unknown>[]) : [];
    for (const e of entries) {
      const at = seq.items.findIndex((item) => isMap(item) && item.get('name') === e['name']);
      const node = doc.createNode(e);
      if (at >= 0) seq.items[at] = node;
      else seq.items.push(node);
    }
  }
  const previous = doc.get('current-context');
  doc.set('current-context', context);
  return { text: doc.toString(), context, ...(typeof previous === 'string' && previous ? { previousContext: previous } : {}) };
}

/** The file kubectl would write: $KUBECONFIG's first entry, else ~/.kube/config. */
export function userKubeconfigPath(env: NodeJS.ProcessEnv = process.env): string {
  const first = (env['KUBECONFIG'] ?? '').split(delimiter).find((p) => p !== '');
  return first ?? join(homedir(), '.kube', 'config');
}

export interface MergeIntoResult extends Omit<MergeResult, 'text'> {
  path: string;
}

/** Merges the kubeconfig at sourcePath into the user's kubeconfig file, writing it 0600. */
export function mergeIntoUserKubeconfig(sourcePath: string, env: NodeJS.ProcessEnv = process.env): MergeIntoResult {
  const path = userKubeconfigPath(env);
  let source: string;
  try {
    source = readFileSync(sourcePath, 'utf8');
  } catch {
    throw new KubelabError(`no kubeconfig at ${sourcePath} yet (start kubelab first with: kubelab up)`);
  }
  let target = '';
  let realPath = path;
  try {
    realPath = realpathSync(path);
    target = readFileSync(realPath, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const { text, ...result } = mergeKubeconfig(target, source, path);
  mkdirSync(dirname(realPath), { recursive: true, mode: 0o700 });
  const tmp = `${realPath}.kubelab-${process.pid}`;
  writeFileSync(tmp, text, { mode: 0o600 });
  renameSync(tmp, realPath);
  return { path, ...result };
}
