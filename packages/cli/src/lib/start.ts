/**
 * `kubelab up`: start the data directory's daemon unless it already runs, and wait until its
 * API is ready. Idempotent like `minikube start` and `kind create cluster`'s reuse: a running
 * daemon is reported, not restarted.
 */
import { kubelabdAccepts, kubelabdBin } from './daemon-bin.js';
import { daemonFiles } from './data-dir.js';
import { KubelabError } from './errors.js';
import { probeDaemon } from './probe.js';
import { spawnKubelabd } from './spawn-daemon.js';
import type { DaemonState } from './state.js';
import { waitUntilReady } from './wait-ready.js';

export interface StartOptions {
  dataDir: string;
  /** Undefined: kubelabd's choice (the last port of this data directory, else 6443, else any). */
  port?: number;
  nodes?: number;
  timeoutMs: number;
  /**
   * kubelabd's other flags, passed as given (name without "--" → value): --scheduler-config,
   * --seed, --node-monitor-grace-period, the toleration seconds, the node sizes and runtime.
   * kubelabd validates them; a bad one fails the start with its words.
   */
  daemonFlags?: Record<string, string | number | undefined>;
}

export interface StartResult {
  outcome: 'started' | 'already-running';
  state: DaemonState;
  kubeconfig: string;
  /** Things the user asked for that this daemon did not do, in words. */
  notices: string[];
}

export async function startDaemon(options: StartOptions): Promise<StartResult> {
  const { dataDir } = options;
  const kubeconfig = daemonFiles(dataDir).kubeconfig;
  const probe = await probeDaemon(dataDir);
  if (probe.kind === 'running') {
    const notices = options.port && options.port !== probe.state.port ? [`--port ${options.port} was not applied: kubelab already serves on port ${probe.state.port} (kubelab down first to change it)`] : [];
    for (const [flag, value] of Object.entries(options.daemonFlags ?? {})) {
      if (value !== undefined) notices.push(`--${flag} ${value} was not applied: kubelab already runs (kubelab down first to change it)`);
    }
    return { outcome: 'already-running', state: probe.state, kubeconfig, notices };
  }
  if (probe.kind === 'unresponsive') {
    throw new KubelabError(`kubelabd (pid ${probe.state.pid}) holds ${dataDir} but does not answer at ${probe.state.server}: ${probe.reason}\nstop it with: kubelab down`);
  }
  const bin = kubelabdBin();
  const args = ['--data-dir', dataDir];
  if (options.port !== undefined) args.push('--port', String(options.port));
  const notices: string[] = [];
  if (options.nodes !== undefined) {
    if (kubelabdAccepts(bin, '--nodes')) args.push('--nodes', String(options.nodes));
    else if (options.nodes > 0) notices.push(`--nodes ${options.nodes}: simulated nodes are not in this kubelabd yet; they arrive in a later version. The control plane runs without nodes.`);
  }
  for (const [flag, value] of Object.entries(options.daemonFlags ?? {})) {
    if (value !== undefined) args.push(`--${flag}`, String(value));
  }
  const spawned = spawnKubelabd(bin, dataDir, args);
  const state = await waitUntilReady(spawned, dataDir, options.timeoutMs);
  spawned.child.unref();
  return { outcome: 'started', state, kubeconfig, notices };
}
