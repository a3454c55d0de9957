/** `kubelab status` for people: one headline, then the facts aligned. */
import type { DaemonStatus } from '../lib/status.js';

export function statusText(s: DaemonStatus): string {
  if (!s.running && s.pid === undefined) {
    const lines = [`kubelab is not running (data dir ${s.dataDir}).`];
    if (s.problem) lines.push(`note: ${s.problem}.`);
    lines.push('Start it with: kubelab up');
    return lines.join('\n');
  }
  const rows: [string, string | undefined][] = [
    ['server', s.server],
    ['pid', String(s.pid)],
    ['since', s.startedAt && `${s.startedAt} (up ${s.uptime})`],
    ['store revision', s.running ? (s.storeRevision === undefined ? 'unknown' : String(s.storeRevision)) : undefined],
    ['version', s.version],
    ['data dir', s.dataDir],
    ['kubeconfig', s.kubeconfig],
  ];
  const width = Math.max(...rows.map(([k]) => k.length)) + 2;
  const head = s.running ? 'kubelab is running' : (s.problem ?? 'kubelab is not answering');
  const lines = [head, ...rows.filter(([, v]) => v !== undefined).map(([k, v]) => `  ${`${k}:`.padEnd(width)}${v}`)];
  if (!s.running) lines.push('Stop it with: kubelab down');
  return lines.join('\n');
}
