/**
 * `<data-dir>/kubelabd.json`, as kubelabd writes it once its API is ready and removes it on a
 * clean stop. A file whose process is gone is stale (the daemon was killed); see probe.ts.
 */
import { readFileSync } from 'node:fs';
import { daemonFiles } from './data-dir.js';

export interface DaemonState {
  pid: number;
  port: number;
  server: string;
  dataDir: string;
  /** ISO 8601. */
  startedAt: string;
  version: string;
}

/** The state in text, or undefined when it is not a complete state file (half-written, foreign). */
export function parseState(text: string): DaemonState | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof raw !== 'object' || raw === null) return undefined;
  const s = raw as Record<string, unknown>;
  const pid = s['pid'];
  const port = s['port'];
  if (typeof pid !== 'number' || !Number.isInteger(pid) || pid <= 0) return undefined;
  if (typeof port !== 'number' || !Number.isInteger(port) || port <= 0) return undefined;
  const strings = ['server', 'dataDir', 'startedAt', 'version'] as const;
  if (!strings.every((k) => typeof s[k] === 'string')) return undefined;
  if (Number.isNaN(Date.parse(s['startedAt'] as string))) return undefined;
  return {
    pid,
    port,
    server: s['server'] as string,
    dataDir: s['dataDir'] as string,
    startedAt: s['startedAt'] as string,
    version: s['version'] as string,
  };
}

export function readState(dataDir: string): DaemonState | undefined {
  let text: string;
  try {
    text = readFileSync(daemonFiles(dataDir).state, 'utf8');
  } catch {
    return undefined;
  }
  return parseState(text);
}
