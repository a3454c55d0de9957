/**
 * What pods/exec and pods/attach share before their sessions start: the pod the request
 * names and the node it runs on, the stream flags from the query, the WebSocket upgrade
 * answer, and standard input gathered until the client closes it (v5's close signal).
 */
import { badRequest, notFound } from '@kubelab/core';
import type { MessageSocket, UpgradeResponse } from '../../apiserver/api-request.js';
import type { HandlerInput } from '../../apiserver/handlers/request.js';
import { Channel, REMOTE_COMMAND_PROTOCOLS } from './remote-command.js';

export interface StreamTarget {
  namespace: string;
  pod: string;
  nodeName: string;
  container: string | undefined;
  /** A boolean query parameter (`stdin=true`), with its default when absent. */
  flag(name: string, dflt: boolean): boolean;
}

/**
 * The upgrade the request asks for ('' for none); anything but a WebSocket is refused —
 * called after streamTarget, so a client falling back to SPDY hears what is wrong with the
 * pod, as kube-apiserver would tell it, rather than only that SPDY is not spoken.
 */
export function requestedUpgrade(input: HandlerInput, subresource: string): string {
  const upgrade = (input.req.headers['upgrade'] ?? '').toLowerCase();
  if (upgrade && upgrade !== 'websocket') {
    throw badRequest(`kubelab streams pods/${subresource} over WebSocket (${REMOTE_COMMAND_PROTOCOLS.join(', ')}), not ${input.req.headers['upgrade']}`);
  }
  return upgrade;
}

/** The pod and its node; a pod not yet scheduled has no kubelet to reach. */
export async function streamTarget(input: HandlerInput): Promise<StreamTarget> {
  const { query, info } = input;
  const namespace = info.namespace!;
  const pod = info.name!;
  const stored = await input.res.store.get(namespace, pod);
  if (!stored) throw notFound(input.res.rt, pod);
  const nodeName = (stored.object['spec'] as { nodeName?: string } | undefined)?.nodeName;
  if (!nodeName) throw badRequest(`pod ${pod} does not have a host assigned`);
  return {
    namespace,
    pod,
    nodeName,
    container: query.get('container') || undefined,
    flag: (name, dflt) => (query.has(name) ? ['true', '1'].includes(query.get(name)!) : dflt),
  };
}

/** 101 Switching Protocols to the remote command sub-protocol; accept runs the session. */
export function switchToWebSocket(accept: (socket: MessageSocket, protocol: string) => void): UpgradeResponse {
  return {
    status: 101,
    body: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', message: 'switching to a WebSocket' },
    upgrade: { protocols: REMOTE_COMMAND_PROTOCOLS, accept },
  };
}

/** Calls done once with everything sent on stdin, when the client closes it. */
export function collectStdin(socket: MessageSocket, done: (stdin: string) => void): void {
  const chunks: Buffer[] = [];
  let ended = false;
  socket.onMessage((data) => {
    if (ended) return;
    if (data[0] === Channel.Stdin) chunks.push(data.subarray(1));
    else if (data[0] === Channel.Close && data[1] === Channel.Stdin) {
      ended = true;
      done(Buffer.concat(chunks).toString('utf8'));
    }
  });
}
