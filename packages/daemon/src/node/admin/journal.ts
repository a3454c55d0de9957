/**
 * A node's journal for the kubelet unit — what `journalctl -u kubelet` shows on a kubeadm
 * node, and `kubelab node logs NODE` prints: the kubelet's own klog lines, and systemd's
 * lines as the unit is started and stopped by the drills (`node stop`, `node start`).
 *
 * A kubelet keeps its lines only while it lives (Kubelet.journalLines); the journal takes
 * them over as systemd's lines are written, so the journal survives restarts as journald's
 * does and every line stands where it was written. Bounded, as journald's SystemMaxUse bounds
 * it: the oldest entries go first.
 */
import type { Kubelet } from '../kubelet/kubelet.js';

/** The most entries kept per node (archived and the running kubelet's together). */
export const JOURNAL_MAX_ENTRIES = 2000;

export interface JournalEntry {
  /** ms since the epoch. */
  time: number;
  /** The syslog identifier: "kubelet" or "systemd". */
  identifier: string;
  pid: number;
  message: string;
}

/** kubelet.service's Description in kubeadm's packages. */
const UNIT = 'kubelet.service - kubelet: The Kubernetes Node Agent';

export class NodeJournal {
  private readonly archived: JournalEntry[] = [];
  /** How many of each kubelet's lines the archive holds already. */
  private readonly taken = new WeakMap<Kubelet, number>();
  private opened = false;

  /** systemd starts the unit (before the kubelet's first line). */
  started(now: number): void {
    this.opened = true;
    this.systemd(now, `Started ${UNIT}.`);
  }

  /** systemd stops the unit: the kubelet's lines so far, then systemd's. */
  stopping(kubelet: Kubelet | undefined, now: number): void {
    this.take(kubelet, now);
    this.systemd(now, `Stopping ${UNIT}...`);
  }

  /** The kubelet has exited: its last lines, then systemd's. */
  stopped(kubelet: Kubelet | undefined, now: number): void {
    this.take(kubelet, now);
    this.systemd(now, 'kubelet.service: Deactivated successfully.');
    this.systemd(now, `Stopped ${UNIT}.`);
  }

  /** Every entry, oldest first: the archive, then the running kubelet's newer lines. */
  entries(current: Kubelet | undefined, now: number): JournalEntry[] {
    this.open(current, now);
    const lines = current ? current.journalLines().slice(this.taken.get(current) ?? 0) : [];
    const all = [...this.archived, ...lines.map((l) => parseKlog(l, now))];
    return all.length > JOURNAL_MAX_ENTRIES ? all.slice(-JOURNAL_MAX_ENTRIES) : all;
  }

  /** A kubelet the daemon started with itself: systemd started its unit just before its first line. */
  private open(kubelet: Kubelet | undefined, now: number): void {
    if (this.opened || !kubelet) return;
    const first = kubelet.journalLines()[0];
    if (first) this.started(parseKlog(first, now).time);
  }

  private take(kubelet: Kubelet | undefined, now: number): void {
    if (!kubelet) return;
    this.open(kubelet, now);
    const lines = kubelet.journalLines();
    for (const line of lines.slice(this.taken.get(kubelet) ?? 0)) this.push(parseKlog(line, now));
    this.taken.set(kubelet, lines.length);
  }

  private systemd(now: number, message: string): void {
    this.push({ time: now, identifier: 'systemd', pid: 1, message });
  }

  private push(entry: JournalEntry): void {
    this.archived.push(entry);
    if (this.archived.length > JOURNAL_MAX_ENTRIES) this.archived.splice(0, this.archived.length - JOURNAL_MAX_ENTRIES);
  }
}

/**
 * A klog line ("I1124 06:07:36.123456    1234 kubelet.go] msg") as a journal entry. klog's
 * header has no year: it is the year of `now`, or the one before for a December line read
 * in January.
 */
export function parseKlog(line: string, now: number): JournalEntry {
  const m = /^[IWEF](\d\d)(\d\d) (\d\d):(\d\d):(\d\d)\.(\d{3})\d*\s+(\d+) /.exec(line);
  if (!m) return { time: now, identifier: 'kubelet', pid: 0, message: line };
  const year = new Date(now).getUTCFullYear();
  const [month, day, h, min, s, ms] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  let time = Date.UTC(year, month - 1, day, h, min, s, ms);
  if (time > now + 24 * 3600_000) time = Date.UTC(year - 1, month - 1, day, h, min, s, ms);
  return { time, identifier: 'kubelet', pid: Number(m[7]), message: line };
}
