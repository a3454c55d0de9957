/**
 * A throwaway HTTP server that answers the real kubectl the way kube-apiserver would for
 * `kubectl get`: legacy discovery built from kubelab's registry, and fixed Table responses
 * per path. It lets tests hand kubectl the very tables our text renderer renders, and
 * compare the two outputs byte for byte.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RESOURCES, groupVersions } from '../../src/api/registry.js';
import type { Table } from '../../src/print/table-types.js';

export const KUBECTL = '/usr/bin/kubectl';
export const kubectlAvailable = existsSync(KUBECTL);

export interface FakeApiServer {
  /** Serves this table for GETs of the path; other paths answer 404. */
  serve(path: string, table: Table): void;
  /** Serves a paged list: page i answers `?continue=page-<i>`, and carries the next token. */
  servePages(path: string, pages: Table[]): void;
  /** Forgets every table served so far. */
  reset(): void;
  /** Runs kubectl with the arguments against the server; resolves with stdout and stderr. */
  kubectl(...args: string[]): Promise<{ stdout: string; stderr: string }>;
  close(): Promise<void>;
}

export async function startFakeApiServer(): Promise<FakeApiServer> {
  const tables = new Map<string, Table>();
  const server = createServer((req, res) => handle(req, res, tables));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const dir = mkdtempSync(join(tmpdir(), 'kubelab-kubectl-'));
  const kubeconfig = join(dir, 'config');
  writeFileSync(
    kubeconfig,
    [
      'apiVersion: v1',
      'kind: Config',
      'clusters: [{name: fake, cluster: {server: "http://127.0.0.1:' + port + '"}}]',
      'users: [{name: fake, user: {}}]',
      'contexts: [{name: fake, context: {cluster: fake, user: fake, namespace: default}}]',
      'current-context: fake',
      '',
    ].join('\n'),
  );
  return {
    serve: (path, table) => void tables.set(path, table),
    servePages: (path, pages) =>
      pages.forEach((page, i) => {
        const next = i + 1 < pages.length ? { continue: `page-${i + 1}` } : {};
        tables.set(i === 0 ? path : `${path}?continue=page-${i}`, { ...page, metadata: { ...page.metadata, ...next } });
      }),
    reset: () => tables.clear(),
    kubectl: (...args) =>
      new Promise((resolve, reject) => {
        execFile(
          KUBECTL,
          [`--kubeconfig=${kubeconfig}`, `--cache-dir=${join(dir, 'cache')}`, ...args],
          { env: { PATH: process.env['PATH'] ?? '', HOME: dir }, timeout: 30_000 },
          // A non-zero exit still resolves: tests compare what kubectl printed.
          (err, stdout, stderr) => (err && typeof err.code !== 'number' ? reject(err) : resolve({ stdout, stderr })),
        );
      }),
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function handle(req: IncomingMessage, res: ServerResponse, tables: Map<string, Table>): void {
  const url = new URL(req.url ?? '/', 'http://x');
  const token = url.searchParams.get('continue');
  const path = url.pathname;
  const body = discovery(path) ?? tables.get(token ? `${path}?continue=${token}` : path);
  if (body === undefined) {
    res.writeHead(404, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'NotFound', code: 404, message: 'not found' }));
    return;
  }
  res.writeHead(200, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
}

function discovery(path: string): unknown {
  if (path === '/api') return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [] };
  if (path === '/apis') {
    return {
      kind: 'APIGroupList',
      apiVersion: 'v1',
      groups: groupVersions()
        .filter((gv) => gv.group !== '')
        .map((gv) => {
          const v = { groupVersion: `${gv.group}/${gv.version}`, version: gv.version };
          return { name: gv.group, versions: [v], preferredVersion: v };
        }),
    };
  }
  const m = /^\/(?:api\/(v1)|apis\/([^/]+)\/([^/]+))$/.exec(path);
  if (!m) return undefined;
  const group = m[1] ? '' : m[2]!;
  const version = m[1] ?? m[3]!;
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: group ? `${group}/${version}` : version,
    resources: RESOURCES.filter((r) => r.group === group && r.version === version).map((r) => ({
      name: r.plural,
      singularName: r.singular,
      namespaced: r.namespaced,
      kind: r.kind,
      verbs: r.verbs,
      ...(r.shortNames.length ? { shortNames: r.shortNames } : {}),
      ...(r.categories.length ? { categories: r.categories } : {}),
    })),
  };
}
