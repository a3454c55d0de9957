/**
 * pods/{name}/exec — a command run in a container. The real kubectl upgrades the request to
 * a WebSocket and speaks the remote command sub-protocol (remote-command.ts); SPDY, its
 * fallback for old servers, is refused with a message saying so. kubelab's CLI sends a
 * plain POST and gets the result whole:
 *
 *   POST /api/v1/namespaces/default/pods/web/exec?container=app&command=sh&command=-c&command=env
 *   (body: standard input, optional)
 *   → 200 {"kind":"ExecResult","apiVersion":"kubelab.dev/v1alpha1","stdout":"…","stderr":"…","exitCode":0}
 *
 * With `trace=true` (`kubelab exec --trace`), the answer also carries `hops`: the data path's
 * steps for every lookup and connection the command made (wget, curl, nc, nslookup).
 *
 */
import { badRequest, methodNotAllowed } from '@kubelab/core';
import type { ApiResponse } from '../../apiserver/api-request.js';
import type { HandlerInput } from '../../apiserver/handlers/request.js';
import type { KubeletConnection } from '../kubelet-connection.js';
import { call } from './pod-log.js';
import { runRemoteCommand } from './remote-command.js';
import { requestedUpgrade, streamTarget, switchToWebSocket } from './stream-session.js';

export function podExecHandler(connection: KubeletConnection) {
  return async (input: HandlerInput): Promise<ApiResponse> => {
    const { req, query, info } = input;
    // What is wrong with the pod comes before the protocol (see stream-session.ts).
    const { namespace, pod: name, nodeName, container, flag } = await streamTarget(input);
    const upgrade = requestedUpgrade(input, 'exec');
    // A WebSocket is opened with GET; the one-shot form is a POST.
    if (info.verb !== (upgrade ? 'get' : 'create')) throw methodNotAllowed();
    const command = query.getAll('command');
    if (command.length === 0) throw badRequest('you must specify at least 1 command');
    if (upgrade) {
      const options = {
        nodeName,
        request: { namespace, pod: name, container, command },
        stdin: flag('stdin', false),
        stdout: flag('stdout', true),
        stderr: flag('stderr', true),
        tty: flag('tty', false),
      };
      return switchToWebSocket((socket, protocol) => runRemoteCommand(connection, socket, protocol, options));
    }
    const result = await call(() =>
      connection.exec(nodeName, {
        namespace,
        pod: name,
        container,
        command,
        stdin: req.body ? req.body.toString('utf8') : '',
        trace: query.get('trace') === 'true',
      }),
    );
    return {
      status: 200,
      body: { kind: 'ExecResult', apiVersion: 'kubelab.dev/v1alpha1', stdout: result.stdout, stderr: result.stderr, exitCode: result.exitCode, ...(result.hops ? { hops: result.hops } : {}) },
    };
  };
}
