/**
 * `kubelab lab list|start|check|solve` with the built CLI, on an instructor's own labs
 * directory (--labs-dir / $KUBELAB_LABS) whose scripts need no cluster: what each command
 * prints, the exit codes, and the errors. The real labs run in labs.test.ts.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Lab, assertBuilt } from '../support/lab.js';
import { LABS_DIR } from '../support/lab-runner.js';

let lab: Lab;
beforeAll(assertBuilt);
afterEach(async () => lab?.cleanup());

/** A labs directory with one lab, "demo", whose check passes once its solution has run. */
function demoLabs(setupExit = 0): string {
  const dir = join(lab.root, 'course');
  mkdirSync(join(dir, 'demo'), { recursive: true });
  const file = (name: string, text: string) => writeFileSync(join(dir, 'demo', name), text);
  file('README.md', '# A demo lab\n\nMake the file `solved` in the work directory.\n');
  file('setup.sh', `echo "setting up in $PWD"; rm -f solved; exit ${setupExit}\n`);
  file('solution.sh', 'touch solved; echo "solved it"\n');
  file('check.sh', 'if [ -e solved ]; then echo "  [x] solved exists"; exit 0; fi\necho "  [ ] there is no file solved in $LAB_WORK"\nexit 2\n');
  return dir;
}

describe('kubelab lab', () => {
  it('list prints the repository\'s labs as a table, found from the built CLI\'s own location', async () => {
    lab = new Lab();
    const list = await lab.kubelab('lab', 'list');
    expect(list).toMatchObject({ code: 0, stderr: '' });
    const lines = list.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^NAME {3,}TITLE$/);
    expect(lines.slice(1).map((l) => l.split(/ {3,}/)[0])).toEqual([
      'custom-scheduler',
      'etcd-backup-restore',
      'node-failure',
      'node-maintenance',
      'rolling-update',
      'scheduling',
      'services',
      'troubleshooting',
    ]);
    expect(list.stdout).toMatch(/^rolling-update {3,}Rolling update and rollback$/m);
    expect((await lab.kubelab('lab', 'list', '--labs-dir', LABS_DIR)).stdout).toBe(list.stdout);
  });

  it('start runs the setup in the work directory and prints the task; check fails, solve, check passes', async () => {
    lab = new Lab();
    const labs = demoLabs();
    const work = join(lab.dataDir, 'labs', 'demo');
    const kubelab = (...args: string[]) => lab.kubelabWith({ KUBELAB_LABS: labs }, 'lab', ...args);

    expect(await kubelab('list')).toMatchObject({ code: 0, stdout: 'NAME   TITLE\ndemo   A demo lab\n' });
    expect(await kubelab('start', 'demo')).toEqual({
      code: 0,
      stdout: `setting up in ${work}\n\n# A demo lab\n\nMake the file \`solved\` in the work directory.\n\nWork directory: ${work}\nWhen you are done: kubelab lab check demo\n`,
      stderr: 'Setting up lab demo ...\n',
    });
    expect(await kubelab('check', 'demo')).toEqual({
      code: 2,
      stdout: `  [ ] there is no file solved in ${work}\nFAIL: lab demo is not done yet (check exited 2).\n`,
      stderr: '',
    });
    expect(await kubelab('solve', 'demo')).toEqual({ code: 0, stdout: 'solved it\n', stderr: '' });
    expect(await kubelab('check', 'demo')).toEqual({ code: 0, stdout: '  [x] solved exists\nPASS: lab demo is done.\n', stderr: '' });
  });

  it('a failing setup is an error with its exit code', async () => {
    lab = new Lab();
    const labs = demoLabs(4);
    const started = await lab.kubelab('lab', 'start', 'demo', '--labs-dir', labs);
    expect(started.code).toBe(4);
    expect(started.stdout).toBe(`setting up in ${join(lab.dataDir, 'labs', 'demo')}\n`);
    expect(started.stderr).toBe('Setting up lab demo ...\nerror: setup of lab demo failed (setup.sh exited 4)\n');
  });

  it('says which lab it cannot find, and wants exactly one', async () => {
    lab = new Lab();
    const labs = demoLabs();
    expect(await lab.kubelab('lab', 'check', 'nope', '--labs-dir', labs)).toEqual({
      code: 1,
      stdout: '',
      stderr: `error: lab "nope" not found in ${labs} (kubelab lab list shows the labs)\n`,
    });
    expect(await lab.kubelab('lab', 'start', '--labs-dir', labs)).toMatchObject({ code: 1, stderr: 'Error: accepts 1 arg(s), received 0\n' });
    expect(await lab.kubelab('lab', 'list', '--labs-dir', join(lab.root, 'missing'))).toEqual({
      code: 1,
      stdout: '',
      stderr: `error: labs directory ${join(lab.root, 'missing')} does not exist\n`,
    });
  });

  it('without a running kubelab, a real lab says so: setup refuses, the check fails in words', async () => {
    lab = new Lab();
    const kubeconfig = join(lab.dataDir, 'kubeconfig');
    const started = await lab.kubelab('lab', 'start', 'troubleshooting');
    expect(started.code).toBe(1);
    expect(started.stdout).toBe('');
    expect(started.stderr).toBe(
      `Setting up lab troubleshooting ...\nThe cluster does not answer (KUBECONFIG=${kubeconfig}). Start kubelab first: kubelab up --nodes 2\nerror: setup of lab troubleshooting failed (setup.sh exited 1)\n`,
    );
    expect(await lab.kubelab('lab', 'check', 'troubleshooting')).toEqual({
      code: 1,
      stdout: `  [ ] the cluster does not answer (KUBECONFIG=${kubeconfig}): is kubelab up?\n1 thing(s) still to do.\nFAIL: lab troubleshooting is not done yet (check exited 1).\n`,
      stderr: '',
    });
  });

  it('a setup refuses a cluster with too few workers, and says how to get them', async () => {
    lab = new Lab();
    expect((await lab.kubelab('up', '--nodes', '2')).code).toBe(0);
    expect(await lab.kubelab('lab', 'start', 'scheduling')).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'Setting up lab scheduling ...\n' +
        'This lab needs 3 Ready worker nodes (worker-1 … worker-3), and there is no worker-3.\n' +
        'Add it (kubelab node add worker-3), or start kubelab with kubelab up --nodes 3.\n' +
        'error: setup of lab scheduling failed (setup.sh exited 1)\n',
    });
  });

  it('has help with examples', async () => {
    lab = new Lab();
    const help = await lab.kubelab('lab', 'check', '--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('$ kubelab lab check scheduling');
    expect(help.stdout).toContain('--labs-dir=DIR');
  });
});
