/**
 * kubeconfig files, read as kubectl reads them (k8s.io/client-go/tools/clientcmd): clusters,
 * users and contexts by name, the current context, and a context's namespace. Several files
 * (KUBECONFIG=a:b) merge with the first file to define a name winning. Relative file paths
 * inside a kubeconfig (certificate-authority, tokenFile) are relative to that file.
 *
 * `parseKubeconfig` and `resolveConnection` are pure; `loadKubeconfig` and
 * `loadConnection` read the files.
 */
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { delimiter, dirname, isAbsolute, join } from 'node:path';
import { parse } from 'yaml';

export interface KubeconfigCluster {
  server: string;
  /** PEM, decoded from certificate-authority-data. */
  certificateAuthorityData?: string;
  /** A CA file path (absolute once loaded). */
  certificateAuthority?: string;
  insecureSkipTlsVerify?: boolean;
}

export interface KubeconfigUser {
  token?: string;
  tokenFile?: string;
}

export interface KubeconfigContext {
  cluster: string;
  user: string;
  namespace?: string;
}

export interface Kubeconfig {
  clusters: Map<string, KubeconfigCluster>;
  users: Map<string, KubeconfigUser>;
  contexts: Map<string, KubeconfigContext>;
  currentContext?: string;
}

/** What a transport needs to reach the cluster, and the namespace commands default to. */
export interface ClusterConnection {
  context: string;
  server: string;
  caPem?: string;
  /** A CA file still to read (loadConnection reads it). */
  caFile?: string;
  token?: string;
  tokenFile?: string;
  insecureSkipTlsVerify?: boolean;
  namespace: string;
}

export interface ConnectionOverrides {
  context?: string;
  namespace?: string;
  server?: string;
  token?: string;
}

export class KubeconfigError extends Error {}

/** Parses one kubeconfig document; `origin` is its file's path, for relative paths. */
export function parseKubeconfig(text: string, origin?: string): Kubeconfig {
  const doc = (parse(text) ?? {}) as Record<string, unknown>;
  if (typeof doc !== 'object' || Array.isArray(doc)) throw new KubeconfigError('kubeconfig: not a mapping');
  const base = origin ? dirname(origin) : undefined;
  const config: Kubeconfig = { clusters: new Map(), users: new Map(), contexts: new Map() };
  for (const { name, value } of namedEntries(doc['clusters'], 'cluster')) {
    const c: KubeconfigCluster = { server: str(value['server']) ?? '' };
    const caData = str(value['certificate-authority-data']);
    if (caData) c.certificateAuthorityData = Buffer.from(caData, 'base64').toString('utf8');
    const caFile = str(value['certificate-authority']);
    if (caFile) c.certificateAuthority = resolvePath(caFile, base);
    if (value['insecure-skip-tls-verify'] === true) c.insecureSkipTlsVerify = true;
    config.clusters.set(name, c);
  }
  for (const { name, value } of namedEntries(doc['users'], 'user')) {
    const u: KubeconfigUser = {};
    const token = str(value['token']);
    if (token) u.token = token;
    const tokenFile = str(value['tokenFile']);
    if (tokenFile) u.tokenFile = resolvePath(tokenFile, base);
    config.users.set(name, u);
  }
  for (const { name, value } of namedEntries(doc['contexts'], 'context')) {
    const ctx: KubeconfigContext = { cluster: str(value['cluster']) ?? '', user: str(value['user']) ?? '' };
    const ns = str(value['namespace']);
    if (ns) ctx.namespace = ns;
    config.contexts.set(name, ctx);
  }
  const current = str(doc['current-context']);
  if (current) config.currentContext = current;
  return config;
}

/** Merges kubeconfigs as clientcmd does: for every name, the first file that defines it wins. */
export function mergeKubeconfigs(configs: Kubeconfig[]): Kubeconfig {
  const merged: Kubeconfig = { clusters: new Map(), users: new Map(), contexts: new Map() };
  for (const c of configs) {
    for (const [k, v] of c.clusters) if (!merged.clusters.has(k)) merged.clusters.set(k, v);
    for (const [k, v] of c.users) if (!merged.users.has(k)) merged.users.set(k, v);
    for (const [k, v] of c.contexts) if (!merged.contexts.has(k)) merged.contexts.set(k, v);
    if (merged.currentContext === undefined && c.currentContext !== undefined) merged.currentContext = c.currentContext;
  }
  return merged;
}

