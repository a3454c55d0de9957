/**
 * A loopback HTTP server that answers the real kubectl the way kube-apiserver would for
 * `kubectl explain` and field validation: legacy discovery (APIVersions, APIGroupList,
 * APIResourceList) built from the registry, and kubelab's /openapi/v3 and /openapi/v2
 * documents; POSTs are echoed back as created. It records every request so tests can show
 * what kubectl asks for.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RESOURCES, groupVersions } from '../../src/api/registry.js';
import { openAPIV2Response } from '../../src/schema/openapi-v2.js';
import { openAPIV3Document, openAPIV3Root } from '../../src/schema/openapi-v3.js';

export const KUBECTL = '/usr/bin/kubectl';
export const kubectlAvailable = existsSync(KUBECTL);

export interface RecordedRequest {
  method: string;
  /** Path with query string. */
  url: string;
  accept: string;
  status: number;
}

export interface OpenAPIServer {
  requests: RecordedRequest[];
  /** Runs kubectl against the server with a fresh cache; resolves with its output and exit code. */
  kubectl(...args: string[]): Promise<{ stdout: string; stderr: string; code: number }>;
  close(): Promise<void>;
}

export async function startOpenAPIServer(): Promise<OpenAPIServer> {
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const status = handle(req, res, Buffer.concat(chunks).toString('utf8'));
      requests.push({ method: req.method ?? 'GET', url: req.url ?? '/', accept: String(req.headers.accept ?? ''), status });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const dir = mkdtempSync(join(tmpdir(), 'kubelab-openapi-'));
  const kubeconfig = join(dir, 'config');
  writeFileSync(
    kubeconfig,
    [
      'apiVersion: v1',
      'kind: Config',
      `clusters: [{name: lab, cluster: {server: "http://127.0.0.1:${port}"}}]`,
      'users: [{name: lab, user: {token: any-token}}]',
      'contexts: [{name: lab, context: {cluster: lab, user: lab, namespace: default}}]',
      'current-context: lab',
      '',
    ].join('\n'),
  );
  return {
    requests,
    kubectl: (...args) =>
      new Promise((resolve, reject) => {
        execFile(
          KUBECTL,
          [`--kubeconfig=${kubeconfig}`, `--cache-dir=${join(dir, 'cache')}`, ...args],
          { env: { PATH: process.env['PATH'] ?? '', HOME: dir, KUBECACHEDIR: join(dir, 'cache') }, timeout: 30_000 },
          (err, stdout, stderr) => {
            if (err && typeof err.code !== 'number') reject(err);
            else resolve({ stdout, stderr, code: typeof err?.code === 'number' ? err.code : 0 });
          },
        );
      }),
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function send(res: ServerResponse, status: number, body: string): number {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(body);
  return status;
}

function handle(req: IncomingMessage, res: ServerResponse, body: string): number {
  const url = new URL(req.url ?? '/', 'http://x');
  const path = url.pathname;
  // Writes are echoed back as created, which is all a dry-run create needs to print.
  if (req.method === 'POST') return send(res, 201, body);
  if (path === '/openapi/v3') return send(res, 200, openAPIV3Root().json);
  if (path.startsWith('/openapi/v3/')) {
    const doc = openAPIV3Document(path.slice('/openapi/v3/'.length));
    if (doc) return send(res, 200, doc.json);
  }
  if (path === '/openapi/v2') {
    const answer = openAPIV2Response(req.headers.accept);
    if (!answer) return send(res, 406, '{}');
    res.writeHead(200, { 'Content-Type': answer.contentType, ETag: JSON.stringify(answer.etag) });
    res.end(answer.body);
    return 200;
  }
  const listing = discovery(path);
  if (listing !== undefined) return send(res, 200, JSON.stringify(listing));
  return send(res, 404, JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'NotFound', code: 404, message: 'not found' }));
}

function discovery(path: string): unknown {
  if (path === '/api') return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: '127.0.0.1' }] };
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
  const group = m[1] ? '' : (m[2] ?? '');
  const version = m[1] ?? m[3] ?? '';
  const served = RESOURCES.filter((r) => r.group === group && r.version === version);
  if (served.length === 0) return undefined;
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: group ? `${group}/${version}` : version,
    resources: served.flatMap((r) => [
      {
        name: r.plural,
        singularName: r.singular,
        namespaced: r.namespaced,
        kind: r.kind,
        verbs: r.verbs,
        ...(r.shortNames.length ? { shortNames: r.shortNames } : {}),
        ...(r.categories.length ? { categories: r.categories } : {}),
      },
      ...r.subresources.map((s) => ({ name: `${r.plural}/${s}`, singularName: '', namespaced: r.namespaced, kind: r.kind, verbs: ['get', 'patch', 'update'] })),
    ]),
  };
}
