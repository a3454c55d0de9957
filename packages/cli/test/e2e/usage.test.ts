import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Lab, assertBuilt } from '../support/lab.js';

const COMMANDS = ['down', 'kubeconfig', 'status', 'up', 'version'];
const lab = new Lab();

beforeAll(assertBuilt);
afterAll(() => lab.cleanup());

describe('kubelab --help', () => {
  it('lists every command with its description', async () => {
    const help = await lab.kubelab('--help');
    expect(help.code).toBe(0);
    for (const c of COMMANDS) expect(help.stdout).toMatch(new RegExp(`^ {2}${c} +[A-Z]\\w+`, 'm'));
  });

  it.each(COMMANDS)('kubelab %s --help shows usage, flags and examples', async (command) => {
    const help = await lab.kubelab(command, '--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain(`$ kubelab ${command}`);
    expect(help.stdout).toContain('--data-dir=DIR');
    expect(help.stdout).toMatch(/EXAMPLES\n[\s\S]*\$ kubelab /);
  });
});

describe('a bad command line', () => {
  it("exits 1, as kubectl's does, and names the flag", async () => {
    const kubectl = await lab.kubectl(undefined, 'get', '--bogus');
    const kubelab = await lab.kubelab('status', '--bogus');
    expect(kubelab.code).toBe(kubectl.code);
    expect(kubelab).toEqual({ code: 1, stdout: '', stderr: "error: nonexistent flag: --bogus\nSee 'kubelab status --help' for usage.\n" });
  });

  it('names the flag whose value is wrong', async () => {
    expect((await lab.kubelab('up', '--port', 'http')).stderr).toBe(
      "error: invalid argument for --port: expected an integer but received: http\nSee 'kubelab up --help' for usage.\n",
    );
    expect((await lab.kubelab('down', '--timeout', 'soon')).stderr).toMatch(/^error: invalid argument for --timeout: invalid duration "soon"/);
  });

  it('names an unknown command', async () => {
    expect(await lab.kubelab('upp')).toEqual({ code: 1, stdout: '', stderr: `error: unknown command "upp" for "kubelab"\nSee 'kubelab --help' for usage.\n` });
  });
});

describe('kubelab version --client', () => {
  it('prints the client version without a running kubelab', async () => {
    expect(await lab.kubelab('version', '--client')).toEqual({ code: 0, stdout: 'Client Version: v0.1.0\n', stderr: '' });
    expect(JSON.parse((await lab.kubelab('version', '--client', '-o', 'json')).stdout)).toMatchObject({ clientVersion: { gitVersion: 'v0.1.0' } });
  });
});
