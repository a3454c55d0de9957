/**
 * The request bodies kubectl sent, read back from its `-v=10` log. client-go logs each body
 * between `"Request Body" body=<` and ` >` — binary ones as a hex dump (encoding/hex.Dump) —
 * and then the request as a curl line with its headers; at -v=10 nothing is truncated. This
 * lets a test decode the exact protobuf bytes kubectl put on the wire.
 */
export interface LoggedRequest {
  method: string;
  url: string;
  contentType: string;
  body: Buffer;
}

/** Every request kubectl logged with a body, in the order it sent them. */
export function loggedRequests(log: string): LoggedRequest[] {
  const lines = log.split('\n');
  const out: LoggedRequest[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i]!.endsWith('"Request Body" body=<')) continue;
    const dump: string[] = [];
    for (i++; i < lines.length && lines[i] !== ' >'; i++) dump.push(lines[i]!.replace(/^\t/, ''));
    const curl = lines.slice(i, i + 5).find((l) => l.includes('curl -v -X'));
    const m = curl ? /curl -v -X(\w+) .* '([^']+)'$/.exec(curl) : null;
    if (!curl || !m) throw new Error(`no curl line after a logged request body near line ${i}`);
    const contentType = /-H "Content-Type: ([^"]+)"/.exec(curl)?.[1] ?? '';
    const hex = dump.every((l) => /^[0-9a-f]{8}  /.test(l));
    const body = hex ? Buffer.from(dump.flatMap((l) => l.slice(10, l.indexOf('|')).trim().split(/\s+/)).join(''), 'hex') : Buffer.from(dump.join('\n'));
    out.push({ method: m[1]!, url: m[2]!, contentType, body });
  }
  return out;
}

/** The requests sent as Kubernetes protobuf. */
export function protobufRequests(log: string): LoggedRequest[] {
  return loggedRequests(log).filter((r) => r.contentType.startsWith('application/vnd.kubernetes.protobuf'));
}
