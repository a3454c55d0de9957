/**
 * The API server routes that reach kubelets: pods/log, pods/exec and pods/attach, registered with
 * ApiServer.addRoute by the daemon.
 */
import type { ExtraRoute } from '../../apiserver/api-server.js';
import type { HandlerInput } from '../../apiserver/handlers/request.js';
import type { KubeletConnection } from '../kubelet-connection.js';
import { podAttachHandler } from './pod-attach.js';
import { podExecHandler } from './pod-exec.js';
import { podLogHandler } from './pod-log.js';

export function kubeletRoutes(connection: KubeletConnection): ExtraRoute[] {
  const log = podLogHandler(connection);
  const exec = podExecHandler(connection);
  const attach = podAttachHandler(connection);
  return [
    { match: 'pods/log', handle: (input) => log(input as HandlerInput) },
    { match: 'pods/exec', handle: (input) => exec(input as HandlerInput) },
    { match: 'pods/attach', handle: (input) => attach(input as HandlerInput) },
  ];
}
