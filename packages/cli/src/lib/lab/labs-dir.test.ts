import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findUp, resolveLabsDir } from './labs-dir.js';

let root: string;
afterEach(() => rmSync(root, { recursive: true, force: true }));

/** A repository-like tree: <root>/fixtures/labs and the CLI's built files deep below. */
function repository(): { labs: string; bundleChunk: string; compiled: string } {
  root = mkdtempSync(join(tmpdir(), 'labs-dir-'));
  const labs = join(root, 'fixtures', 'labs');
  mkdirSync(labs, { recursive: true });
  mkdirSync(join(root, 'packages/cli/dist/bundle/chunks'), { recursive: true });
  mkdirSync(join(root, 'packages/cli/dist/lib/lab'), { recursive: true });
  return { labs, bundleChunk: join(root, 'packages/cli/dist/bundle/chunks/lab-abc123.js'), compiled: join(root, 'packages/cli/dist/lib/lab/labs-dir.js') };
}

describe('resolveLabsDir', () => {
  it("finds the repository's fixtures/labs from a bundle chunk and from the compiled module alike", () => {
    const { labs, bundleChunk, compiled } = repository();
    expect(resolveLabsDir(undefined, {}, bundleChunk)).toBe(labs);
    expect(resolveLabsDir(undefined, {}, compiled)).toBe(labs);
  });

  it('finds the real repository from its own source', () => {
    root = mkdtempSync(join(tmpdir(), 'labs-dir-'));
    expect(resolveLabsDir(undefined, {})).toMatch(/[\\/]fixtures[\\/]labs$/);
  });

  it('takes --labs-dir over $KUBELAB_LABS over the repository', () => {
    const { labs, compiled } = repository();
    const mine = join(root, 'mine');
    const theirs = join(root, 'theirs');
    mkdirSync(mine);
    mkdirSync(theirs);
    expect(resolveLabsDir(mine, { KUBELAB_LABS: theirs }, compiled)).toBe(mine);
    expect(resolveLabsDir(undefined, { KUBELAB_LABS: theirs }, compiled)).toBe(theirs);
    expect(resolveLabsDir(undefined, { KUBELAB_LABS: '' }, compiled)).toBe(labs);
  });

  it('says which directory is missing, and how to name one', () => {
    root = mkdtempSync(join(tmpdir(), 'labs-dir-'));
    expect(() => resolveLabsDir(join(root, 'nope'), {})).toThrow(`labs directory ${join(root, 'nope')} does not exist`);
    const lonely = join(root, 'a/b/c.js');
    expect(() => resolveLabsDir(undefined, {}, lonely)).toThrow(/cannot find the labs \(fixtures\/labs\) above .*; name their directory with --labs-dir or \$KUBELAB_LABS/);
  });
});

describe('findUp', () => {
  it('returns the nearest match, and undefined at the root', () => {
    const { labs } = repository();
    mkdirSync(join(root, 'packages/fixtures/labs'), { recursive: true });
    expect(findUp(join(root, 'packages/cli'), 'fixtures/labs')).toBe(join(root, 'packages/fixtures/labs'));
    expect(findUp(root, 'fixtures/labs')).toBe(labs);
    expect(findUp(root, 'no/such/dir')).toBeUndefined();
  });
});
