/**
 * Waits for a kubelabd we just started: ready when it has written its state file (it does so
 * once the API serves) and answers GET /readyz. If it exits first, or the time runs out, the
 * error carries its own words from the log.
 */
import { daemonFiles } from './data-dir.js';
import { KubelabError } from './errors.js';
import { readConnection } from './kubeconfig.js';
import { failureReason, logTail } from './log-tail.js';
import { readyz } from './probe.js';
import { sleep, terminate } from './process.js';
import type { SpawnedDaemon } from './spawn-daemon.js';
import { type DaemonState, readState } from './state.js';

export async function waitUntilReady(daemon: SpawnedDaemon, dataDir: string, timeoutMs: number): Promise<DaemonState> {
  let exit: string | undefined;
  daemon.child.once('exit', (code, signal) => {
    exit = signal ? `was killed by ${signal}` : `exited with code ${code}`;
  });
  daemon.child.once('error', (err) => {
    exit = `could not run: ${err.message}`;
  });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exit) throw startFailed(daemon, `kubelabd ${exit} before it was ready`);
    const state = readState(dataDir);
    if (state?.pid === daemon.pid) {
      const probe = await readyz(state, await readConnection(daemonFiles(dataDir).kubeconfig), 2_000);
      if (probe.kind === 'running') return state;
    }
    if (Date.now() >= deadline) {
      // Leave nothing half-started behind: a daemon that never became ready still holds the
      // data directory's lock.
      await terminate(daemon.pid, 5_000);
      throw startFailed(daemon, `kubelabd (pid ${daemon.pid}) was not ready within ${timeoutMs / 1000}s, so it was stopped`);
    }
    await sleep(50);
  }
}

function startFailed(daemon: SpawnedDaemon, what: string): KubelabError {
  const tail = logTail(daemon.logPath, daemon.logOffset).filter((l) => !l.startsWith('--- '));
  const reason = failureReason(tail);
  const lines = [reason ? `kubelabd could not start: ${reason}` : `kubelabd could not start`, `${what}. The end of its log, ${daemon.logPath}:`];
  lines.push(...(tail.length ? tail.map((l) => `  ${l}`) : ['  (empty)']));
  return new KubelabError(lines.join('\n'));
}
