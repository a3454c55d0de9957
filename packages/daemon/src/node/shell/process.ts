/**
 * What a process in a simulated container sees: its arguments, environment, working
 * directory and standard streams, and — through `host` — the container around it: the
 * hostname, the filesystem (image files, mounted volumes, the writable layer), the network,
 * the clock, and the executables on its PATH (the image's programs and its tools).
 *
 * Every wait goes through host.sleep(), which rejects with Killed when the container is
 * stopped, so a process can be killed at any await without cooperating.
 */
import type { ContainerNetwork, HttpAnswer, HttpRequest } from '../network/network.js';
import type { FileSystem } from './fs.js';

export interface Sink {
  write(text: string): void;
}

/** A sink that keeps what is written (stdout of $(…), pipes, exec). */
export class CaptureSink implements Sink {
  text = '';
  write(text: string): void {
    this.text += text;
  }
}

export const DISCARD: Sink = { write: () => undefined };

/** Thrown out of every wait once the container's processes are killed. */
export class Killed extends Error {
  constructor(readonly signal: 'SIGKILL' | 'SIGTERM' | 'OOM') {
    super(`killed by ${signal}`);
    this.name = 'Killed';
  }
}

/** The container, seen from one of its processes. */
export interface ProcessHost {
  /** The container's hostname (the pod's name, or spec.hostname). */
  readonly hostname: string;
  readonly fs: FileSystem;
  readonly network: ContainerNetwork;
  now(): number;
  /** Waits ms of the clock; rejects with Killed when the container is killed meanwhile. */
  sleep(ms: number): Promise<void>;
  /** An executable on the PATH: the image's programs, then its tools. */
  lookPath(name: string): Executable | undefined;
  /** Memory the process takes now; over the container's limit, the container is OOM-killed. */
  allocate(bytes: number): void;
  /** Keeps cores busy from now on (the container's CPU use adds them, up to its CPUs). */
  burnCpu(cores: number): void;
  /** CPUs visible to the process (nproc). */
  readonly cpus: number;
  /** Opens a listening port: connections to the pod's IP and this port reach `handler`. */
  listen(port: number, protocol: 'TCP' | 'UDP', handler: ConnectionHandler): void;
  /** PID 1 replaced itself with exe (exec): SIGTERM now goes to exe. */
  replaceProcess(exe: Executable): void;
}

/** What a listening server does with one connection (and the HTTP request on it, if any). */
export type ConnectionHandler = (conn: { client: { ip: string; port: number }; http?: HttpRequest }) => Promise<{ http?: HttpAnswer; banner?: string }>;

export interface Proc {
  /** argv[0] as invoked. */
  readonly name: string;
  /** The container's main process (exec keeps it PID 1). */
  readonly pid1?: boolean;
  readonly env: Map<string, string>;
  cwd: string;
  readonly stdin: string;
  readonly stdout: Sink;
  readonly stderr: Sink;
  readonly host: ProcessHost;
}

/** Anything that can run: a tool (echo, wget, …), an image program (nginx), or the shell. */
export interface Executable {
  readonly name: string;
  /** Runs to completion; resolves with the exit status. */
  run(proc: Proc, args: string[]): Promise<number>;
  /**
   * What SIGTERM does to it as PID 1: run a handler (graceful shutdown) and exit with its
   * status, or — when it installs none — nothing: the kernel ignores SIGTERM for a PID 1
   * without a handler, so only the SIGKILL after the grace period stops it (exit 137).
   * 'default' is the default action of a program that leaves the signal alone: it dies (143).
   */
  readonly onTerm?: 'ignore' | 'default' | ((proc: Proc) => Promise<number>);
}

/** The common way tools report bad usage: "<tool>: <message>" on stderr, status 1. */
export function fail(proc: Proc, message: string, status = 1): number {
  proc.stderr.write(`${proc.name}: ${message}\n`);
  return status;
}
