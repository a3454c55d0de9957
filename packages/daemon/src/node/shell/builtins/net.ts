/**
 * Network tools: busybox wget and nc, curl 8, nslookup. Each resolves a name the way libc
 * does — an IP literal, then the kubelet-managed /etc/hosts, then DNS through the pluggable
 * network (network.ts) — connects through it, and reports each outcome in its own words:
 *
 *   wget: bad address 'web'                                   (no such name / no DNS)
 *   wget: can't connect to remote host (10.96.0.20): Connection refused
 *   curl: (6) Could not resolve host: web
 *   curl: (7) Failed to connect to 10.244.1.9 port 80 after 0 ms: Couldn't connect to server
 *   wget: server returned error: HTTP/1.1 404 Not Found
 */
import { type ConnectResult, type HttpAnswer, isIPv4 } from '../../network/network.js';
import { resolvePath } from '../fs.js';
import { type Executable, type Proc, fail } from '../process.js';
import { tool } from './basic.js';

type Lookup = { ip: string } | { error: 'bad-address' | 'timeout' };

/** Name → IP: literal, /etc/hosts, then DNS. */
export async function lookupHost(proc: Proc, host: string): Promise<Lookup> {
  if (isIPv4(host)) return { ip: host };
  const hosts = await readHosts(proc);
  const local = hosts.get(host);
  if (local) return { ip: local };
  const answer = await proc.host.network.resolve(host);
  if ('addresses' in answer && answer.addresses[0]) return { ip: answer.addresses[0] };
  return { error: 'error' in answer && answer.error === 'timeout' ? 'timeout' : 'bad-address' };
}

async function readHosts(proc: Proc): Promise<Map<string, string>> {
  const map = new Map<string, string>([['localhost', '127.0.0.1']]);
  try {
    for (const line of (await proc.host.fs.readFile('/etc/hosts')).split('\n')) {
      const [ip, ...names] = line.replace(/#.*/, '').trim().split(/\s+/);
      if (ip && isIPv4(ip)) for (const n of names) if (!map.has(n)) map.set(n, ip);
    }
  } catch {
    // No hosts file: localhost only.
  }
  return map;
}

interface ParsedUrl {
  scheme: string;
  host: string;
  port: number;
  path: string;
}

function parseUrl(raw: string): ParsedUrl | undefined {
  try {
    const u = new URL(/^[a-z]+:\/\//i.test(raw) ? raw : `http://${raw}`);
    const scheme = u.protocol.replace(':', '');
    return { scheme, host: u.hostname, port: u.port ? Number(u.port) : scheme === 'https' ? 443 : 80, path: `${u.pathname}${u.search}` };
  } catch {
    return undefined;
  }
}

/** Waits out a connection that never answers, as the tool's timeout would. */
async function timeoutWait(proc: Proc, seconds: number): Promise<void> {
  await proc.host.sleep(seconds * 1000);
}

const wget = tool('wget', async (proc, args) => {
  let quiet = false;
  let output: string | undefined;
  let spider = false;
  let timeout = 900;
  let userAgent = 'Wget';
  const headers: Record<string, string> = {};
  const urls: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '-q' || a === '--quiet') quiet = true;
    else if (a === '-qO' || a === '-O' || a === '--output-document') output = args[++i];
    else if (a.startsWith('-qO') || (a.startsWith('-O') && a.length > 2)) {
      quiet ||= a.startsWith('-q');
      output = a.slice(a.indexOf('O') + 1);
    } else if (a.startsWith('--output-document=')) output = a.slice(18);
    else if (a === '--spider') spider = true;
    else if (a === '-T') timeout = Number(args[++i]);
    else if (a.startsWith('--timeout=')) timeout = Number(a.slice(10));
    else if (a === '-U') userAgent = args[++i] ?? userAgent;
    else if (a === '--header') {
      const [k, ...v] = (args[++i] ?? '').split(':');
      if (k) headers[k.trim()] = v.join(':').trim();
    } else if (a === '-S' || a === '-s' || a === '-c' || a === '--no-check-certificate') continue;
    else if (a.startsWith('-')) return fail(proc, `unrecognized option '${a}'`);
    else urls.push(a);
  }
  if (urls.length === 0) {
    proc.stderr.write('BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\nUsage: wget [-cqS] [--spider] [-O FILE] [-o LOGFILE] [--header STR]\n\t[--post-data STR | --post-file FILE] [-Y on/off]\n\t[-P DIR] [-U AGENT] [-T SEC] URL...\n');
    return 1;
  }
  for (const raw of urls) {
    const url = parseUrl(raw);
    if (!url) return fail(proc, `not an http or ftp url: ${raw}`);
    const found = await lookupHost(proc, url.host);
    if ('error' in found) return fail(proc, `bad address '${url.host}'`);
    if (!quiet) proc.stderr.write(`Connecting to ${url.host} (${found.ip}:${url.port})\n`);
    const result = await proc.host.network.connect({
      ip: found.ip,
      port: url.port,
      protocol: 'TCP',
      http: { method: spider ? 'HEAD' : 'GET', path: url.path, host: url.host, headers: { 'User-Agent': userAgent, ...headers } },
    });
    const failed = await connectFailure(proc, result, found.ip, timeout, 'wget');
    if (failed !== undefined) return failed;
    const answer = (result as { http?: HttpAnswer }).http;
    if (!answer) return fail(proc, 'error getting response: Connection reset by peer');
    if (answer.status >= 400) return fail(proc, `server returned error: HTTP/1.1 ${answer.status} ${answer.statusText}`);
    if (spider) {
      if (!quiet) proc.stderr.write('remote file exists\n');
      continue;
    }
    const target = output ?? (url.path.split('?')[0]!.split('/').pop() || 'index.html');
    if (target === '-') {
      if (!quiet) proc.stderr.write('writing to stdout\n');
      proc.stdout.write(answer.body);
      if (!quiet) proc.stderr.write(`-                    100% |********************************| ${String(answer.body.length).padStart(5)}  0:00:00 ETA\nwritten to stdout\n`);
      continue;
    }
    if (!quiet) proc.stderr.write(`saving to '${target}'\n`);
    await proc.host.fs.writeFile(resolvePath(proc.cwd, target), answer.body);
    if (!quiet) proc.stderr.write(`${target.padEnd(20)} 100% |********************************| ${String(answer.body.length).padStart(5)}  0:00:00 ETA\n'${target}' saved\n`);
  }
  return 0;
});

