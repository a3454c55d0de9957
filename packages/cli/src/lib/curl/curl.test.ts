import { describe, expect, it } from 'vitest';
import { type CurlResult, formatCurl } from './curl.js';

const answer = (status: number, body: string): CurlResult => ({
  outcome: 'connected',
  url: 'http://172.18.0.3:30080/',
  ip: '172.18.0.3',
  port: 30080,
  http: { status, statusText: status === 200 ? 'OK' : 'Not Found', headers: { Server: 'nginx/1.27.3', 'Content-Length': String(body.length) }, body },
  hops: ['route    172.18.0.3 is node worker-1', 'answer   HTTP/1.1 200 OK (5 bytes)'],
});

describe('kubelab curl output', () => {
  it('prints the body, headers with -i, the status with -w, and the hops on stderr with --trace', () => {
    expect(formatCurl(answer(200, 'hello'), {})).toEqual({ stdout: 'hello', stderr: '', exitCode: 0, body: 'hello' });
    expect(formatCurl(answer(200, 'hello'), { include: true }).stdout).toBe('HTTP/1.1 200 OK\r\nServer: nginx/1.27.3\r\nContent-Length: 5\r\n\r\nhello');
    expect(formatCurl(answer(404, 'nope'), { writeOut: '%{http_code}\\n' }).stdout).toBe('nope404\n');
    expect(formatCurl(answer(200, 'hello'), { trace: true }).stderr).toBe('route    172.18.0.3 is node worker-1\nanswer   HTTP/1.1 200 OK (5 bytes)\n');
  });

  it("fails as curl does, with curl's exit codes", () => {
    const base = { url: 'http://worker-9:30080/', port: 30080, hops: [] };
    expect(formatCurl({ ...base, outcome: 'unresolved' }, {})).toMatchObject({ exitCode: 6, stderr: 'curl: (6) Could not resolve host: worker-9\n' });
    expect(formatCurl({ ...base, outcome: 'refused' }, {})).toMatchObject({ exitCode: 7, stderr: "curl: (7) Failed to connect to worker-9 port 30080 after 0 ms: Couldn't connect to server\n" });
    expect(formatCurl({ ...base, outcome: 'timeout' }, {}).exitCode).toBe(28);
    expect(formatCurl({ ...base, outcome: 'refused' }, { silent: true })).toMatchObject({ exitCode: 7, stderr: '' });
    expect(formatCurl(answer(404, 'nope'), { fail: true })).toMatchObject({ exitCode: 22, stdout: '', stderr: 'curl: (22) The requested URL returned error: 404\n' });
  });
});
