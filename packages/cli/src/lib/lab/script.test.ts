import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findLab } from './catalogue.js';
import { labEnvironment, labWorkDir, runLabScript } from './script.js';

let root: string;
afterEach(() => rmSync(root, { recursive: true, force: true }));

/** A lab whose scripts record their environment and working directory, and exit as told. */
function recordingLab(exitCode: number) {
  root = mkdtempSync(join(tmpdir(), 'lab-script-'));
  const dir = join(root, 'labs', 'probe');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'README.md'), '# Probe\n');
  const record = `printf '%s\\n' "$PWD" "$KUBELAB" "$KUBELAB_HOME" "$KUBECONFIG" "$LAB_NAME" "$LAB_DIR" "$LAB_WORK" > "${join(root, 'seen')}"\nexit ${exitCode}\n`;
  for (const s of ['setup', 'solution', 'check']) writeFileSync(join(dir, `${s}.sh`), record);
  return findLab(join(root, 'labs'), 'probe');
}

describe('running a lab script', () => {
  it("runs in the lab's work directory with the CLI, the data directory's kubeconfig and the lab's paths", async () => {
    const lab = recordingLab(0);
    const dataDir = join(root, 'data');
    const cli = join(root, 'kubelab');
    writeFileSync(cli, '#!/bin/sh\n', { mode: 0o755 });
    const env = { PATH: process.env['PATH'] ?? '' };
    expect(await runLabScript(lab, 'check', { dataDir, env, cliPath: cli })).toBe(0);
    const work = labWorkDir(dataDir, lab);
    expect(work).toBe(join(dataDir, 'labs', 'probe'));
    expect(readFileSync(join(root, 'seen'), 'utf8').split('\n')).toEqual([work, cli, dataDir, join(dataDir, 'kubeconfig'), 'probe', lab.dir, work, '']);
  });

  it("keeps the learner's KUBECONFIG and KUBELAB, and falls back to kubelab on the PATH", () => {
    const lab = recordingLab(0);
    const ctx = { dataDir: join(root, 'data'), env: { KUBECONFIG: '/mine', KUBELAB: '/opt/kubelab' }, cliPath: '/not/executable' };
    expect(labEnvironment(lab, ctx)).toMatchObject({ KUBECONFIG: '/mine', KUBELAB: '/opt/kubelab' });
    expect(labEnvironment(lab, { ...ctx, env: {} })).toMatchObject({ KUBECONFIG: join(root, 'data', 'kubeconfig'), KUBELAB: 'kubelab' });
  });

  it("resolves to the script's exit code", async () => {
    const lab = recordingLab(3);
    expect(await runLabScript(lab, 'setup', { dataDir: join(root, 'data') })).toBe(3);
  });
});
