/**
 * Reading a kubeconfig the way kubectl does for its current context: the server, the
 * certificate authority to trust and the bearer token. kubelabd writes one per data directory
 * (a self-signed serving certificate as the CA, a token made once and kept).
 */
import { readFileSync } from 'node:fs';
import { KubelabError } from './errors.js';
import { scanKubeconfig } from './kubeconfig-scan.js';

export interface Connection {
  /** https://127.0.0.1:PORT */
  server: string;
  caPem: string;
  token: string;
}

export async function readConnection(path: string): Promise<Connection> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new KubelabError(`cannot read the kubeconfig ${path}: ${(err as Error).message}`);
  }
  return connectionOf(scanKubeconfig(text) ?? (await parseYaml(text, path)), path);
}

async function parseYaml(text: string, path: string): Promise<Record<string, unknown>> {
  const { parse } = await import('yaml');
  try {
    return (parse(text) ?? {}) as Record<string, unknown>;
  } catch (err) {
    throw new KubelabError(`kubeconfig ${path} is not valid YAML: ${(err as Error).message}`);
  }
}

/** The connection of a parsed kubeconfig's current context; `path` is only for messages. */
export function connectionOf(config: Record<string, unknown>, path: string): Connection {
  const bad = (what: string) => new KubelabError(`kubeconfig ${path}: ${what}`);
  const current = config['current-context'];
  if (typeof current !== 'string' || !current) throw bad('no current-context');
  const context = entry(config['contexts'], current, 'context');
  if (!context) throw bad(`context "${current}" not found`);
  const cluster = entry(config['clusters'], String(context['cluster']), 'cluster');
  const user = entry(config['users'], String(context['user']), 'user');
  if (!cluster || typeof cluster['server'] !== 'string') throw bad(`cluster "${String(context['cluster'])}" has no server`);
  const ca = cluster['certificate-authority-data'];
  if (typeof ca !== 'string') throw bad(`cluster "${String(context['cluster'])}" has no certificate-authority-data`);
  if (!user || typeof user['token'] !== 'string') throw bad(`user "${String(context['user'])}" has no token`);
  return { server: cluster['server'], caPem: Buffer.from(ca, 'base64').toString('utf8'), token: user['token'] };
}

/** The body (`cluster:`, `user:`, `context:`) of the list item with that name. */
function entry(list: unknown, name: string, field: string): Record<string, unknown> | undefined {
  if (!Array.isArray(list)) return undefined;
  const item = (list as (Record<string, unknown> | null)[]).find((i) => i?.['name'] === name);
  const body = item?.[field];
  return typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : undefined;
}
