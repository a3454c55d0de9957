/**
 * `kubelab node-agent`: kubelets in a process of their own against any kubelab API server.
 * The kubelets are daemon code, which the CLI never loads (ARCHITECTURE.md rule 6): the
 * command resolves the connection as kubectl would (--kubeconfig, --context, --server,
 * --token; else the local daemon's kubeconfig) and runs kubelab-node-agent, beside kubelabd
 * in the daemon package, in the foreground — the token and CA passed in its environment, not
 * on its command line, where `ps` would show them.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { kubelabdBin } from '../daemon-bin.js';
import { KubelabError } from '../errors.js';
import type { KubeConnection } from '../kube/connection.js';
import { addNodeRequest } from './drills.js';

export interface NodeAgentFlags {
  nodes: string[];
  cpu?: string;
  memory?: string;
  pods?: number;
  runtime?: string;
  labels?: string;
  taints?: string;
}

/** kubelab-node-agent, beside kubelabd in the daemon package. */
export function nodeAgentBin(): string {
  const bin = join(dirname(kubelabdBin()), 'kubelab-node-agent.js');
  const built = join(dirname(bin), '..', 'dist', 'node-agent', 'main.js');
  if (!existsSync(bin) || !existsSync(built)) throw new KubelabError(`kubelab-node-agent is not built: ${built} is missing (run: npm run build)`);
  return bin;
}

/** The agent's command line (connection secrets go in its environment, see agentEnv). */
export function agentArgs(conn: KubeConnection, flags: NodeAgentFlags): string[] {
  if (flags.nodes.length === 0) throw new KubelabError('--nodes is required: the names of the nodes to run (a,b,…)');
  // The sizes, labels and taints checked here, with the words `node add` uses, before a process starts.
  addNodeRequest(flags.nodes[0]!, flags);
  const args = ['--server', conn.server, '--nodes', flags.nodes.join(',')];
  if (conn.insecureSkipTlsVerify) args.push('--insecure-skip-tls-verify');
  for (const [flag, value] of [['cpu', flags.cpu], ['memory', flags.memory], ['pods', flags.pods], ['runtime', flags.runtime], ['labels', flags.labels], ['taints', flags.taints]] as const) {
    if (value !== undefined) args.push(`--${flag}`, String(value));
  }
  return args;
}

export function agentEnv(conn: KubeConnection, env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return { ...env, KUBELAB_NODE_AGENT_TOKEN: conn.token ?? '', KUBELAB_NODE_AGENT_CA_DATA: conn.caPem ?? '' };
}

/** Runs the agent until it exits; SIGINT and SIGTERM are passed on to it. Resolves with its exit code. */
export function runNodeAgent(conn: KubeConnection, flags: NodeAgentFlags): Promise<number> {
  const child = spawn(process.execPath, [nodeAgentBin(), ...agentArgs(conn, flags)], { stdio: 'inherit', env: agentEnv(conn) });
  const forward = (signal: NodeJS.Signals) => child.kill(signal);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      resolve(code ?? (signal === 'SIGINT' || signal === 'SIGTERM' ? 0 : 1));
    });
  });
}
