import { existsSync, renameSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Lab, alive, assertBuilt } from '../support/lab.js';

let lab: Lab;

beforeAll(assertBuilt);
afterEach(async () => lab?.cleanup());

describe('kubelab up when kubelabd cannot start', () => {
  it('refuses a second kubelabd on a data directory another one holds, and shows its reason', async () => {
    lab = new Lab();
    expect((await lab.kubelab('up')).code).toBe(0);
    const pid = lab.daemonPid();
    // Hide the running daemon's state file, so the second `up` really starts a second daemon.
    const state = join(lab.dataDir, 'kubelabd.json');
    renameSync(state, `${state}.hidden`);
    const second = await lab.kubelab('up');
    renameSync(`${state}.hidden`, state);
    expect(second.code).toBe(1);
    expect(second.stdout).toBe('');
    expect(second.stderr).toContain(
      `error: kubelabd could not start: data directory ${lab.dataDir} is in use by another kubelabd (pid ${pid}); stop it first (kubelab down) or choose another --data-dir\n`,
    );
    expect(second.stderr).toContain(`kubelabd exited with code 1 before it was ready. The end of its log, ${join(lab.dataDir, 'kubelabd.log')}:`);
    expect(alive(pid ?? 0)).toBe(true);
  });

  it('fails on a port another program holds, with the reason from the daemon log, and leaves nothing running', async () => {
    lab = new Lab();
    const holder = createServer();
    await new Promise<void>((r) => holder.listen(0, '127.0.0.1', r));
    const port = (holder.address() as { port: number }).port;
    try {
      const up = await lab.kubelab('up', '--port', String(port));
      expect(up.code).toBe(1);
      expect(up.stderr).toMatch(new RegExp(`^error: kubelabd could not start: port ${port} on 127\\.0\\.0\\.1 is already in use; choose another with --port\\n`));
      expect((await lab.kubelab('status')).code).toBe(1);
    } finally {
      holder.close();
    }
  });

  it('stops a kubelabd that is not ready in time, so the next up can start one', async () => {
    lab = new Lab();
    const up = await lab.kubelab('up', '--timeout', '1ms');
    expect(up.code).toBe(1);
    expect(up.stderr).toMatch(/^error: kubelabd could not start\nkubelabd \(pid (\d+)\) was not ready within 0\.001s, so it was stopped\. The end of its log/);
    const pid = Number(/pid (\d+)/.exec(up.stderr)?.[1]);
    expect(alive(pid)).toBe(false);
    expect((await lab.kubelab('up')).code).toBe(0);
  });
});

describe('a kubelabd that is stuck or gone', () => {
  it('is reported as not answering, refused by up, and killed by down after the grace period', async () => {
    lab = new Lab();
    expect((await lab.kubelab('up')).code).toBe(0);
    const pid = lab.daemonPid() ?? 0;
    process.kill(pid, 'SIGSTOP');
    const status = await lab.kubelab('status');
    expect(status.code).toBe(1);
    expect(status.stdout).toMatch(new RegExp(`^kubelabd \\(pid ${pid}\\) is running but does not answer: no answer from https://127\\.0\\.0\\.1:\\d+ within 3000 ms\\n`));
    const up = await lab.kubelab('up');
    expect(up.code).toBe(1);
    expect(up.stderr).toMatch(new RegExp(`^error: kubelabd \\(pid ${pid}\\) holds ${lab.dataDir} but does not answer at https://127\\.0\\.0\\.1:\\d+: .*\\nstop it with: kubelab down\\n$`));
    const down = await lab.kubelab('down', '--timeout', '1s');
    expect(down).toMatchObject({ code: 0, stdout: `kubelab did not stop within 1s and was killed (pid ${pid}).\n` });
    expect(alive(pid)).toBe(false);
    expect(existsSync(join(lab.dataDir, 'kubelabd.json'))).toBe(false);
  });

  it('that was killed is reported as not running with a note, and up starts a new one', async () => {
    lab = new Lab();
    expect((await lab.kubelab('up')).code).toBe(0);
    const pid = lab.daemonPid() ?? 0;
    process.kill(pid, 'SIGKILL');
    const status = await lab.kubelab('status');
    expect(status).toMatchObject({ code: 1 });
    expect(status.stdout).toContain(`note: the last kubelabd (pid ${pid}) did not stop cleanly.\n`);
    const up = await lab.kubelab('up');
    expect(up.code).toBe(0);
    expect(lab.daemonPid()).not.toBe(pid);
  });
});
