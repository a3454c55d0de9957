/**
 * The etcd backup-and-restore drill, as a lab user runs it with the built CLI and the real
 * kubectl:
 *
 *   kubelab up --data-dir A; kubectl apply -f web.yaml
 *   kubelab etcd get /registry/deployments --prefix --keys-only      → its key
 *   kubelab etcd snapshot save s.db; kubectl delete deployment web; kubelab down
 *   kubelab etcd snapshot restore s.db --data-dir B --bump-revision 1000000000 --mark-compacted
 *   kubelab up --data-dir B                                          → the deployment is back
 *
 * and what the restore means for clients. A `kubectl get deployments -w` runs against A and
 * sees the deletion: the resourceVersion of that DELETED event is what an informer holds when
 * its API server goes away. It is newer than the snapshot, so without the bump it would name a
 * revision the restored store has not reached yet. The faithful check is what client-go's
 * reflector does next: it re-watches from that resourceVersion against the restored server
 * (here with the real kubectl, `get --raw …?watch=1&resourceVersion=<held>`), gets a 410
 * Expired ERROR event, relists — the list has the deployment, at a resourceVersion past the
 * bump — and watches from the list's resourceVersion, which works. (kubectl's own `get -w`
 * cannot show it across the restart: it exits when its server does, and it never re-watches.)
 *
 * A corrupt snapshot (one flipped byte) and a truncated one are refused with a clear error
 * and create nothing.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { start, until } from '../support/etcd.js';
import { Lab, alive, assertBuilt } from '../support/lab.js';

const BUMP = 1_000_000_000;

const WEB = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 1
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: web
        image: nginx:1.27
`;

let lab: Lab;

beforeAll(assertBuilt);

afterAll(async () => {
  if (!lab) return;
  for (const dir of ['A', 'B']) {
    const dataDir = join(lab.root, dir);
    await lab.kubelab('down', '--data-dir', dataDir, '--timeout', '5s');
    try {
      const pid = (JSON.parse(readFileSync(join(dataDir, 'kubelabd.json'), 'utf8')) as { pid: number }).pid;
      if (alive(pid)) process.kill(pid, 'SIGKILL');
    } catch {
      // stopped cleanly: no state file
    }
  }
  await lab.cleanup();
});

interface WatchEvent {
  type: string;
  object: { kind?: string; code?: number; reason?: string; metadata?: { name?: string; resourceVersion?: string } };
}

/** kubectl's `-o json` watch output: one JSON document after another (pretty-printed or not). */
function watchEvents(text: string): WatchEvent[] {
  const events: WatchEvent[] = [];
  let depth = 0;
  let begin = -1;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === '{' && depth++ === 0) begin = i;
    else if (c === '}' && --depth === 0) events.push(JSON.parse(text.slice(begin, i + 1)) as WatchEvent);
  }
  return events;
}

