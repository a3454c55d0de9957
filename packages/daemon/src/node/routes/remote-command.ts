/**
 * `kubectl exec` over WebSocket: the remote command sub-protocol (v4.channel.k8s.io and
 * v5.channel.k8s.io, KEP-3396). Every binary message starts with a channel byte:
 *
 *   0 stdin (client → server)      3 error: the final Status, one JSON document
 *   1 stdout                       4 resize (terminal size; a simulated terminal ignores it)
 *   2 stderr                       255 close (v5): [255, channel] — the client's stdin ended
 *
 * The session ends with the Status on channel 3 — `{"status":"Success"}`, or a Failure with
 * reason NonZeroExitCode and the exit code as its ExitCode cause, from which kubectl prints
 * "command terminated with exit code N" and exits N — then a normal closure.
 *
 * Simulated: the command runs to completion through the kubelet's one-shot exec
 * (KubeletConnection.exec) and its output is sent whole. Standard input, when asked for, is
 * gathered until the client closes it (v5's close signal; v4 cannot signal it, so stdin is
 * empty there). With a terminal (`-t`) and an interactive shell, tty-shell.ts runs a line
 * editor instead. Output on a terminal gets CRLF line ends, as a pty's onlcr gives.
 */
import type { MessageSocket } from '../../apiserver/api-request.js';
import type { ExecRequest, KubeletConnection } from '../kubelet-connection.js';
import { KubeletError } from '../kubelet-connection.js';
import { isInteractiveShell } from '../shell/interactive.js';
import { collectStdin } from './stream-session.js';
import { TtyShell } from './tty-shell.js';

export const REMOTE_COMMAND_PROTOCOLS = ['v5.channel.k8s.io', 'v4.channel.k8s.io'] as const;

export const enum Channel {
  Stdin = 0,
  Stdout = 1,
  Stderr = 2,
  Error = 3,
  Resize = 4,
  Close = 255,
}

export interface RemoteCommandOptions {
  nodeName: string;
  request: Omit<ExecRequest, 'stdin'>;
  stdin: boolean;
  stdout: boolean;
  stderr: boolean;
  tty: boolean;
}

/** The channels of one session: what the command writes, and its end. */
export class RemoteCommandStreams {
  constructor(
    private readonly socket: MessageSocket,
    private readonly options: Pick<RemoteCommandOptions, 'stdout' | 'stderr' | 'tty'>,
  ) {}

  stdout(text: string): void {
    if (this.options.stdout && text) this.write(Channel.Stdout, this.options.tty ? onlcr(text) : text);
  }

  /** With a terminal there is one output stream, as a pty merges them. */
  stderr(text: string): void {
    if (!text) return;
    if (this.options.tty) return this.stdout(text);
    if (this.options.stderr) this.write(Channel.Stderr, text);
  }

  /** Sends the final Status and closes the session. */
  finish(exitCode: number, command: readonly string[]): void {
    this.write(Channel.Error, JSON.stringify(exitStatus(exitCode, command)));
    this.socket.close();
  }

  fail(message: string): void {
    this.write(Channel.Error, JSON.stringify({ metadata: {}, status: 'Failure', message, reason: 'InternalError', code: 500 }));
    this.socket.close();
  }

  private write(channel: Channel, text: string): void {
    this.socket.send(Buffer.concat([Buffer.of(channel), Buffer.from(text, 'utf8')]));
  }
}

/** Runs one exec session on an upgraded socket. */
export function runRemoteCommand(connection: KubeletConnection, socket: MessageSocket, protocol: string, options: RemoteCommandOptions): void {
  const streams = new RemoteCommandStreams(socket, options);
  const { request } = options;
  const run = async (stdin: string) => {
    try {
      const result = await connection.exec(options.nodeName, { ...request, stdin });
      streams.stdout(result.stdout);
      streams.stderr(result.stderr);
      streams.finish(result.exitCode, request.command);
    } catch (err) {
      streams.fail(err instanceof KubeletError || err instanceof Error ? err.message : String(err));
    }
  };
  if (options.tty && options.stdin && isInteractiveShell(request.command)) {
    const shell = new TtyShell({ pod: request.pod, command: request.command, run: (line) => connection.exec(options.nodeName, { ...request, command: ['sh', '-c', line] }), streams });
    socket.onMessage((data) => {
      if (data[0] === Channel.Stdin) shell.input(data.subarray(1).toString('utf8'));
    });
    shell.start();
    return;
  }
  if (!options.stdin || protocol !== 'v5.channel.k8s.io') {
    void run('');
    return;
  }
  // Standard input until the client closes it, then the command.
  collectStdin(socket, (stdin) => void run(stdin));
}

/**
 * The Status that ends a session (the kubelet's, through the API server): Success, or
 * NonZeroExitCode carrying the code — what kubectl turns into its own exit code.
 */
export function exitStatus(exitCode: number, command: readonly string[]): Record<string, unknown> {
  if (exitCode === 0) return { metadata: {}, status: 'Success' };
  return {
    metadata: {},
    status: 'Failure',
    message: `command terminated with non-zero exit code: error executing command [${command.join(' ')}], exit code ${exitCode}`,
    reason: 'NonZeroExitCode',
    details: { causes: [{ reason: 'ExitCode', message: String(exitCode) }] },
  };
}

/** A terminal's output post-processing: LF becomes CRLF. */
export function onlcr(text: string): string {
  return text.replace(/\r?\n/g, '\r\n');
}
