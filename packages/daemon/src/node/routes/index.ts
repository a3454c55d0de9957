/**
 * The API server routes that reach kubelets: pods/log and pods/exec, registered with
 * ApiServer.addRoute by the daemon.
 */
import type { ExtraRoute } from '../../apiserver/api-server.js';
import type { HandlerInput } from '../../apiserver/handlers/request.js';
import type { KubeletConnection } from '../kubelet-connection.js';
import { podExecHandler } from './pod-exec.js';
import { podLogHandler } from './pod-log.js';

export function kubeletRoutes(connection: KubeletConnection): ExtraRoute[] {
  const log = podLogHandler(connection);
  const exec = podExecHandler(connection);
  return [
    { match: 'pods/log', handle: (input) => log(input as HandlerInput) },
    { match: 'pods/exec', handle: (input) => exec(input as HandlerInput) },
  ];
}
