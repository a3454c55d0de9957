/**
 * What to offer at the cursor (for `kubelab __complete`, which the bash and zsh scripts call):
 * command and subcommand names, the command's flags after "-", resource types where a
 * command takes them, and object names of that type from the cluster (best effort, quick).
 */
import { RESOURCES } from '@kubelab/core/api/registry';
import type { FlagMap } from '../cli/flag.js';
import { resolveType } from '../kube/resource-args.js';
import type { Session } from '../kube/session.js';

/** Commands whose first argument is a resource type. */
const TAKES_TYPE = new Set(['get', 'describe', 'delete', 'edit', 'label', 'annotate', 'patch', 'scale', 'wait', 'expose', 'rollout:status', 'rollout:history', 'rollout:undo', 'rollout:restart', 'rollout:pause', 'rollout:resume', 'set:image', 'set:env', 'set:resources']);

export function commandCandidates(ids: Iterable<string>, typed: string[]): string[] {
  const prefix = typed.join(':');
  const out = new Set<string>();
  for (const id of ids) {
    if (id.startsWith('__')) continue;
    const parts = id.split(':');
    if (typed.length && !id.startsWith(`${prefix}:`)) continue;
    const next = parts[typed.length];
    if (next) out.add(next);
  }
  return [...out].sort();
}

export function flagCandidates(flags: FlagMap): string[] {
  return Object.entries(flags)
    .filter(([, f]) => !f.hidden)
    .map(([name]) => `--${name}`)
    .sort();
}

export function typeCandidates(): string[] {
  return [...new Set(RESOURCES.map((r) => r.plural))].sort();
}

export function takesType(id: string): boolean {
  return TAKES_TYPE.has(id);
}

export async function nameCandidates(s: Session, type: string): Promise<string[]> {
  const [rt] = resolveType(type);
  const list = await s.client.list(rt!, rt!.namespaced ? { namespace: s.namespace } : {});
  return list.items.map((o) => o.metadata?.name ?? '').sort();
}
