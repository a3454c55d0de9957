/**
 * Runs a lab's script with bash, against the cluster the learner is using. The script sees:
 *
 *   KUBELAB       the kubelab CLI running the lab (scripts call ${KUBELAB:-kubelab}), unless set
 *   KUBELAB_HOME  the data directory (--data-dir), so `kubelab` in the script talks to the same kubelab
 *   KUBECONFIG    as the learner's kubectl reads it; when unset, that kubelab's kubeconfig
 *   LAB_NAME, LAB_DIR   the lab's name and its directory (manifests it ships)
 *   LAB_WORK      <data-dir>/labs/<name>: the lab's working directory (and the script's cwd),
 *                 where the learner keeps the lab's files (snapshots, scripts)
 *
 * Output goes straight to the terminal, so a learner sees a grader's or a setup's words as
 * they come; the exit code is the script's.
 */
import { spawn } from 'node:child_process';
import { accessSync, constants, mkdirSync } from 'node:fs';
import { constants as os } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { daemonFiles } from '../data-dir.js';
import { type Lab, type LabScript, scriptPath } from './catalogue.js';

export interface LabContext {
  dataDir: string;
  /** The environment the CLI was started with. */
  env?: NodeJS.ProcessEnv;
  /** The running CLI's entry script (process.argv[1]). */
  cliPath?: string | undefined;
}

export function labWorkDir(dataDir: string, lab: Lab): string {
  return join(dataDir, 'labs', lab.name);
}

export function labEnvironment(lab: Lab, ctx: LabContext): NodeJS.ProcessEnv {
  const env = ctx.env ?? process.env;
  const kubelab = env['KUBELAB'] || executable(ctx.cliPath) || 'kubelab';
  return {
    ...env,
    KUBELAB: kubelab,
    KUBELAB_HOME: ctx.dataDir,
    KUBECONFIG: env['KUBECONFIG'] || daemonFiles(ctx.dataDir).kubeconfig,
    LAB_NAME: lab.name,
    LAB_DIR: lab.dir,
    LAB_WORK: labWorkDir(ctx.dataDir, lab),
    // The CLI's entry starts with "#!/usr/bin/env node": the node running us must be found
    // first, also where it is not on the learner's PATH (nvm, a CI tool cache).
    PATH: [dirname(process.execPath), env['PATH'] ?? ''].join(delimiter),
  };
}

/** Runs setup.sh, solution.sh or check.sh; resolves to its exit code (128 + n when killed by signal n). */
export function runLabScript(lab: Lab, script: LabScript, ctx: LabContext): Promise<number> {
  const env = labEnvironment(lab, ctx);
  mkdirSync(env['LAB_WORK']!, { recursive: true, mode: 0o700 });
  return new Promise((done, fail) => {
    const child = spawn('bash', [scriptPath(lab, script)], { cwd: env['LAB_WORK'], env, stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('error', fail);
    child.on('close', (code, signal) => done(code ?? 128 + (signal ? signalNumber(signal) : 0)));
  });
}

function executable(path: string | undefined): string | undefined {
  if (!path) return undefined;
  const absolute = resolve(path);
  try {
    accessSync(absolute, constants.X_OK);
    return absolute;
  } catch {
    return undefined;
  }
}

function signalNumber(signal: NodeJS.Signals): number {
  return os.signals[signal] ?? 0;
}
