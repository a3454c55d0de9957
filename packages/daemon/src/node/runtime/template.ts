/**
 * The template language of the image catalogue (fixtures/images/README.md): how a log line,
 * a page or a port in the data becomes text for one process or one request.
 *
 *   ${VAR} ${VAR:-default}          the process environment (plus HOSTNAME, POD_IP)
 *   {{date:%Y/%m/%d %H:%M:%S}}      the clock, strftime in UTC
 *   {{arg:1}} {{arg:3|8000}}        the program's arguments (with a default)
 *   {{flag:--port}} {{flag:-text}}  the value of a flag ("--port 80", "--port=80")
 *   {{request.method}} {{request.path}} {{request.host}} {{request.header.User-Agent}}
 *   {{request.query.msg}} {{request.headerLines}} {{client.ip}} {{client.port}}
 *   {{server.ip}} {{server.port}} {{response.status}} {{response.bytes}} {{uptime}}
 */
import type { HttpRequest } from '../network/network.js';
import { strftime } from '../shell/builtins/basic.js';

export interface TemplateContext {
  /** The environment, with HOSTNAME and POD_IP. */
  vars: ReadonlyMap<string, string>;
  now: number;
  /** The program's arguments (argv without argv[0]). */
  args?: readonly string[];
  request?: HttpRequest;
  client?: { ip: string; port: number };
  server?: { ip: string; port: number };
  response?: { status: number; bytes: number };
  uptimeMs?: number;
}

export function render(template: string, ctx: TemplateContext): string {
  return template
    .replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g, (_m, name: string, fallback: string | undefined) => {
      const v = ctx.vars.get(name);
      return v === undefined || (v === '' && fallback !== undefined) ? (fallback ?? '') : v;
    })
    .replace(/\{\{([^}]+)\}\}/g, (m, expr: string) => expression(expr.trim(), ctx) ?? m);
}

function expression(expr: string, ctx: TemplateContext): string | undefined {
  const colon = expr.indexOf(':');
  const head = colon < 0 ? expr : expr.slice(0, colon);
  const rest = colon < 0 ? '' : expr.slice(colon + 1);
  const [arg, fallback] = splitDefault(rest);
  switch (head) {
    case 'date':
      return strftime(rest, ctx.now);
    case 'arg':
      return ctx.args?.[Number(arg) - 1] ?? fallback;
    case 'flag':
      return flagValue(ctx.args ?? [], arg) ?? fallback;
    case 'uptime':
      return `${((ctx.uptimeMs ?? 0) / 1000).toFixed(3)}s`;
  }
  const req = ctx.request;
  if (expr.startsWith('request.header.')) {
    const name = expr.slice('request.header.'.length).toLowerCase();
    return Object.entries(req?.headers ?? {}).find(([k]) => k.toLowerCase() === name)?.[1] ?? '';
  }
  if (expr.startsWith('request.query.')) {
    const q = new URLSearchParams((req?.path ?? '').split('?')[1] ?? '');
    return q.get(expr.slice('request.query.'.length)) ?? '';
  }
  switch (expr) {
    case 'request.method':
      return req?.method ?? '';
    case 'request.path':
      return req?.path ?? '';
    case 'request.host':
      return req?.host ?? '';
    case 'request.headerLines':
      return Object.entries(req?.headers ?? {})
        .map(([k, v]) => `${k}: ${v}`)
        .join('\n');
    case 'client.ip':
      return ctx.client?.ip ?? '';
    case 'client.port':
      return String(ctx.client?.port ?? '');
    case 'server.ip':
      return ctx.server?.ip ?? '';
    case 'server.port':
      return String(ctx.server?.port ?? '');
    case 'response.status':
      return String(ctx.response?.status ?? '');
    case 'response.bytes':
      return String(ctx.response?.bytes ?? 0);
  }
  return undefined;
}

function splitDefault(s: string): [string, string | undefined] {
  const bar = s.lastIndexOf('|');
  return bar < 0 ? [s, undefined] : [s.slice(0, bar), s.slice(bar + 1)];
}

/** The value given to a flag: "--port 80", "--port=80", "-text hello", "-text=hello". */
export function flagValue(args: readonly string[], name: string): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === name) return args[i + 1];
    if (a.startsWith(`${name}=`)) return a.slice(name.length + 1);
  }
  return undefined;
}

/** "150ms", "2s", "1m", "1.5" (seconds), 500 (ms) → ms. */
export function parseDuration(value: string | number): number {
  if (typeof value === 'number') return value;
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(value.trim());
  if (!m) throw new Error(`invalid duration "${value}"`);
  const n = Number(m[1]);
  return n * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[(m[2] ?? 's') as 'ms' | 's' | 'm' | 'h'];
}

/** "72MB", "320KB", "1.2GB", "360Mi", "250M", 1024 → bytes (decimal units for MB/KB/GB and M/K/G). */
export function parseSize(value: string | number): number {
  if (typeof value === 'number') return value;
  const m = /^(\d+(?:\.\d+)?)\s*(B|KB|MB|GB|K|M|G|Ki|Mi|Gi|KiB|MiB|GiB)?$/.exec(value.trim());
  if (!m) throw new Error(`invalid size "${value}"`);
  const unit: Record<string, number> = { B: 1, KB: 1e3, MB: 1e6, GB: 1e9, K: 1e3, M: 1e6, G: 1e9, Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3, KiB: 1024, MiB: 1024 ** 2, GiB: 1024 ** 3 };
  return Math.round(Number(m[1]) * unit[m[2] ?? 'B']!);
}

/** A port from a template's result: "8080", ":5678", "0.0.0.0:80"; undefined when empty. */
export function parsePort(value: string): number | undefined {
  const m = /(\d+)$/.exec(value.trim());
  if (!m) return undefined;
  const n = Number(m[1]);
  return n > 0 && n < 65536 ? n : undefined;
}
