/**
 * The daemon's bearer token and the kubeconfig that carries it. The token is made once per
 * data directory and kept (0600), so the kubeconfig stays valid across restarts; anyone who
 * can read the data directory can use the cluster, and nobody else.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { FILE_MODE } from '../store/data-dir.js';

export const TOKEN_FILE = 'token';
export const KUBECONFIG_FILE = 'kubeconfig';
export const CONTEXT_NAME = 'kubelab';

export function loadOrCreateToken(dataDir: string): string {
  const path = join(dataDir, TOKEN_FILE);
  if (existsSync(path)) {
    const t = readFileSync(path, 'utf8').trim();
    if (t) return t;
  }
  const token = randomBytes(32).toString('hex');
  writePrivate(path, `${token}\n`);
  return token;
}

export function kubeconfig(server: string, token: string, caPem: string): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: CONTEXT_NAME, cluster: { server, 'certificate-authority-data': Buffer.from(caPem).toString('base64') } }],
    users: [{ name: CONTEXT_NAME, user: { token } }],
    contexts: [{ name: CONTEXT_NAME, context: { cluster: CONTEXT_NAME, user: CONTEXT_NAME, namespace: 'default' } }],
    'current-context': CONTEXT_NAME,
    preferences: {},
  };
}

export function writeKubeconfig(dataDir: string, server: string, token: string, caPem: string): string {
  const path = join(dataDir, KUBECONFIG_FILE);
  writePrivate(path, stringify(kubeconfig(server, token, caPem)));
  return path;
}

/** Writes a 0600 file atomically (temporary file, then rename). */
export function writePrivate(path: string, content: string): void {
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, content, { mode: FILE_MODE });
  renameSync(tmp, path);
}
