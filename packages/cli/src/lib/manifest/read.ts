/**
 * Manifests as `kubectl apply|create|delete -f` reads them: files, directories (their .json,
 * .yaml and .yml files; subdirectories with -R), and `-` for standard input; YAML streams of
 * several documents and `kind: List` are split into objects. Errors in kubectl's words:
 * `the path "x" does not exist`, `error parsing x: error converting YAML to JSON: …`,
 * `error validating "x": error validating data: kind not set; …`.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { KubeObject } from '@kubelab/core/api/meta';
import { KubelabError } from '../errors.js';

export interface Manifest {
  /** The file it came from ("STDIN" for -). */
  source: string;
  object: KubeObject;
}

const EXTENSIONS = /\.(json|ya?ml)$/;

export async function readManifests(filenames: readonly string[], recursive: boolean, stdin: () => string = readStdin): Promise<Manifest[]> {
  const out: Manifest[] = [];
  for (const name of filenames) {
    if (name === '-') {
      out.push(...(await parseManifests(stdin(), 'STDIN')));
      continue;
    }
    if (/^https?:\/\//.test(name)) throw new KubelabError(`unable to read URL "${name}": kubelab reads local files only`);
    for (const file of expand(name, recursive, true)) out.push(...(await parseManifests(readFileSync(file, 'utf8'), file)));
  }
  return out;
}

function expand(path: string, recursive: boolean, top: boolean): string[] {
  let st;
  try {
    st = statSync(path);
  } catch {
    throw new KubelabError(`the path "${path}" does not exist`);
  }
  if (!st.isDirectory()) return [path];
  const files: string[] = [];
  for (const entry of readdirSync(path).sort()) {
    const full = join(path, entry);
    const s = statSync(full);
    if (s.isDirectory()) {
      if (recursive) files.push(...expand(full, recursive, false));
    } else if (EXTENSIONS.test(entry)) files.push(full);
  }
  if (top && files.length === 0) return [];
  return files;
}

export async function parseManifests(text: string, source: string): Promise<Manifest[]> {
  const docs = await parseDocuments(text, source);
  const out: Manifest[] = [];
  for (const doc of docs) {
    if (doc === null || doc === undefined) continue;
    if (typeof doc !== 'object' || Array.isArray(doc)) throw new KubelabError(`error validating "${source}": error validating data: invalid object to validate; if you choose to ignore these errors, turn validation off with --validate=false`);
    const obj = doc as KubeObject;
    if (Object.keys(obj).length === 0) continue;
    if (!obj.apiVersion) throw notSet(source, 'apiVersion');
    if (!obj.kind) throw notSet(source, 'kind');
    if (obj.kind === 'List' || (obj.kind.endsWith('List') && Array.isArray(obj['items']))) {
      for (const item of (obj['items'] as KubeObject[]) ?? []) out.push({ source, object: item });
    } else out.push({ source, object: obj });
  }
  return out;
}

function notSet(source: string, field: string): KubelabError {
  return new KubelabError(`error validating "${source}": error validating data: ${field} not set; if you choose to ignore these errors, turn validation off with --validate=false`);
}

async function parseDocuments(text: string, source: string): Promise<unknown[]> {
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      return [JSON.parse(text)];
    } catch {
      // Not JSON after all: YAML's flow style reads it.
    }
  }
  const { parseAllDocuments } = await import('yaml');
  const docs = parseAllDocuments(text);
  const list = Array.isArray(docs) ? docs : [docs];
  const out: unknown[] = [];
  for (const d of list) {
    const err = d.errors[0];
    if (err) {
      const line = err.linePos?.[0]?.line;
      const what = err.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '') ?? '';
      throw new KubelabError(`error parsing ${source}: error converting YAML to JSON: yaml: ${line !== undefined ? `line ${line}: ` : ''}${what}`);
    }
    out.push(d.toJS());
  }
  return out;
}

function readStdin(): string {
  try {
    return readFileSync(0, 'utf8');
  } catch {
    return '';
  }
}
