/**
 * How the API server reaches a node's kubelet for pods/log and pods/exec — kube-apiserver's
 * kubelet client (pkg/kubelet/client), which dials https://<node>:10250/containerLogs/…
 * and /exec/…. The API server only knows this interface; in the daemon the node manager
 * answers it by calling the node's kubelet in-process (its server side, kubelet-server.ts).
 * A node whose kubelet is not running answers as an unreachable kubelet does.
 */
import type { AttachTarget, ExecSyncResponse } from './runtime/cri.js';

export class KubeletError extends Error {
  constructor(
    readonly code: 400 | 404 | 500 | 502,
    message: string,
  ) {
    super(message);
    this.name = 'KubeletError';
  }
}

export interface LogRequest {
  namespace: string;
  pod: string;
  container?: string;
  follow?: boolean;
  previous?: boolean;
  tailLines?: number;
  /** Only lines written at or after this time (ms since the epoch). */
  since?: number;
  timestamps?: boolean;
  limitBytes?: number;
}

/** The log text so far and, when following, the text still to come. */
export interface LogResponse {
  text: string;
  follow?: AsyncIterable<string>;
  close(): void;
}

export interface ExecRequest {
  namespace: string;
  pod: string;
  container?: string;
  command: string[];
  stdin?: string;
  /** Return the data path's hops of the command's lookups and connections (`kubelab exec --trace`). */
  trace?: boolean;
}

/** The container an attach session joins. */
export interface AttachRequest {
  namespace: string;
  pod: string;
  container?: string;
}

export interface KubeletConnection {
  containerLogs(nodeName: string, request: LogRequest): Promise<LogResponse>;
  exec(nodeName: string, request: ExecRequest): Promise<ExecSyncResponse>;
  /** The running container's PID 1, for pods/attach (the kubelet's /attach). */
  attach(nodeName: string, request: AttachRequest): Promise<AttachTarget>;
  /** Ends the container's PID 1 standard input: an attached shell's `exit N`, or stdinOnce. */
  closeStdin(nodeName: string, request: AttachRequest, exitCode: number): Promise<void>;
}

/** The error of a kubelet that does not answer, in kube-apiserver's words. */
export function unreachable(nodeIP: string, path: string): KubeletError {
  return new KubeletError(502, `Get "https://${nodeIP}:10250${path}": dial tcp ${nodeIP}:10250: connect: connection refused`);
}
