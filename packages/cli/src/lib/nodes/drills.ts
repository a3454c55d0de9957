/**
 * `kubelab node add|stop|start|remove|logs`: the drills an operator runs on the machines of a
 * kubeadm cluster, against the daemon's simulated nodes (admin-client.ts), each answered in one
 * line as kubectl answers a change ("node/worker-3 created").
 */
import { parseQuantity } from '@kubelab/core/quantity';
import { KubelabError } from '../errors.js';
import { type NodesAdminClient, nodePath } from './admin-client.js';
import { type Taint, parseTaints } from './taint.js';

export const RUNTIMES = ['containerd', 'cri-o', 'cri-dockerd'] as const;

export interface AddNodeFlags {
  cpu?: string;
  memory?: string;
  pods?: number;
  labels?: string;
  taints?: string;
  runtime?: string;
}

interface DrillAnswer {
  node: { name: string; internalIP?: string; podCIDR?: string; runtime?: string; unchanged?: boolean };
}

/** The request `node add` sends, its flags checked as kubectl checks such values. */
export function addNodeRequest(name: string, flags: AddNodeFlags): Record<string, unknown> {
  for (const [flag, value] of [['cpu', flags.cpu], ['memory', flags.memory]] as const) {
    if (value === undefined) continue;
    try {
      parseQuantity(value);
    } catch (err) {
      throw new KubelabError(`invalid argument "${value}" for "--${flag}" flag: ${(err as Error).message}`);
    }
  }
  return {
    name,
    ...(flags.cpu !== undefined ? { cpu: flags.cpu } : {}),
    ...(flags.memory !== undefined ? { memory: flags.memory } : {}),
    ...(flags.pods !== undefined ? { pods: flags.pods } : {}),
    ...(flags.runtime !== undefined ? { runtime: flags.runtime } : {}),
    ...(flags.labels ? { labels: parseLabelList(flags.labels) } : {}),
    ...(flags.taints ? { taints: parseTaintList(flags.taints) } : {}),
  };
}

/** "k=v,k2=v2" as kubectl's --labels takes it. */
export function parseLabelList(spec: string): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const pair of spec.split(',').filter(Boolean)) {
    const at = pair.indexOf('=');
    if (at <= 0) throw new KubelabError(`invalid label spec: ${pair}`);
    labels[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return labels;
}

/** "k=v:Effect,k2:Effect" as `kubectl taint` takes each one. */
export function parseTaintList(spec: string): Taint[] {
  const parsed = parseTaints(spec.split(',').filter(Boolean));
  if (parsed.remove.length) throw new KubelabError(`invalid taint spec: ${parsed.remove[0]!.key}-, a new node's taints cannot remove anything`);
  return parsed.add;
}

export async function addNode(client: NodesAdminClient, request: Record<string, unknown>): Promise<string> {
  const { node } = await client.json<DrillAnswer>('POST', 'nodes', request);
  return `node/${node.name} created`;
}

export async function stopNode(client: NodesAdminClient, name: string): Promise<string> {
  const { node } = await client.json<DrillAnswer>('POST', nodePath(name, 'stop'));
  return node.unchanged ? `node/${name} kubelet already stopped` : `node/${name} kubelet stopped`;
}

export async function startNode(client: NodesAdminClient, name: string): Promise<string> {
  const { node } = await client.json<DrillAnswer>('POST', nodePath(name, 'start'));
  return node.unchanged ? `node/${name} kubelet already running` : `node/${name} kubelet started`;
}

export async function removeNode(client: NodesAdminClient, name: string): Promise<string> {
  await client.json<DrillAnswer>('POST', nodePath(name, 'remove'));
  return `node/${name} removed`;
}

export interface JournalEntry {
  time: number;
  identifier: string;
  pid: number;
  message: string;
}

export async function nodeJournal(client: NodesAdminClient, name: string, lines?: number): Promise<string> {
  const { entries } = await client.json<{ entries: JournalEntry[] }>('GET', nodePath(name, 'journal', { lines }));
  return formatJournal(name, entries);
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * journalctl's short format: "Nov 24 06:07:36 worker-1 kubelet[1234]: message", in the
 * local time zone as journalctl prints it; "-- No entries --" for none.
 */
export function formatJournal(host: string, entries: readonly JournalEntry[]): string {
  if (entries.length === 0) return '-- No entries --\n';
  const p = (n: number) => String(n).padStart(2, '0');
  return entries
    .map((e) => {
      const d = new Date(e.time);
      return `${MONTHS[d.getMonth()]} ${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())} ${host} ${e.identifier}[${e.pid}]: ${e.message}\n`;
    })
    .join('');
}
