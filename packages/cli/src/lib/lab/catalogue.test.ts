import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findLab, listLabs, scriptPath, titleOf } from './catalogue.js';

let root: string;
afterEach(() => rmSync(root, { recursive: true, force: true }));

function labsDir(labs: Record<string, Record<string, string>>): string {
  root = mkdtempSync(join(tmpdir(), 'labs-'));
  for (const [name, files] of Object.entries(labs)) {
    mkdirSync(join(root, name));
    for (const [file, text] of Object.entries(files)) writeFileSync(join(root, name, file), text);
  }
  return root;
}

const complete = (readme: string) => ({ 'README.md': readme, 'setup.sh': '', 'solution.sh': '', 'check.sh': '' });

describe('the lab catalogue', () => {
  it('lists the directories with all four files, by name, titled by their README', () => {
    const dir = labsDir({
      zeta: complete('# Zeta: the last one\n\ntext'),
      alpha: complete('intro line\n# Alpha\n## not this\n'),
      untitled: complete('no heading here'),
      half: { 'README.md': '# Half', 'setup.sh': '' },
      _lib: complete('# shared helpers'),
    });
    writeFileSync(join(dir, 'notes.md'), '# a file, not a lab');
    expect(listLabs(dir).map((l) => [l.name, l.title])).toEqual([
      ['alpha', 'Alpha'],
      ['untitled', 'untitled'],
      ['zeta', 'Zeta: the last one'],
    ]);
  });

  it('finds a lab by name, with its task and its scripts', () => {
    const dir = labsDir({ drain: complete('# Drain a node\n\nDo it.\n') });
    const lab = findLab(dir, 'drain');
    expect(lab).toEqual({ name: 'drain', title: 'Drain a node', dir: join(dir, 'drain'), readme: '# Drain a node\n\nDo it.\n' });
    expect(scriptPath(lab, 'check')).toBe(join(dir, 'drain', 'check.sh'));
  });

  it('refuses unknown labs, incomplete ones, helpers and paths, naming the directory', () => {
    const dir = labsDir({ half: { 'README.md': '# Half' }, _lib: complete('# helpers'), real: complete('# Real') });
    for (const name of ['nope', 'half', '_lib', '../real', 'real/..', '.', '']) {
      expect(() => findLab(dir, name)).toThrow(`lab "${name}" not found in ${dir} (kubelab lab list shows the labs)`);
    }
  });
});

describe('titleOf', () => {
  it("is the first level-one heading's text", () => {
    expect(titleOf('# One  \n# Two')).toBe('One');
    expect(titleOf('## Sub\n#NoSpace\n')).toBeUndefined();
  });
});
