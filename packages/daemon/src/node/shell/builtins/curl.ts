/**
 * curl 8 (curlimages/curl, and the curl in nginx's and node's images): GET/HEAD/POST with
 * -X -H -d, -o/-O, -i/-I, -v, -s/-S, -f, -L, -w '%{http_code}', -m/--connect-timeout.
 * Exit codes and messages are curl's: 6 could not resolve, 7 could not connect, 22 HTTP
 * error with -f, 28 timed out. Without -s, the progress meter goes to stderr, as it does
 * whenever curl's output is not a terminal — which is what `kubectl logs` shows.
 */
import type { HttpAnswer } from '../../network/network.js';
import { resolvePath } from '../fs.js';
import type { Proc } from '../process.js';
import { tool } from './basic.js';
import { lookupHost } from './net.js';

const VERSION = '8.11.1';

interface CurlOptions {
  silent: boolean;
  showError: boolean;
  output: string | undefined;
  remoteName: boolean;
  head: boolean;
  include: boolean;
  verbose: boolean;
  fail: boolean;
  follow: boolean;
  method: string | undefined;
  data: string | undefined;
  headers: Record<string, string>;
  writeOut: string | undefined;
  maxTime: number | undefined;
  connectTimeout: number | undefined;
  urls: string[];
}

function parseArgs(args: string[]): CurlOptions | string {
  const o: CurlOptions = {
    silent: false, showError: false, output: undefined, remoteName: false, head: false, include: false, verbose: false,
    fail: false, follow: false, method: undefined, data: undefined, headers: {}, writeOut: undefined, maxTime: undefined,
    connectTimeout: undefined, urls: [],
  };
  const takes = new Set(['-o', '-X', '-H', '-d', '-w', '-m', '--output', '--request', '--header', '--data', '--data-raw', '--write-out', '--max-time', '--connect-timeout', '-A', '--user-agent']);
  for (let i = 0; i < args.length; i++) {
    let a = args[i]!;
    let value: string | undefined;
    if (a.startsWith('--') && a.includes('=')) {
      value = a.slice(a.indexOf('=') + 1);
      a = a.slice(0, a.indexOf('='));
    } else if (takes.has(a)) value = args[++i];
    else if (/^-[a-zA-Z]{2,}$/.test(a)) {
      // Bundled short flags ("-sS", "-fsSL", "-sSo file").
      const chars = a.slice(1).split('');
      for (const c of chars) {
        if ('oXHdwm'.includes(c)) {
          const r = parseArgs([`-${c}`, args[++i] ?? '']);
          if (typeof r === 'string') return r;
          Object.assign(o, pick(r));
        } else {
          const r = parseArgs([`-${c}`]);
          if (typeof r === 'string') return r;
          Object.assign(o, pick(r));
        }
      }
      continue;
    }
    switch (a) {
      case '-s': case '--silent': o.silent = true; break;
      case '-S': case '--show-error': o.showError = true; break;
      case '-o': case '--output': o.output = value; break;
      case '-O': case '--remote-name': o.remoteName = true; break;
      case '-I': case '--head': o.head = true; break;
      case '-i': case '--include': o.include = true; break;
      case '-v': case '--verbose': o.verbose = true; break;
      case '-f': case '--fail': o.fail = true; break;
      case '-L': case '--location': o.follow = true; break;
      case '-k': case '--insecure': case '-4': case '--http1.1': break;
      case '-X': case '--request': o.method = value; break;
      case '-H': case '--header': {
        const [k, ...v] = (value ?? '').split(':');
        if (k) o.headers[k.trim()] = v.join(':').trim();
        break;
      }
      case '-A': case '--user-agent': o.headers['User-Agent'] = value ?? ''; break;
      case '-d': case '--data': case '--data-raw': o.data = value; break;
      case '-w': case '--write-out': o.writeOut = value; break;
      case '-m': case '--max-time': o.maxTime = Number(value); break;
      case '--connect-timeout': o.connectTimeout = Number(value); break;
      default:
        if (a.startsWith('-')) return `option ${a}: is unknown`;
        o.urls.push(a);
    }
  }
  return o;
}

/** The fields a bundled flag set (so "-sS" merges without resetting others). */
function pick(r: CurlOptions): Partial<CurlOptions> {
  const out: Partial<CurlOptions> = {};
  for (const [k, v] of Object.entries(r) as Array<[keyof CurlOptions, unknown]>) {
    if (k === 'urls' || k === 'headers') continue;
    if (v !== false && v !== undefined) (out as Record<string, unknown>)[k] = v;
  }
  if (Object.keys(r.headers).length) out.headers = r.headers;
  return out;
}

function error(proc: Proc, o: CurlOptions, code: number, message: string): number {
  if (!o.silent || o.showError) proc.stderr.write(`curl: (${code}) ${message}\n`);
  return code;
}

