/**
 * `kubelab version`: the client's version, and the server's from GET /version (the shape
 * kubectl version prints). Like kubectl, the client version is known without a server.
 */

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
