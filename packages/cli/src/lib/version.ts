/**
 * `kubelab version`: the client's version, and the server's from GET /version (the shape
 * kubectl version prints). Like kubectl, the client version is known without a server.
 */
import { apiGet } from './api-get.js';
import { KubelabError } from './errors.js';
import { connectToRunning } from './probe.js';

export interface ServerVersion {
  major: string;
  minor: string;
  gitVersion: string;
  platform?: string;
  [key: string]: unknown;
}

export interface Versions {
  clientVersion: { gitVersion: string; platform: string; nodeVersion: string };
  /** Absent with --client. */
  serverVersion?: ServerVersion;
}

export function clientVersion(version: string): Versions['clientVersion'] {
  const arch = process.arch === 'x64' ? 'amd64' : process.arch;
  return { gitVersion: `v${version}`, platform: `${process.platform}/${arch}`, nodeVersion: process.version };
}

/** GET /version of the running daemon; throws "kubelab is not running" when there is none. */
export async function serverVersion(dataDir: string): Promise<ServerVersion> {
  const res = await apiGet(await connectToRunning(dataDir), '/version');
  if (res.status !== 200) throw new KubelabError(`GET /version answered ${res.status}: ${res.body.trim().slice(0, 200)}`);
  return JSON.parse(res.body) as ServerVersion;
}