function progress(proc: Proc, o: CurlOptions, bytes: number): void {
  if (o.silent || o.verbose) return;
  const b = String(bytes).padStart(5);
  proc.stderr.write(
    '  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current\n' +
      '                                 Dload  Upload   Total   Spent    Left  Speed\n' +
      `\r  0     0    0     0    0     0      0      0 --:--:-- --:--:-- --:--:--     0\r100 ${b}  100 ${b}    0     0   ${b}      0 --:--:-- --:--:-- --:--:--  ${b}\n`,
  );
}

function headerBlock(a: HttpAnswer): string {
  return `HTTP/1.1 ${a.status} ${a.statusText}\r\n${Object.entries(a.headers).map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`;
}

export const curl = tool('curl', async (proc, args) => {
  const o = parseArgs(args);
  if (typeof o === 'string') {
    proc.stderr.write(`curl: ${o}\ncurl: try 'curl --help' or 'curl --manual' for more information\n`);
    return 2;
  }
  if (o.urls.length === 0) {
    proc.stderr.write("curl: try 'curl --help' or 'curl --manual' for more information\n");
    return 2;
  }
  let status = 0;
  for (let raw of o.urls) {
    for (let redirects = 0; ; redirects++) {
      const u = parseUrl(raw);
      if (!u) return error(proc, o, 3, `URL rejected: Malformed input to a URL function`);
      const found = await lookupHost(proc, u.host);
      if ('error' in found) return error(proc, o, 6, `Could not resolve host: ${u.host}`);
      const method = o.method ?? (o.head ? 'HEAD' : o.data !== undefined ? 'POST' : 'GET');
      if (o.verbose) proc.stderr.write(`*   Trying ${found.ip}:${u.port}...\n`);
      const result = await proc.host.network.connect({
        ip: found.ip,
        port: u.port,
        protocol: 'TCP',
        http: { method, path: u.path, host: u.host, headers: { 'User-Agent': `curl/${VERSION}`, Accept: '*/*', ...o.headers }, body: o.data },
      });
      if (result.outcome === 'timeout') {
        const seconds = o.connectTimeout ?? o.maxTime ?? 300;
        await proc.host.sleep(seconds * 1000);
        return error(proc, o, 28, `Connection timed out after ${seconds * 1000 + 1} milliseconds`);
      }
      if (result.outcome !== 'connected') {
        return error(proc, o, 7, `Failed to connect to ${u.host} port ${u.port} after 0 ms: Couldn't connect to server`);
      }
      const answer = result.http;
      if (!answer) return error(proc, o, 52, 'Empty reply from server');
      if (o.verbose) {
        proc.stderr.write(`* Connected to ${u.host} (${found.ip}) port ${u.port}\n> ${method} ${u.path} HTTP/1.1\n> Host: ${u.host}${u.port === 80 ? '' : `:${u.port}`}\n> User-Agent: curl/${VERSION}\n> Accept: */*\n>\n`);
        proc.stderr.write(headerBlock(answer).split('\r\n').map((l) => `< ${l}`).join('\n').replace(/< $/, '') + '\n');
      }
      const location = answer.headers['Location'];
      if (o.follow && location && answer.status >= 300 && answer.status < 400 && redirects < 50) {
        raw = location.startsWith('/') ? `${u.scheme}://${u.host}:${u.port}${location}` : location;
        continue;
      }
      if (o.fail && answer.status >= 400) {
        status = error(proc, o, 22, `The requested URL returned error: ${answer.status}`);
        break;
      }
      let out = '';
      if (o.head || o.include) out += headerBlock(answer);
      if (!o.head) out += answer.body;
      const file = o.output ?? (o.remoteName ? u.path.split('/').pop() || 'index.html' : undefined);
      if (file && file !== '-') {
        progress(proc, o, answer.body.length);
        await proc.host.fs.writeFile(resolvePath(proc.cwd, file), out);
      } else {
        progress(proc, o, answer.body.length);
        proc.stdout.write(out);
      }
      if (o.writeOut) {
        proc.stdout.write(
          o.writeOut
            .replace(/%\{http_code\}|%\{response_code\}/g, String(answer.status))
            .replace(/%\{remote_ip\}/g, found.ip)
            .replace(/%\{time_total\}/g, '0.001000')
            .replace(/\\n/g, '\n'),
        );
      }
      if (o.verbose) proc.stderr.write(`* Connection #0 to host ${u.host} left intact\n`);
      break;
    }
  }
  return status;
});

function parseUrl(raw: string): { scheme: string; host: string; port: number; path: string } | undefined {
  try {
    const u = new URL(/^[a-z]+:\/\//i.test(raw) ? raw : `http://${raw}`);
    const scheme = u.protocol.replace(':', '');
    return { scheme, host: u.hostname, port: u.port ? Number(u.port) : scheme === 'https' ? 443 : 80, path: `${u.pathname}${u.search}` };
  } catch {
    return undefined;
  }
}