describe('the etcd snapshot drill', () => {
  it('restores a deleted deployment, and a client holding an old resourceVersion gets 410 and relists', async () => {
    lab = new Lab();
    const A = join(lab.root, 'A');
    const B = join(lab.root, 'B');
    const snapshot = join(lab.root, 's.db');
    const manifest = join(lab.root, 'web.yaml');
    writeFileSync(manifest, WEB);
    const kubectl = (dataDir: string, ...args: string[]) => lab.kubectl(join(dataDir, 'kubeconfig'), ...args);

    expect((await lab.kubelab('up', '--data-dir', A)).code).toBe(0);
    expect(await kubectl(A, 'apply', '-f', manifest)).toMatchObject({ code: 0, stdout: 'deployment.apps/web created\n' });
    expect(await lab.kubelab('etcd', 'get', '/registry/deployments/default/', '--prefix', '--keys-only', '--data-dir', A)).toEqual({
      code: 0,
      stdout: '/registry/deployments/default/web\n\n',
      stderr: '',
    });

    // A client watching deployments on A, as an informer would.
    const watcher = start('kubectl', ['get', 'deployments', '--watch', '--output-watch-events', '-o', 'json'], lab.env({ KUBECONFIG: join(A, 'kubeconfig') }));
    await until('kubectl get -w to list web', () => watchEvents(watcher.stdout).some((e) => e.type === 'ADDED' && e.object.metadata?.name === 'web'));

    expect(await lab.kubelab('etcd', 'snapshot', 'save', snapshot, '--data-dir', A)).toEqual({ code: 0, stdout: `Snapshot saved at ${snapshot}\n`, stderr: '' });
    const snapshotRevision = (JSON.parse((await lab.kubelab('etcd', 'snapshot', 'status', snapshot, '-w', 'json')).stdout) as { revision: number }).revision;

    expect(await kubectl(A, 'delete', 'deployment', 'web')).toMatchObject({ code: 0, stdout: 'deployment.apps "web" deleted\n' });
    await until('kubectl get -w to see the deletion', () => watchEvents(watcher.stdout).some((e) => e.type === 'DELETED'));
    const held = Number(watchEvents(watcher.stdout).find((e) => e.type === 'DELETED')?.object.metadata?.resourceVersion);
    // What the client holds is newer than the snapshot: the restored store must move past it.
    expect(held).toBeGreaterThan(snapshotRevision);

    expect((await lab.kubelab('down', '--data-dir', A)).code).toBe(0);
    await watcher.exited; // kubectl get -w ends with its server

    // A damaged snapshot changes nothing: one flipped byte, or cut short.
    const bytes = readFileSync(snapshot);
    const flipped = Buffer.from(bytes);
    flipped[Math.floor(bytes.length / 2)] = flipped[Math.floor(bytes.length / 2)]! ^ 0x20;
    writeFileSync(join(lab.root, 'flipped.db'), flipped);
    writeFileSync(join(lab.root, 'cut.db'), bytes.subarray(0, Math.floor(bytes.length / 3)));
    for (const [file, reason] of [
      ['flipped.db', /integrity check failed: expected sha256 [0-9a-f]{64}, got [0-9a-f]{64}/],
      ['cut.db', /truncated: \d+ bytes, but its database alone needs \d+/],
    ] as const) {
      const path = join(lab.root, file);
      const refused = await lab.kubelab('etcd', 'snapshot', 'restore', path, '--data-dir', B, '--bump-revision', String(BUMP), '--mark-compacted');
      expect(refused.code).toBe(1);
      expect(refused.stdout).toBe('');
      expect(refused.stderr).toMatch(new RegExp(`^Error: snapshot ${path}: ${reason.source}\\n$`));
      expect(existsSync(B)).toBe(false);
      expect((await lab.kubelab('etcd', 'snapshot', 'status', path)).code).toBe(1);
    }

    const restored = await lab.kubelab('etcd', 'snapshot', 'restore', snapshot, '--data-dir', B, '--bump-revision', String(BUMP), '--mark-compacted');
    expect(restored).toMatchObject({ code: 0, stdout: '' });
    expect(restored.stderr).toBe(`restored snapshot ${snapshot} (revision ${snapshotRevision}, bumped to ${snapshotRevision + BUMP}; compacted at ${snapshotRevision + BUMP}) into ${B}\n`);
    expect((await lab.kubelab('up', '--data-dir', B)).code).toBe(0);

    // The deployment is back.
    expect(await kubectl(B, 'get', 'deployment', 'web', '-o', 'jsonpath={.metadata.name} {.spec.template.spec.containers[0].image}')).toMatchObject({ code: 0, stdout: 'web nginx:1.27' });
    expect((await lab.kubelab('etcd', 'get', '/registry/deployments/default/', '--prefix', '--keys-only', '--data-dir', B)).stdout).toBe('/registry/deployments/default/web\n\n');

    // The client re-watches from what it held: 410 Expired, as from a compacted etcd.
    const rewatch = await kubectl(B, 'get', '--raw', `/apis/apps/v1/namespaces/default/deployments?watch=1&resourceVersion=${held}`);
    expect(rewatch.code).toBe(0);
    const [expired, ...rest] = watchEvents(rewatch.stdout);
    expect(rest).toEqual([]);
    expect(expired).toMatchObject({ type: 'ERROR', object: { kind: 'Status', code: 410, reason: 'Expired' } });

    // It relists: the deployment, at a resourceVersion past the bump ...
    const list = JSON.parse((await kubectl(B, 'get', '--raw', '/apis/apps/v1/namespaces/default/deployments')).stdout) as {
      metadata: { resourceVersion: string };
      items: Array<{ metadata: { name: string } }>;
    };
    expect(list.items.map((d) => d.metadata.name)).toEqual(['web']);
    const relisted = Number(list.metadata.resourceVersion);
    expect(relisted).toBeGreaterThan(snapshotRevision + BUMP);

    // ... and watches from there: the next change arrives.
    const rewatcher = start('kubectl', ['get', '--raw', `/apis/apps/v1/namespaces/default/deployments?watch=1&resourceVersion=${relisted}`], lab.env({ KUBECONFIG: join(B, 'kubeconfig') }));
    expect((await kubectl(B, 'scale', 'deployment', 'web', '--replicas', '2')).code).toBe(0);
    await until('the watch from the relisted resourceVersion to see the scale', () =>
      watchEvents(rewatcher.stdout).some((e) => e.type === 'MODIFIED' && (e.object as { spec?: { replicas?: number } }).spec?.replicas === 2),
    );
    rewatcher.kill();
    await rewatcher.exited;
    expect(watchEvents(rewatcher.stdout).every((e) => e.type !== 'ERROR')).toBe(true);
  }, 180_000);
});

