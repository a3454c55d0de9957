/**
 * A server of the image catalogue (image-spec.ts ServerSpec) answering connections: a TCP
 * accept (with the greeting, if it sends one), or an HTTP answer — the first matching route,
 * else a file under its static root (index file for directories, or a listing), else its
 * 404 page — with the access log line the real server would write for the request.
 */
import type { HttpAnswer, HttpRequest } from '../network/network.js';
import { statusText } from '../network/network.js';
import { resolvePath } from '../shell/fs.js';
import type { ConnectionHandler, Proc } from '../shell/process.js';
import type { HttpServerSpec, ServerSpec } from './image-spec.js';
import { type TemplateContext, parseDuration, render } from './template.js';

export interface ServerBinding {
  spec: ServerSpec;
  proc: Proc;
  port: number;
  /** The program's arguments (templates may read flags). */
  args: readonly string[];
  startedAt: number;
}

export function serverHandler(b: ServerBinding): ConnectionHandler {
  return async ({ client, http }) => {
    const base: TemplateContext = {
      vars: varsOf(b.proc),
      now: b.proc.host.now(),
      args: b.args,
      client,
      server: { ip: b.proc.host.network.source.ip, port: b.port },
      uptimeMs: b.proc.host.now() - b.startedAt,
    };
    if (!http) return b.spec.banner ? { banner: render(b.spec.banner, base) } : {};
    if (!b.spec.http) return {};
    const ctx = { ...base, request: http };
    const answer = await answerHttp(b.spec.http, b.proc, ctx);
    if (b.spec.http.accessLog) {
      const line = render(b.spec.http.accessLog, { ...ctx, response: { status: answer.status, bytes: Buffer.byteLength(answer.body) } });
      b.proc.stdout.write(`${line}\n`);
    }
    return { http: answer };
  };
}

/** The environment templates see: the process's, plus HOSTNAME and POD_IP. */
export function varsOf(proc: Proc): Map<string, string> {
  const vars = new Map(proc.env);
  if (!vars.has('HOSTNAME')) vars.set('HOSTNAME', proc.host.hostname);
  vars.set('POD_IP', proc.host.network.source.ip);
  return vars;
}

async function answerHttp(spec: HttpServerSpec, proc: Proc, ctx: TemplateContext & { request: HttpRequest }): Promise<HttpAnswer> {
  const path = ctx.request.path.split('?')[0] || '/';
  const headers = Object.fromEntries(Object.entries(spec.headers ?? {}).map(([k, v]) => [k, render(v, ctx)]));
  const reply = (status: number, body: string, extra: Record<string, string> = {}): HttpAnswer => {
    const text = ctx.request.method === 'HEAD' ? '' : body;
    return {
      status,
      statusText: statusText(status),
      headers: { ...headers, ...extra, 'Content-Length': String(Buffer.byteLength(body)) },
      body: text,
    };
  };
  for (const r of spec.routes ?? []) {
    if (r.path !== '*' && r.path !== path) continue;
    if (r.method && r.method !== ctx.request.method) continue;
    if (r.until && (ctx.uptimeMs ?? 0) >= parseDuration(r.until)) continue;
    return reply(r.status ?? 200, render(r.body ?? '', ctx), r.headers);
  }
  if (spec.root !== undefined) {
    const root = resolvePath(proc.cwd, spec.root);
    const file = resolvePath(root, `.${decodeURIComponent(path)}`);
    const st = await proc.host.fs.stat(file);
    if (st?.kind === 'file') return reply(200, await proc.host.fs.readFile(file));
    if (st?.kind === 'dir') {
      const index = resolvePath(file, spec.index ?? 'index.html');
      if ((await proc.host.fs.stat(index))?.kind === 'file') return reply(200, await proc.host.fs.readFile(index));
      if (spec.listDirectories) return reply(200, await listing(proc, file, path));
      return reply(403, '<html>\n<head><title>403 Forbidden</title></head>\n<body>\n<center><h1>403 Forbidden</h1></center>\n</body>\n</html>\n');
    }
  }
  const nf = spec.notFound ?? { status: 404, body: '404 page not found\n' };
  return reply(nf.status, render(nf.body, ctx), nf.headers);
}

/** A directory listing in the style of python's http.server. */
async function listing(proc: Proc, dir: string, path: string): Promise<string> {
  const entries = await proc.host.fs.readDir(dir);
  const items = entries
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .map((e) => `<li><a href="${e.name}${e.kind === 'dir' ? '/' : ''}">${e.name}${e.kind === 'dir' ? '/' : ''}</a></li>`)
    .join('\n');
  return `<!DOCTYPE HTML>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>Directory listing for ${path}</title>\n</head>\n<body>\n<h1>Directory listing for ${path}</h1>\n<hr>\n<ul>\n${items}\n</ul>\n<hr>\n</body>\n</html>\n`;
}
