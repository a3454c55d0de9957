/**
 * `kubelab etcd snapshot save|status|restore`.
 *
 * save streams the running daemon's snapshot and writes it as etcdctl does: into
 * `<file>.part` (0600), fsynced, then renamed over `<file>`, so a failed download never leaves
 * a file that looks whole. status and restore work offline on files; they need SQLite, which
 * the CLI never loads, so they run in kubelab-etcdutl, the daemon package's small offline
 * entry, whose output and exit code are passed through unchanged.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { kubelabdBin } from '../daemon-bin.js';
import { KubelabError } from '../errors.js';
import type { AdminClient } from './admin-client.js';
import { EtcdctlError, goFileError } from './errors.js';

export interface SavedSnapshot {
  path: string;
  size: number;
  revision: number;
}

export async function saveSnapshot(client: AdminClient, path: string): Promise<SavedSnapshot> {
  const part = `${path}.part`;
  let fh;
  try {
    fh = await open(part, 'w', 0o600);
  } catch (err) {
    throw new EtcdctlError(`could not open ${part} (${goFileError('open', part, err)})`);
  }
  try {
    const res = await client.open('GET', 'maintenance/snapshot');
    const expected = Number(res.headers['content-length']);
    const revision = Number(res.headers['x-kubelab-snapshot-revision'] ?? 0);
    let size = 0;
    try {
      for await (const chunk of res as AsyncIterable<Buffer>) {
        await fh.write(chunk);
        size += chunk.length;
      }
    } catch (err) {
      throw new EtcdctlError(`snapshot download from ${client.endpoint} failed after ${size} bytes: ${(err as Error).message}`);
    }
    if (Number.isFinite(expected) && size !== expected) {
      throw new EtcdctlError(`snapshot download from ${client.endpoint} ended after ${size} of ${expected} bytes`);
    }
    await fh.sync();
    await fh.close();
    fh = undefined;
    await rename(part, path);
    return { path, size, revision };
  } finally {
    await fh?.close();
    await rm(part, { force: true });
  }
}

/** kubelab-etcdutl, beside kubelabd in the daemon package. */
export function etcdutlBin(): string {
  const bin = join(dirname(kubelabdBin()), 'kubelab-etcdutl.js');
  const built = join(dirname(bin), '..', 'dist', 'etcdutl', 'main.js');
  if (!existsSync(bin) || !existsSync(built)) throw new KubelabError(`kubelab-etcdutl is not built: ${built} is missing (run: npm run build)`);
  return bin;
}

/** Runs kubelab-etcdutl with the terminal's stdio; resolves with its exit code. */
export function runEtcdutl(args: string[]): Promise<number> {
  const bin = etcdutlBin();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { stdio: 'inherit' });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve(code ?? (signal ? 128 + 1 : 1)));
  });
}