/** The connection of a context (the current one unless overridden). */
export function resolveConnection(config: Kubeconfig, overrides: ConnectionOverrides = {}): ClusterConnection {
  const contextName = overrides.context ?? config.currentContext;
  if (!contextName) throw new KubeconfigError('kubeconfig: no context is set (current-context is empty)');
  const ctx = config.contexts.get(contextName);
  if (!ctx) throw new KubeconfigError(`kubeconfig: context "${contextName}" does not exist`);
  const cluster = config.clusters.get(ctx.cluster);
  if (!cluster && !overrides.server) throw new KubeconfigError(`kubeconfig: cluster "${ctx.cluster}" of context "${contextName}" does not exist`);
  const user = config.users.get(ctx.user) ?? {};
  const conn: ClusterConnection = {
    context: contextName,
    server: overrides.server ?? cluster?.server ?? '',
    namespace: overrides.namespace ?? ctx.namespace ?? 'default',
  };
  if (!conn.server) throw new KubeconfigError(`kubeconfig: cluster "${ctx.cluster}" has no server`);
  if (cluster?.certificateAuthorityData) conn.caPem = cluster.certificateAuthorityData;
  else if (cluster?.certificateAuthority) conn.caFile = cluster.certificateAuthority;
  if (cluster?.insecureSkipTlsVerify) conn.insecureSkipTlsVerify = true;
  const token = overrides.token ?? user.token;
  if (token) conn.token = token;
  else if (user.tokenFile) conn.tokenFile = user.tokenFile;
  return conn;
}

/** The kubeconfig paths kubectl would read: $KUBECONFIG (a path list), else ~/.kube/config. */
export function defaultKubeconfigPaths(env: Record<string, string | undefined> = process.env): string[] {
  const fromEnv = env['KUBECONFIG'];
  if (fromEnv) return fromEnv.split(delimiter).filter(Boolean);
  return [join(homedir(), '.kube', 'config')];
}

/** Reads and merges kubeconfig files; missing files in a list are skipped, as kubectl does. */
export async function loadKubeconfig(paths: string | string[] = defaultKubeconfigPaths()): Promise<Kubeconfig> {
  const list = typeof paths === 'string' ? [paths] : paths;
  const configs: Kubeconfig[] = [];
  for (const p of list) {
    let text: string;
    try {
      text = await readFile(p, 'utf8');
    } catch (err) {
      // An explicit single file must exist; in a list, absent files are ignored.
      if ((err as NodeJS.ErrnoException).code === 'ENOENT' && list.length > 1) continue;
      throw new KubeconfigError(`kubeconfig: cannot read ${p}: ${(err as Error).message}`);
    }
    configs.push(parseKubeconfig(text, p));
  }
  return mergeKubeconfigs(configs);
}

/** loadKubeconfig + resolveConnection, with the CA and token files read. */
export async function loadConnection(paths?: string | string[], overrides: ConnectionOverrides = {}): Promise<ClusterConnection> {
  const conn = resolveConnection(await loadKubeconfig(paths), overrides);
  if (conn.caFile) {
    conn.caPem = await readFile(conn.caFile, 'utf8');
    delete conn.caFile;
  }
  if (conn.tokenFile) {
    conn.token = (await readFile(conn.tokenFile, 'utf8')).trim();
    delete conn.tokenFile;
  }
  return conn;
}

function namedEntries(list: unknown, field: string): Array<{ name: string; value: Record<string, unknown> }> {
  if (list === undefined || list === null) return [];
  if (!Array.isArray(list)) throw new KubeconfigError(`kubeconfig: ${field}s must be a list`);
  const out: Array<{ name: string; value: Record<string, unknown> }> = [];
  for (const entry of list as Array<Record<string, unknown>>) {
    const name = str(entry?.['name']);
    if (!name) throw new KubeconfigError(`kubeconfig: a ${field} entry has no name`);
    const value = entry[field];
    out.push({ name, value: value && typeof value === 'object' ? (value as Record<string, unknown>) : {} });
  }
  return out;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

function resolvePath(p: string, base: string | undefined): string {
  return isAbsolute(p) || !base ? p : join(base, p);
}
