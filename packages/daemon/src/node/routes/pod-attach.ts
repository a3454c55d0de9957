/**
 * pods/{name}/attach — `kubectl attach` and `kubectl run -i/-it`: join a running container's
 * PID 1 over a WebSocket, with the remote command sub-protocol exec uses (remote-command.ts).
 *
 * What the session carries, as the kubelet's attach does:
 *   - PID 1's output from now on (nothing it printed before: that is `kubectl logs`), until
 *     the container exits; then a Success Status. kubectl takes the exit code from the pod.
 *   - With `stdin: true` on the container and a shell as PID 1 (`kubectl run -it --image=
 *     busybox -- sh`, or busybox's default command), the session is that shell's terminal:
 *     with `-t`, the line discipline and prompt of tty-shell.ts; without, the script piped
 *     to `kubectl run -i` runs when the input ends. `exit N` ends PID 1 with N; with
 *     stdinOnce (kubectl run's default) the first session's end closes PID 1's input, so the
 *     shell exits and the pod completes.
 *
 * Simulated: each line an attached shell runs is an exec in the container (`sh -c LINE`),
 * so `cd` and variables do not carry over; PID 1 itself only waits for its input to end.
 */
import { badRequest, methodNotAllowed } from '@kubelab/core';
import type { ApiResponse, MessageSocket } from '../../apiserver/api-request.js';
import type { HandlerInput } from '../../apiserver/handlers/request.js';
import type { AttachRequest, KubeletConnection } from '../kubelet-connection.js';
import type { AttachTarget } from '../runtime/cri.js';
import { Channel, RemoteCommandStreams } from './remote-command.js';
import { collectStdin, requestedUpgrade, streamTarget, switchToWebSocket } from './stream-session.js';
import { TtyShell } from './tty-shell.js';

interface AttachOptions {
  nodeName: string;
  request: AttachRequest;
  stdin: boolean;
  stdout: boolean;
  stderr: boolean;
  tty: boolean;
}

export function podAttachHandler(connection: KubeletConnection) {
  return async (input: HandlerInput): Promise<ApiResponse> => {
    // An attach is a stream or nothing: there is no one-shot form ("Upgrade request required"
    // is upstream's answer to a plain request).
    const { namespace, pod, nodeName, container, flag } = await streamTarget(input);
    if (!requestedUpgrade(input, 'attach')) throw badRequest('Upgrade request required');
    if (input.info.verb !== 'get') throw methodNotAllowed();
    const options: AttachOptions = {
      nodeName,
      request: { namespace, pod, container },
      stdin: flag('stdin', false),
      stdout: flag('stdout', true),
      stderr: flag('stderr', true),
      tty: flag('tty', false),
    };
    return switchToWebSocket((socket, protocol) => void runAttach(connection, socket, protocol, options));
  };
}

async function runAttach(connection: KubeletConnection, socket: MessageSocket, protocol: string, options: AttachOptions): Promise<void> {
  const streams = new RemoteCommandStreams(socket, options);
  let target: AttachTarget;
  try {
    target = await connection.attach(options.nodeName, options.request);
  } catch (err) {
    return streams.fail(err instanceof Error ? err.message : String(err));
  }
  if (target.interactive && options.stdin) return attachShell(connection, socket, protocol, options, target, streams);
  await streamOutput(connection, socket, options, streams);
}

/** PID 1's output from now until it exits, then Success. */
async function streamOutput(connection: KubeletConnection, socket: MessageSocket, options: AttachOptions, streams: RemoteCommandStreams): Promise<void> {
  let log;
  try {
    log = await connection.containerLogs(options.nodeName, { ...options.request, follow: true, tailLines: 0 });
  } catch (err) {
    return streams.fail(err instanceof Error ? err.message : String(err));
  }
  let detached = false;
  socket.onClose(() => {
    detached = true;
    log.close();
  });
  try {
    // The kubelet's CRI log lines say which stream each came from; the follow carries their
    // text, so everything arrives on stdout, as with a terminal.
    if (log.follow) for await (const chunk of log.follow) streams.stdout(chunk);
  } catch (err) {
    if (!detached) return streams.fail(err instanceof Error ? err.message : String(err));
  }
  if (!detached) streams.finish(0, []);
}

/** The session is PID 1's terminal: a shell whose input ends with `exit N` or the session. */
function attachShell(
  connection: KubeletConnection,
  socket: MessageSocket,
  protocol: string,
  options: AttachOptions,
  target: AttachTarget,
  streams: RemoteCommandStreams,
): void {
  let ended = false;
  const endInput = (exitCode: number) => {
    if (ended) return;
    ended = true;
    void connection.closeStdin(options.nodeName, options.request, exitCode).catch(() => undefined);
  };
  const run = (script: string) => connection.exec(options.nodeName, { ...options.request, command: ['sh', '-c', script] });
  // A session that ends without `exit` (the client went away) closes a stdinOnce input too.
  socket.onClose(() => {
    if (target.stdinOnce) endInput(0);
  });
  if (options.tty) {
    const shell = new TtyShell({
      pod: options.request.pod,
      command: target.command,
      run,
      streams,
      end: (code) => {
        endInput(code);
        streams.finish(0, []);
      },
    });
    socket.onMessage((data) => {
      if (data[0] === Channel.Stdin) shell.input(data.subarray(1).toString('utf8'));
    });
    shell.start();
    return;
  }
  if (protocol !== 'v5.channel.k8s.io') {
    // v4 cannot say that standard input ended: the shell keeps waiting; show its output.
    void streamOutput(connection, socket, options, streams);
    return;
  }
  // Standard input until the client closes it; the shell then runs it as its script.
  collectStdin(socket, (script) => {
    void (async () => {
      try {
        const result = await run(script);
        streams.stdout(result.stdout);
        streams.stderr(result.stderr);
        endInput(result.exitCode);
        streams.finish(0, []);
      } catch (err) {
        streams.fail(err instanceof Error ? err.message : String(err));
      }
    })();
  });
}
