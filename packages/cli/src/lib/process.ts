/**
 * Processes by pid: is it alive, is it a kubelabd, stop it. The daemon is not our child once
 * `kubelab up` has exited, so we poll with signal 0 rather than wait for an exit event.
 */
import { readFileSync } from 'node:fs';

/**
 * True when the process exists and is not a zombie. A zombie (exited, not yet reaped by its
 * parent) still answers signal 0, but it no longer runs or holds files.
 */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  return procState(pid) !== 'Z';
}

/** The state letter from /proc/<pid>/stat (R, S, Z, …), or undefined where /proc is absent. */
function procState(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // "pid (comm) S ...": comm may contain spaces and parentheses, so read after the last ")".
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
  } catch {
    return undefined;
  }
}

/**
 * True when pid runs kubelabd — a guard against a state file whose pid the OS has since given
 * to another program. Where /proc is unavailable it cannot tell and says true.
 */
export function isKubelabd(pid: number): boolean {
  let cmdline: string;
  try {
    cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch (err) {
    return (err as NodeJS.ErrnoException).code !== 'ENOENT' || !hasProc();
  }
  return cmdline.includes('kubelabd');
}

function hasProc(): boolean {
  try {
    readFileSync('/proc/self/stat');
    return true;
  } catch {
    return false;
  }
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Waits until pid is gone; false if it is still alive after timeoutMs. */
export async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (!processAlive(pid)) return true;
    if (Date.now() >= deadline) return false;
    await sleep(25);
  }
}

/**
 * SIGTERM, then SIGKILL if the process has not exited within graceMs — `kubectl delete pod`'s
 * grace period, and what systemd does on stop. Returns how it ended.
 */
export async function terminate(pid: number, graceMs: number): Promise<'exited' | 'killed'> {
  signal(pid, 'SIGTERM');
  if (await waitForExit(pid, graceMs)) return 'exited';
  signal(pid, 'SIGKILL');
  await waitForExit(pid, 5_000);
  return 'killed';
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err;
  }
}
