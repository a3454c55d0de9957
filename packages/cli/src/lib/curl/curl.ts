/**
 * `kubelab curl URL`: curl run on the host, outside the cluster — the request travels the
 * cluster's data path from the nodes' network (the daemon's DataPlane.curl): to
 * NODE_IP:NODE_PORT, to a LoadBalancer IP, or to a node by name. What comes back is printed
 * as curl 8 prints it: the body on stdout; failures as "curl: (N) …" on stderr with curl's
 * exit code N (6 unresolved host, 7 refused or unreachable, 22 an HTTP error with -f, 28 no
 * answer). With --trace, every hop the packet took goes to stderr first: name resolution,
 * the node it entered, the iptables rules that matched, DNAT, SNAT, the pod that answered.
 */
import { writeFileSync } from 'node:fs';
import type { NodesAdminClient } from '../nodes/admin-client.js';

export interface CurlFlags {
  silent?: boolean;
  showError?: boolean;
  include?: boolean;
  head?: boolean;
  fail?: boolean;
  request?: string;
  header?: string[];
  data?: string;
  writeOut?: string;
  /** -o: the body goes to this file ("-": stdout). */
  output?: string;
  trace?: boolean;
}

export interface CurlResult {
  outcome: 'connected' | 'refused' | 'timeout' | 'unreachable' | 'unresolved';
  url: string;
  ip?: string;
  port: number;
  http?: { status: number; statusText: string; headers: Record<string, string>; body: string };
  hops: string[];
}

export interface CurlOutput {
  stdout: string;
  stderr: string;
  exitCode: number;
  /** The part of stdout that is the transfer itself (what -o writes to its file). */
  body: string;
}

/**
 * How long Linux keeps retrying a SYN nobody answers before connect() fails with ETIMEDOUT
 * (net.ipv4.tcp_syn_retries = 6: 1 + 2 + … + 64 s); the data path reports the timeout at once.
 */
const SYN_TIMEOUT_MS = 127_000;

export async function curlFromOutside(client: NodesAdminClient, url: string, flags: CurlFlags): Promise<CurlOutput> {
  const headers: Record<string, string> = {};
  for (const h of flags.header ?? []) {
    const at = h.indexOf(':');
    if (at > 0) headers[h.slice(0, at).trim()] = h.slice(at + 1).trim();
  }
  const method = flags.request ?? (flags.head ? 'HEAD' : flags.data !== undefined ? 'POST' : 'GET');
  if (flags.data !== undefined && !Object.keys(headers).some((k) => k.toLowerCase() === 'content-type')) headers['Content-Type'] = 'application/x-www-form-urlencoded';
  const { result } = await client.json<{ result: CurlResult }>('POST', 'network/curl', { url, method, headers, ...(flags.data !== undefined ? { body: flags.data } : {}) });
  const out = formatCurl(result, flags);
  if (flags.output && flags.output !== '-' && out.exitCode === 0) {
    writeFileSync(flags.output, out.body);
    return { ...out, stdout: out.stdout.slice(out.body.length), body: '' };
  }
  return out;
}

/** curl's output for a result (exported for tests). */
export function formatCurl(result: CurlResult, flags: CurlFlags): CurlOutput {
  const trace = flags.trace ? result.hops.map((h) => `${h}\n`).join('') : '';
  const host = hostOf(result.url);
  const fail = (code: number, message: string): CurlOutput => ({
    stdout: '',
    stderr: trace + (!flags.silent || flags.showError ? `curl: (${code}) ${message}\n` : ''),
    exitCode: code,
    body: '',
  });
  switch (result.outcome) {
    case 'unresolved':
      return fail(6, `Could not resolve host: ${host}`);
    case 'refused':
    case 'unreachable':
      return fail(7, `Failed to connect to ${host} port ${result.port} after 0 ms: Couldn't connect to server`);
    case 'timeout':
      return fail(28, `Failed to connect to ${host} port ${result.port} after ${SYN_TIMEOUT_MS} ms: Couldn't connect to server`);
  }
  const answer = result.http;
  if (!answer) return fail(52, 'Empty reply from server');
  if (flags.fail && answer.status >= 400) return fail(22, `The requested URL returned error: ${answer.status}`);
  let body = '';
  if (flags.head || flags.include) body += `HTTP/1.1 ${answer.status} ${answer.statusText}\r\n${Object.entries(answer.headers).map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`;
  if (!flags.head) body += answer.body;
  return { stdout: body + (flags.writeOut ? writeOut(flags.writeOut, result) : ''), stderr: trace, exitCode: 0, body };
}

/** -w: the variables labs use, and curl's backslash escapes. */
function writeOut(format: string, result: CurlResult): string {
  return format
    .replace(/%\{(http_code|response_code)\}/g, String(result.http?.status ?? 0))
    .replace(/%\{remote_ip\}/g, result.ip ?? '')
    .replace(/%\{remote_port\}/g, String(result.port))
    .replace(/%\{url_effective\}/g, result.url)
    .replace(/\\n/g, '\n')
    .replace(/\\t/g, '\t');
}

function hostOf(url: string): string {
  try {
    return new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(url) ? url : `http://${url}`).hostname;
  } catch {
    return url;
  }
}