/** The exit status and message of a failed connection (undefined when connected). */
async function connectFailure(proc: Proc, result: ConnectResult, ip: string, timeoutSeconds: number, who: 'wget' | 'nc'): Promise<number | undefined> {
  switch (result.outcome) {
    case 'connected':
      return undefined;
    case 'refused':
      return fail(proc, `can't connect to remote host (${ip}): Connection refused`);
    case 'unreachable':
      return fail(proc, `can't connect to remote host (${ip}): No route to host`);
    case 'timeout':
      await timeoutWait(proc, timeoutSeconds);
      return fail(proc, who === 'wget' ? 'download timed out' : `can't connect to remote host (${ip}): Connection timed out`);
  }
}

const nc = tool('nc', async (proc, args) => {
  let zero = false;
  let verbose = false;
  let timeout = 120;
  const operands: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '-w') timeout = Number(args[++i]);
    else if (/^-[zvnuw]+$/.test(a)) {
      zero ||= a.includes('z');
      verbose ||= a.includes('v');
    } else operands.push(a);
  }
  const [host, port] = operands;
  if (!host || !port) return fail(proc, 'usage: nc [-zv] [-w SEC] HOST PORT');
  const found = await lookupHost(proc, host);
  if ('error' in found) return fail(proc, `bad address '${host}'`);
  const result = await proc.host.network.connect({ ip: found.ip, port: Number(port), protocol: args.includes('-u') ? 'UDP' : 'TCP' });
  const failed = await connectFailure(proc, result, found.ip, timeout, 'nc');
  if (failed !== undefined) return failed;
  if (verbose) proc.stderr.write(`${host} (${found.ip}:${port}) open\n`);
  if (!zero && result.outcome === 'connected' && result.banner) proc.stdout.write(result.banner);
  return 0;
});

async function nameserver(proc: Proc): Promise<string> {
  try {
    const m = /^nameserver\s+(\S+)/m.exec(await proc.host.fs.readFile('/etc/resolv.conf'));
    if (m) return m[1]!;
  } catch {
    // none
  }
  return '10.96.0.10';
}

const nslookup = tool('nslookup', async (proc, args) => {
  const name = args.find((a) => !a.startsWith('-'));
  if (!name) return fail(proc, 'usage: nslookup HOST [DNS_SERVER]');
  const server = await nameserver(proc);
  const answer = await proc.host.network.resolve(name);
  if ('error' in answer && answer.error === 'timeout') {
    proc.stdout.write(';; connection timed out; no servers could be reached\n\n');
    return 1;
  }
  proc.stdout.write(`Server:\t\t${answer.server ?? server}\nAddress:\t${answer.server ?? server}:53\n\n`);
  if ('error' in answer) {
    proc.stdout.write(`** server can't find ${name}: NXDOMAIN\n\n`);
    return 1;
  }
  for (const ip of answer.addresses) proc.stdout.write(`Name:\t${answer.name ?? name}\nAddress: ${ip}\n`);
  proc.stdout.write('\n');
  return 0;
});

export const NET_TOOLS: Executable[] = [wget, nc, nslookup];
