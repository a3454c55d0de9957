import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Lab, assertBuilt } from '../support/lab.js';

interface ManifestCommand {
  id: string;
  hidden?: boolean;
  examples?: unknown[];
  summary?: string;
}

const manifest = (): Record<string, ManifestCommand> =>
  (JSON.parse(readFileSync(new URL('../../oclif.manifest.json', import.meta.url), 'utf8')) as { commands: Record<string, ManifestCommand> }).commands;
const SAMPLE = ['up', 'get', 'apply', 'create deployment', 'rollout status', 'config set-context', 'top node'];
const lab = new Lab();

beforeAll(assertBuilt);
afterAll(() => lab.cleanup());

describe('kubelab --help', () => {
  it('lists the commands with their descriptions', async () => {
    const help = await lab.kubelab('--help');
    expect(help.code).toBe(0);
    for (const c of ['apply', 'describe', 'get', 'up', 'version']) expect(help.stdout).toMatch(new RegExp(`^ {2}${c} +[A-Z]\\w+`, 'm'));
  });

  it('every visible command has a summary and examples', () => {
    const missing = Object.values(manifest()).filter((c) => !c.hidden && (!c.summary || !c.examples?.length));
    expect(missing.map((c) => c.id)).toEqual([]);
  });

  it.each(SAMPLE)('kubelab %s --help shows usage, flags and examples', async (command) => {
    const help = await lab.kubelab(...command.split(' '), '--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain(`$ kubelab ${command}`);
    expect(help.stdout).toMatch(/FLAGS\n/);
    expect(help.stdout).toMatch(/EXAMPLES\n[\s\S]*\$ kubelab /);
  });
});

describe('a bad command line', () => {
  it("exits 1 and names the flag in kubectl's words", async () => {
    const kubectl = await lab.kubectl(undefined, 'get', 'pods', '--bogus');
    const kubelab = await lab.kubelab('get', 'pods', '--bogus');
    expect(kubelab).toEqual({ code: kubectl.code, stdout: '', stderr: kubectl.stderr.replaceAll('kubectl', 'kubelab') });
    expect(kubelab.stderr).toBe("Error: unknown flag: --bogus\nSee 'kubelab get --help' for usage.\n");
  });

  it('names the flag whose value is wrong, as pflag does', async () => {
    expect((await lab.kubelab('up', '--port', 'http')).stderr).toBe(
      `Error: invalid argument "http" for "--port" flag: strconv.ParseInt: parsing "http": invalid syntax\nSee 'kubelab up --help' for usage.\n`,
    );
    expect((await lab.kubelab('down', '--timeout', 'soon')).stderr).toMatch(/^Error: invalid argument "soon" for "--timeout" flag: time: invalid duration "soon"\n/);
    const kubectl = await lab.kubectl(undefined, 'get', 'pods', '-n');
    expect(await lab.kubelab('get', 'pods', '-n')).toEqual({ code: 1, stdout: '', stderr: kubectl.stderr.replaceAll('kubectl', 'kubelab') });
  });

  it('names an unknown command and suggests near ones, as kubectl does', async () => {
    const kubectl = await lab.kubectl(undefined, 'gett');
    expect(kubectl.stderr).toContain('Did you mean this?');
    expect(await lab.kubelab('upp')).toEqual({ code: 1, stdout: '', stderr: 'Error: unknown command "upp" for "kubelab"\n\nDid you mean this?\n\ttop\n\tup\n\n' });
    expect(await lab.kubelab('zzzzzz')).toEqual({ code: 1, stdout: '', stderr: 'Error: unknown command "zzzzzz" for "kubelab"\n' });
  });
});

describe('kubelab version --client', () => {
  it('prints the client version without a running kubelab', async () => {
    expect(await lab.kubelab('version', '--client')).toEqual({ code: 0, stdout: 'Client Version: v0.1.0\n', stderr: '' });
    expect(JSON.parse((await lab.kubelab('version', '--client', '-o', 'json')).stdout)).toMatchObject({ clientVersion: { gitVersion: 'v0.1.0' } });
  });
});

describe('shell completion', () => {
  it('prints bash and zsh scripts, and completes commands, subcommands and flags', async () => {
    expect((await lab.kubelab('completion', 'bash')).stdout).toContain('complete -o default -F _kubelab_complete kubelab');
    expect((await lab.kubelab('completion', 'zsh')).stdout).toContain('compdef _kubelab kubelab');
    expect((await lab.kubelab('completion', 'fish')).stderr).toBe('error: Unsupported shell type "fish".\n');
    expect((await lab.kubelab('__complete', 'rollout', '--', '')).stdout).toBe('history\npause\nrestart\nresume\nstatus\nundo\n');
    expect((await lab.kubelab('__complete', 'get', '--', '')).stdout).toMatch(/^clusterrolebindings\n[\s\S]*\ndeployments\n[\s\S]*\npods\n/);
    expect((await lab.kubelab('__complete', 'get', '--', '--')).stdout).toContain('--all-namespaces\n');
  });
});
