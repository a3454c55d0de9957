/**
 * kubeconfig files read as kubectl reads them (client-go clientcmd): `--kubeconfig FILE`
 * (which must exist), else $KUBECONFIG (a path list merged, the first file to define a name
 * winning, missing files skipped). kubectl would fall back to ~/.kube/config; kubelab falls
 * back to its own daemon's kubeconfig instead (connection.ts). Block-style files are read by
 * the fast scanner; anything else by the full YAML parser.
 */
import { readFileSync } from 'node:fs';
import { delimiter, dirname, isAbsolute, join } from 'node:path';
import { KubelabError } from '../errors.js';
import { type Scanned, scanKubeconfig } from '../kubeconfig-scan.js';

export interface KubeconfigEntries {
  clusters: Map<string, Record<string, unknown>>;
  users: Map<string, Record<string, unknown>>;
  contexts: Map<string, Record<string, unknown>>;
  currentContext?: string;
  /** The files read, in order (the first is where `config use-context` writes). */
  files: string[];
}

export async function readKubeconfigs(paths: string[], explicit: boolean): Promise<KubeconfigEntries> {
  const merged: KubeconfigEntries = { clusters: new Map(), users: new Map(), contexts: new Map(), files: [] };
  for (const path of paths) {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT' && !explicit) continue;
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new KubelabError(`stat ${path}: no such file or directory`);
      throw new KubelabError(`cannot read the kubeconfig ${path}: ${(err as Error).message}`);
    }
    merged.files.push(path);
    const doc = scanKubeconfig(text) ?? (await parseYaml(text, path));
    const base = dirname(path);
    for (const section of ['clusters', 'users', 'contexts'] as const) {
      const field = section.slice(0, -1);
      const list = doc[section];
      if (!Array.isArray(list)) continue;
      for (const item of list as Array<Record<string, Scanned> | null>) {
        const name = item?.['name'];
        const body = item?.[field];
        if (typeof name !== 'string' || merged[section].has(name)) continue;
        merged[section].set(name, withAbsolutePaths(typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {}, base));
      }
    }
    const current = doc['current-context'];
    if (merged.currentContext === undefined && typeof current === 'string' && current) merged.currentContext = current;
  }
  return merged;
}

/** The files kubectl would read: --kubeconfig, else $KUBECONFIG's list; undefined for neither. */
export function kubeconfigPaths(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): { paths: string[]; explicit: boolean } | undefined {
  if (flag) return { paths: [flag], explicit: true };
  const list = env['KUBECONFIG'];
  if (list) return { paths: list.split(delimiter).filter(Boolean), explicit: false };
  return undefined;
}

async function parseYaml(text: string, path: string): Promise<Record<string, Scanned>> {
  const { parse } = await import('yaml');
  try {
    return (parse(text) ?? {}) as Record<string, Scanned>;
  } catch (err) {
    throw new KubelabError(`error loading config file "${path}": ${(err as Error).message}`);
  }
}

function withAbsolutePaths(body: Record<string, unknown>, base: string): Record<string, unknown> {
  const out = { ...body };
  for (const key of ['certificate-authority', 'tokenFile', 'client-certificate', 'client-key']) {
    const v = out[key];
    if (typeof v === 'string' && v && !isAbsolute(v)) out[key] = join(base, v);
  }
  return out;
}
