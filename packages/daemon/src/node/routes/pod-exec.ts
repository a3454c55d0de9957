/**
 * POST pods/{name}/exec — a command run in a container, answered in one response. Real
 * kubectl upgrades this request to a stream (SPDY or WebSocket, the v5 channel protocol);
 * kubelab's CLI sends a plain POST and gets the result whole:
 *
 *   POST /api/v1/namespaces/default/pods/web/exec?container=app&command=sh&command=-c&command=env
 *   (body: standard input, optional)
 *   → 200 {"kind":"ExecResult","apiVersion":"kubelab.dev/v1alpha1","stdout":"…","stderr":"…","exitCode":0}
 *
 * An upgrade request is refused with a message saying so, rather than left hanging.
 */
import { badRequest, methodNotAllowed, notFound } from '@kubelab/core';
import type { ApiResponse } from '../../apiserver/api-request.js';
import type { HandlerInput } from '../../apiserver/handlers/request.js';
import type { KubeletConnection } from '../kubelet-connection.js';
import { call } from './pod-log.js';

export function podExecHandler(connection: KubeletConnection) {
  return async (input: HandlerInput): Promise<ApiResponse> => {
    const { req, query, info } = input;
    if (req.headers['upgrade'] || req.headers['connection']?.toLowerCase().includes('upgrade')) {
      throw badRequest('kubelab serves pods/exec as a plain POST returning the output (use `kubelab exec`); streaming upgrades (SPDY, WebSocket) are not supported');
    }
    if (info.verb !== 'create') throw methodNotAllowed();
    const namespace = info.namespace!;
    const name = info.name!;
    const stored = await input.res.store.get(namespace, name);
    if (!stored) throw notFound(input.res.rt, name);
    const nodeName = (stored.object['spec'] as { nodeName?: string } | undefined)?.nodeName;
    if (!nodeName) throw badRequest(`pod ${name} does not have a host assigned`);
    const command = query.getAll('command');
    if (command.length === 0) throw badRequest('you must specify at least 1 command');
    const result = await call(() =>
      connection.exec(nodeName, {
        namespace,
        pod: name,
        container: query.get('container') || undefined,
        command,
        stdin: req.body ? req.body.toString('utf8') : '',
      }),
    );
    return {
      status: 200,
      body: { kind: 'ExecResult', apiVersion: 'kubelab.dev/v1alpha1', stdout: result.stdout, stderr: result.stderr, exitCode: result.exitCode },
    };
  };
}
