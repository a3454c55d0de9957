/**
 * kubelabd's entry point: read the flags, start the daemon in the foreground, stop cleanly
 * on SIGINT/SIGTERM. `kubelab up` runs this detached with its output in the data directory's
 * log; run it directly for debugging.
 */
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { isQuantity } from '@kubelab/core';
import { startDaemon } from './kubelabd/daemon.js';
import type { NodeDefaults } from './node/node-manager.js';
import { shimFor } from './node/runtime/shims.js';

export function defaultDataDir(): string {
  return process.env['KUBELAB_HOME'] ?? join(homedir(), '.kubelab');
}

const USAGE = `Usage: kubelabd [--data-dir DIR] [--port PORT] [--scheduler-config FILE] [--seed N]

Runs the kubelab daemon in the foreground: the store, the API server on 127.0.0.1 and,
as they land, the scheduler, controllers and simulated nodes.

  --data-dir DIR   where state lives (default: $KUBELAB_HOME or ~/.kubelab)
  --port PORT      API server port (default: the last one used, else 6443, else any free one)
  --node-monitor-grace-period DURATION
                   silence after which a node's Ready goes Unknown (default 40s)
  --default-not-ready-toleration-seconds N
  --default-unreachable-toleration-seconds N
                   how long pods tolerate a not-ready or unreachable node before eviction (default 300)
  --scheduler-config FILE
                   a KubeSchedulerConfiguration (kubescheduler.config.k8s.io/v1): profiles, plugins
                   enabled or disabled, plugin args and weights
  --seed N         break ties between equally scored nodes reproducibly (default: at random)
  --nodes N        simulated worker nodes, worker-1 … worker-N (default 0: the API server alone).
                   With N ≥ 1 the cluster has kubeadm's shape: a control-plane node with the
                   static pods of the control plane, kube-proxy on every node, and CoreDNS
  --bare           the workers alone: no control-plane node, static pods or addons (no
                   cluster DNS; Services still work by ClusterIP)
  --node-cpu Q --node-memory Q --node-pods N --node-ephemeral-storage Q
                   each node's capacity (default 4 cpu, 8Gi memory, 110 pods, 100Gi storage)
  --node-runtime containerd|cri-o|cri-dockerd
                   the container runtime the nodes report (default containerd)
`;

export async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      'data-dir': { type: 'string' },
      port: { type: 'string' },
      'node-monitor-grace-period': { type: 'string' },
      'default-not-ready-toleration-seconds': { type: 'string' },
      'default-unreachable-toleration-seconds': { type: 'string' },
      'scheduler-config': { type: 'string' },
      seed: { type: 'string' },
      nodes: { type: 'string' },
      'node-cpu': { type: 'string' },
      'node-memory': { type: 'string' },
      'node-pods': { type: 'string' },
      'node-ephemeral-storage': { type: 'string' },
      'node-runtime': { type: 'string' },
      bare: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return;
  }
  // Everything the daemon creates is private to its user (data dir 0700, files 0600).
  process.umask(0o077);
  const dataDir = resolve(values['data-dir'] ?? defaultDataDir());
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port: invalid port "${values.port}"`);
  const daemon = await startDaemon({
    dataDir,
    port,
    nodeMonitorGracePeriodMs: optional(values['node-monitor-grace-period'], parseDuration, '--node-monitor-grace-period'),
    defaultNotReadyTolerationSeconds: optional(values['default-not-ready-toleration-seconds'], parseSeconds, '--default-not-ready-toleration-seconds'),
    defaultUnreachableTolerationSeconds: optional(values['default-unreachable-toleration-seconds'], parseSeconds, '--default-unreachable-toleration-seconds'),
    scheduler: { configFile: optional(values['scheduler-config'], (f) => resolve(f), '--scheduler-config'), seed: optional(values.seed, parseSeed, '--seed') },
    nodes: optional(values.nodes, parseCount, '--nodes'),
    kubeadm: !values.bare && (optional(values.nodes, parseCount, '--nodes') ?? 0) > 0,
    nodeDefaults: nodeDefaults(values),
  });
  const revision = daemon.store.revision;
  console.log(`kubelabd: serving the Kubernetes API at ${daemon.server} (store revision ${revision}, data in ${dataDir})`);
  console.log(`kubelabd: kubectl --kubeconfig ${daemon.kubeconfigPath} get namespaces`);
  await new Promise<void>((done) => {
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
  await daemon.stop();
  console.log('kubelabd: stopped');
}

/** A Go duration as kube-controller-manager's flags take it ("40s", "1m30s", "500ms"), in ms. */
export function parseDuration(text: string): number {
  const units: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== text) throw new Error(`invalid duration "${text}"`);
  return parts.reduce((ms, p) => ms + Number(p[1]) * units[p[2]!]!, 0);
}

function parseSeed(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n)) throw new Error(`invalid integer "${text}"`);
  return n;
}

function parseSeconds(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) throw new Error(`invalid number of seconds "${text}"`);
  return n;
}

function optional<T>(value: string | undefined, parse: (v: string) => T, flag: string): T | undefined {
  if (value === undefined) return undefined;
  try {
    return parse(value);
  } catch (err) {
    throw new Error(`${flag}: ${(err as Error).message}`);
  }
}

/** The node sizing and runtime flags (validated where they are used: quantities, runtime names). */
function nodeDefaults(values: Record<string, string | boolean | undefined>): Partial<NodeDefaults> {
  const v = (k: string) => (typeof values[k] === 'string' ? (values[k] as string) : undefined);
  const out: Partial<NodeDefaults> = {};
  const cpu = optional(v('node-cpu'), parseQuantityFlag, '--node-cpu');
  const memory = optional(v('node-memory'), parseQuantityFlag, '--node-memory');
  const storage = optional(v('node-ephemeral-storage'), parseQuantityFlag, '--node-ephemeral-storage');
  const pods = optional(v('node-pods'), parseCount, '--node-pods');
  const runtime = optional(v('node-runtime'), (r) => shimFor(r).name, '--node-runtime');
  if (cpu) out.cpu = cpu;
  if (memory) out.memory = memory;
  if (storage) out.ephemeralStorage = storage;
  if (pods !== undefined) out.pods = pods;
  if (runtime) out.runtime = runtime;
  return out;
}

function parseCount(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) throw new Error(`invalid count "${text}"`);
  return n;
}

function parseQuantityFlag(text: string): string {
  if (!isQuantity(text)) throw new Error(`invalid quantity "${text}"`);
  return text;
}
