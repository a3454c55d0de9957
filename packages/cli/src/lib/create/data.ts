/**
 * ConfigMap and Secret data from `--from-literal=k=v`, `--from-file=[key=]path` (a file, or
 * every regular file of a directory) and `--from-env-file=path`, as kubectl create reads them.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { KubeObject } from '@kubelab/core/api/meta';
import { KubelabError } from '../errors.js';

export interface DataSources {
  literals: string[];
  files: string[];
  envFiles: string[];
}

export function collectData(s: DataSources): Map<string, string> {
  const data = new Map<string, string>();
  const put = (k: string, v: string) => {
    if (!/^[-._a-zA-Z0-9]+$/.test(k)) throw new KubelabError(`"${k}" is not a valid key name: a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')`);
    if (data.has(k)) throw new KubelabError(`cannot add key ${k}, another key by that name already exists in data: ${JSON.stringify(Object.fromEntries(data))}`);
    data.set(k, v);
  };
  for (const lit of s.literals) {
    const at = lit.indexOf('=');
    if (at <= 0) throw new KubelabError(`invalid literal source ${lit}, expected key=value`);
    put(lit.slice(0, at), lit.slice(at + 1));
  }
  for (const spec of s.files) {
    const at = spec.indexOf('=');
    const [key, path] = at > 0 ? [spec.slice(0, at), spec.slice(at + 1)] : [undefined, spec];
    let st;
    try {
      st = statSync(path);
    } catch {
      throw new KubelabError(`error reading ${path}: no such file or directory`);
    }
    if (st.isDirectory()) {
      if (key) throw new KubelabError(`cannot give a key name for a directory path`);
      for (const f of readdirSync(path).sort()) if (statSync(join(path, f)).isFile()) put(f, readFileSync(join(path, f), 'utf8'));
    } else put(key ?? basename(path), readFileSync(path, 'utf8'));
  }
  for (const path of s.envFiles) {
    for (const raw of readFileSync(path, 'utf8').split(/\r?\n/)) {
      const line = raw.trimStart();
      if (!line || line.startsWith('#')) continue;
      const at = line.indexOf('=');
      if (at < 0) put(line, process.env[line] ?? '');
      else put(line.slice(0, at), line.slice(at + 1));
    }
  }
  return data;
}

export function configMap(name: string, data: Map<string, string>): KubeObject {
  return { apiVersion: 'v1', ...(data.size ? { data: Object.fromEntries(data) } : {}), kind: 'ConfigMap', metadata: { creationTimestamp: null, name } };
}

export function secret(name: string, data: Map<string, string>, type?: string): KubeObject {
  const encoded = Object.fromEntries([...data].map(([k, v]) => [k, Buffer.from(v).toString('base64')]));
  return { apiVersion: 'v1', ...(data.size ? { data: encoded } : {}), kind: 'Secret', metadata: { creationTimestamp: null, name }, ...(type ? { type } : {}) };
}

export function namespace(name: string): KubeObject {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { creationTimestamp: null, name }, spec: {}, status: {} };
}

export function serviceAccount(name: string): KubeObject {
  return { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { creationTimestamp: null, name } };
}
