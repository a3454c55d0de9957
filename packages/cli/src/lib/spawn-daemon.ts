/**
 * Starts kubelabd in the background: detached into its own session (a Ctrl-C in the shell
 * that ran `kubelab up` does not reach it), stdout and stderr appended to
 * `<data-dir>/kubelabd.log`, working directory the data directory (it holds no user
 * directory open). The umask makes every file it creates private, as the daemon also does.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { KUBELABD_NODE_FLAGS } from '@kubelab/core/kubelabd-node-flags';
import { daemonFiles } from './data-dir.js';
import { logSize } from './log-tail.js';

export interface SpawnedDaemon {
  child: ChildProcess;
  pid: number;
  logPath: string;
  /** Size of the log before this start: its own lines begin here. */
  logOffset: number;
}

export function spawnKubelabd(bin: string, dataDir: string, args: string[]): SpawnedDaemon {
  process.umask(0o077);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const logPath = daemonFiles(dataDir).log;
  const logOffset = logSize(logPath);
  const log = openSync(logPath, 'a', 0o600);
  try {
    writeSync(log, `--- ${new Date().toISOString()} kubelab up: kubelabd ${args.join(' ')}\n`);
    const child = spawn(process.execPath, [...KUBELABD_NODE_FLAGS, bin, ...args], {
      cwd: dataDir,
      detached: true,
      stdio: ['ignore', log, log],
      env: process.env,
    });
    if (child.pid === undefined) throw new Error(`could not start ${process.execPath} ${bin}`);
    return { child, pid: child.pid, logPath, logOffset };
  } finally {
    closeSync(log);
  }
}
