/**
 * `kubelab logs`: GET pods/NAME/log with kubectl's options (container, follow, previous,
 * tailLines, sinceSeconds, timestamps), written out as it arrives.
 */
import { resourcePath } from '@kubelab/core/client/client';
import { resolveResource } from '@kubelab/core/api/registry';
import type { Session } from '../kube/session.js';

export interface LogOptions {
  container: string;
  follow: boolean;
  previous: boolean;
  tail?: number | undefined;
  sinceMs?: number | undefined;
  timestamps: boolean;
}

export function logPath(namespace: string, pod: string, o: LogOptions): string {
  const q = new URLSearchParams({ container: o.container });
  if (o.follow) q.set('follow', 'true');
  if (o.previous) q.set('previous', 'true');
  if (o.tail !== undefined && o.tail >= 0) q.set('tailLines', String(o.tail));
  if (o.sinceMs !== undefined) q.set('sinceSeconds', String(Math.max(1, Math.ceil(o.sinceMs / 1000))));
  if (o.timestamps) q.set('timestamps', 'true');
  return `${resourcePath(resolveResource('pods')!, { namespace, name: pod, subresource: 'log' })}?${q}`;
}

export async function streamLogs(s: Session, pod: string, o: LogOptions, write: (chunk: string) => void): Promise<void> {
  const res = await s.transport.stream(logPath(s.namespace, pod, o), '*/*');
  for await (const chunk of res) write(chunk as string);
}
