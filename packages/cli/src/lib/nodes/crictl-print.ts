/**
 * crictl's output (cri-tools v1.32 cmd/crictl): its tables through Go's text/tabwriter with
 * crictl's settings (minimum cell width 20, padding 3, spaces), IDs truncated to 13
 * characters, CREATED as go-units' HumanDuration + " ago", image sizes as
 * HumanSizeWithPrecision(size, 3) in decimal units — so that what a lab shows on a
 * kubelab node reads like what `sudo crictl …` prints on a kubeadm node.
 */

export interface CrictlContainer {
  id: string;
  image: string;
  createdAt: number;
  state: 'CONTAINER_CREATED' | 'CONTAINER_RUNNING' | 'CONTAINER_EXITED' | 'CONTAINER_UNKNOWN';
  name: string;
  attempt: number;
  podSandboxId: string;
  podName: string;
  podNamespace: string;
}

export interface CrictlSandbox {
  id: string;
  createdAt: number;
  state: 'SANDBOX_READY' | 'SANDBOX_NOTREADY';
  name: string;
  namespace: string;
  attempt: number;
  runtimeHandler: string;
}

export interface CrictlImage {
  id: string;
  repoTags: string[];
  repoDigests: string[];
  size: number;
  pinned: boolean;
}

export interface CrictlLogEntry {
  time: number;
  stream: 'stdout' | 'stderr';
  text: string;
}

const TRUNCATED_ID_LEN = 13;

/** `crictl ps [-a]`: CONTAINER IMAGE CREATED STATE NAME ATTEMPT POD ID POD NAMESPACE. */
export function formatContainers(containers: readonly CrictlContainer[], now: number, options: { quiet?: boolean; noTrunc?: boolean } = {}): string {
  if (options.quiet) return containers.map((c) => `${c.id}\n`).join('');
  const id = (s: string) => (options.noTrunc ? s : truncateId(s));
  const rows = containers.map((c) => [
    id(c.id),
    options.noTrunc || !/^sha256:[0-9a-f]{64}$/.test(c.image) ? c.image : truncateId(c.image, 'sha256:'),
    `${humanDuration(now - c.createdAt)} ago`,
    CONTAINER_STATES[c.state],
    c.name,
    String(c.attempt),
    id(c.podSandboxId),
    c.podName,
    c.podNamespace,
  ]);
  return tabwriter([['CONTAINER', 'IMAGE', 'CREATED', 'STATE', 'NAME', 'ATTEMPT', 'POD ID', 'POD', 'NAMESPACE'], ...rows]);
}

/** `crictl pods`: POD ID CREATED STATE NAME NAMESPACE ATTEMPT RUNTIME. */
export function formatSandboxes(sandboxes: readonly CrictlSandbox[], now: number, options: { quiet?: boolean; noTrunc?: boolean } = {}): string {
  if (options.quiet) return sandboxes.map((s) => `${s.id}\n`).join('');
  const rows = sandboxes.map((s) => [
    options.noTrunc ? s.id : truncateId(s.id),
    `${humanDuration(now - s.createdAt)} ago`,
    s.state === 'SANDBOX_READY' ? 'Ready' : 'NotReady',
    s.name,
    s.namespace,
    String(s.attempt),
    s.runtimeHandler || '(default)',
  ]);
  return tabwriter([['POD ID', 'CREATED', 'STATE', 'NAME', 'NAMESPACE', 'ATTEMPT', 'RUNTIME'], ...rows]);
}

/** `crictl images`: IMAGE TAG IMAGE ID SIZE, a row per tag. */
export function formatImages(images: readonly CrictlImage[], options: { quiet?: boolean; noTrunc?: boolean } = {}): string {
  if (options.quiet) return images.map((i) => `${i.id}\n`).join('');
  const rows: string[][] = [];
  for (const image of images) {
    const [repo] = (image.repoDigests[0] ?? '<none>@<none>').split('@');
    const tags = image.repoTags.length ? image.repoTags : [`${repo}:<none>`];
    for (const tag of tags) {
      const at = tag.lastIndexOf(':');
      rows.push([tag.slice(0, at), tag.slice(at + 1), options.noTrunc ? image.id : truncateId(image.id, 'sha256:'), humanSize(image.size)]);
    }
  }
  return tabwriter([['IMAGE', 'TAG', 'IMAGE ID', 'SIZE'], ...rows]);
}

