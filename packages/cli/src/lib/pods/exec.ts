/**
 * `kubelab exec`: kubelabd runs the command in the container and answers in one response
 * (POST pods/NAME/exec, see packages/daemon/src/node/routes/pod-exec.ts) — there is no
 * interactive terminal; standard input, when -i is given, is read whole and sent first.
 * The command's exit code becomes ours, with kubectl's "command terminated" note. With
 * --trace (kubelab's addition) the path each lookup and connection took is printed first.
 */
import { resourcePath } from '@kubelab/core/client/client';
import { resolveResource } from '@kubelab/core/api/registry';
import { statusErrorFromResponse } from '@kubelab/core/client/transport';
import type { Session } from '../kube/session.js';

export interface ExecResult {
  stdout: string;
  stderr: string;
  exitCode: number;
  /** With trace: the data path's hops of the command's lookups and connections. */
  hops?: string[];
}

export async function execInPod(s: Session, pod: string, container: string, command: string[], stdin?: string, options: { trace?: boolean } = {}): Promise<ExecResult> {
  const q = new URLSearchParams({ container });
  for (const c of command) q.append('command', c);
  if (stdin !== undefined) q.set('stdin', 'true');
  q.set('stdout', 'true');
  q.set('stderr', 'true');
  if (options.trace) q.set('trace', 'true');
  const path = `${resourcePath(resolveResource('pods')!, { namespace: s.namespace, name: pod, subresource: 'exec' })}?${q}`;
  const res = await s.transport.request('POST', path, { body: stdin ?? '', contentType: 'text/plain' });
  if (res.status < 200 || res.status > 299) throw statusErrorFromResponse(res.status, res.body);
  const r = JSON.parse(res.body) as Partial<ExecResult>;
  return { stdout: r.stdout ?? '', stderr: r.stderr ?? '', exitCode: r.exitCode ?? 0, ...(r.hops ? { hops: r.hops } : {}) };
}
