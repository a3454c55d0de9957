import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseManifests, readManifests } from './read.js';

describe('manifests, as kubectl apply -f reads them', () => {
  it('splits YAML streams and Lists into objects', async () => {
    const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n---\n---\napiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Secret\n  metadata:\n    name: b\n';
    expect((await parseManifests(text, 'x.yaml')).map((m) => `${m.object.kind}/${m.object.metadata?.name}`)).toEqual(['ConfigMap/a', 'Secret/b']);
  });

  it("reads a directory's manifests, and its subdirectories only with -R", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'manifests-'));
    mkdirSync(join(dir, 'sub'));
    writeFileSync(join(dir, 'a.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n');
    writeFileSync(join(dir, 'notes.txt'), 'not a manifest');
    writeFileSync(join(dir, 'sub', 'b.json'), '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"b"}}');
    expect((await readManifests([dir], false)).map((m) => m.object.metadata?.name)).toEqual(['a']);
    expect((await readManifests([dir], true)).map((m) => m.object.metadata?.name)).toEqual(['a', 'b']);
  });

  it("fails in kubectl's words for a missing path, bad YAML and a missing kind", async () => {
    await expect(readManifests(['/nonexistent/x.yaml'], false)).rejects.toThrow('the path "/nonexistent/x.yaml" does not exist');
    await expect(parseManifests('a: [\n', 'bad.yaml')).rejects.toThrow(/^error parsing bad\.yaml: error converting YAML to JSON: yaml: line \d+: /);
    await expect(parseManifests('kind: ConfigMap\n', 'STDIN')).rejects.toThrow('error validating "STDIN": error validating data: apiVersion not set; if you choose to ignore these errors, turn validation off with --validate=false');
  });
});