/** `crictl logs [-t]`: each line on the stream it was written to, with its RFC 3339 time when asked. */
export function formatLogs(entries: readonly CrictlLogEntry[], options: { timestamps?: boolean } = {}): { stdout: string; stderr: string } {
  const out = { stdout: '', stderr: '' };
  for (const e of entries) out[e.stream] += `${options.timestamps ? `${rfc3339Nano(e.time)} ` : ''}${e.text}\n`;
  return out;
}

/** `crictl inspect`: its JSON indented by two spaces. */
export function formatInspect(inspect: unknown): string {
  return `${JSON.stringify(inspect, null, 2)}\n`;
}

const CONTAINER_STATES: Record<CrictlContainer['state'], string> = {
  CONTAINER_CREATED: 'Created',
  CONTAINER_RUNNING: 'Running',
  CONTAINER_EXITED: 'Exited',
  CONTAINER_UNKNOWN: 'Unknown',
};

export function truncateId(id: string, prefix = ''): string {
  const bare = prefix && id.startsWith(prefix) ? id.slice(prefix.length) : id;
  return bare.slice(0, TRUNCATED_ID_LEN);
}

/**
 * Go's text/tabwriter with crictl's settings: every cell but a row's last is padded to its
 * column's width, max(20, longest + 3).
 */
export function tabwriter(rows: readonly string[][], minWidth = 20, padding = 3): string {
  const widths: number[] = [];
  for (const row of rows) row.slice(0, -1).forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? minWidth, cell.length + padding)));
  return rows.map((row) => `${row.map((cell, i) => (i < row.length - 1 ? cell.padEnd(widths[i]!) : cell)).join('')}\n`).join('');
}

/** go-units HumanDuration: "Less than a second", "1 second", "About a minute", "3 hours", "2 weeks". */
export function humanDuration(ms: number): string {
  const seconds = Math.trunc(ms / 1000);
  if (seconds < 1) return 'Less than a second';
  if (seconds === 1) return '1 second';
  if (seconds < 60) return `${seconds} seconds`;
  const minutes = Math.trunc(ms / 60_000);
  if (minutes === 1) return 'About a minute';
  if (minutes < 60) return `${minutes} minutes`;
  const hours = Math.trunc(ms / 3_600_000 + 0.5);
  if (hours === 1) return 'About an hour';
  if (hours < 48) return `${hours} hours`;
  if (hours < 24 * 7 * 2) return `${Math.trunc(hours / 24)} days`;
  if (hours < 24 * 30 * 2) return `${Math.trunc(hours / 24 / 7)} weeks`;
  if (hours < 24 * 365 * 2) return `${Math.trunc(hours / 24 / 30)} months`;
  return `${Math.trunc(ms / 3_600_000 / 24 / 365)} years`;
}

/** go-units HumanSizeWithPrecision(size, 3): decimal units, Go's %.3g ("67.3MB", "321kB", "742kB"). */
export function humanSize(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB', 'PB', 'EB', 'ZB', 'YB'];
  let size = bytes;
  let i = 0;
  while (size >= 1000 && i < units.length - 1) {
    size /= 1000;
    i++;
  }
  return `${goFormatG(size, 3)}${units[i]}`;
}

/** Go's %.{precision}g: shortest of fixed and exponent form, trailing zeros dropped, exponent with two digits. */
function goFormatG(value: number, precision: number): string {
  const fixed = value.toPrecision(precision);
  const m = /^(-?[\d.]+)e([+-])(\d+)$/.exec(fixed);
  if (m) return `${trimZeros(m[1]!)}e${m[2]}${m[3]!.padStart(2, '0')}`;
  return trimZeros(fixed);
}

function trimZeros(s: string): string {
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
}

/** RFC 3339 with nanoseconds, as CRI log files carry times. */
export function rfc3339Nano(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000000Z');
}
