/**
 * Every lab exercise in fixtures/labs, as CI runs it: on a fresh kubelab of its own,
 *
 *   kubelab lab start NAME    → setup.sh, then the task; exit 0
 *   kubelab lab check NAME    → must FAIL: exit ≠ 0, and say in plain words what is wrong
 *   kubelab lab solve NAME    → solution.sh, the reference solution; exit 0
 *   kubelab lab check NAME    → must PASS: exit 0, nothing left to do
 *
 * with the built CLI and the real kubectl inside the scripts. The clusters start with short
 * node-failure timings (a node silent for 20 s is Unknown, not 40 s), so the
 * whole set takes a few minutes. Each lab names below the words its check must say right
 * after setup: a grader that fails for the wrong reason would teach the wrong thing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listLabs } from '../../src/lib/lab/catalogue.js';
import { assertBuilt } from '../support/lab.js';
import { LABS_DIR, LabCluster } from '../support/lab-runner.js';

/** What each lab's check says right after setup (one line of its checklist, at least). */
const FAILS_AFTER_SETUP: Record<string, RegExp[]> = {
  'custom-scheduler': [/^ {2}\[ \] pod hello-\S+ is Pending, bound to no node, and no scheduler has said why \(its schedulerName: my-scheduler\)$/m],
  'etcd-backup-restore': [/^ {2}\[ \] there is no valid snapshot at \S+\/labs\/etcd-backup-restore\/backup\.db/m, /^ {2}\[ \] no kubelab runs on the restored data directory/m],
  'node-failure': [/^ {2}\[ \] worker-2 has not failed yet/m],
  'node-maintenance': [/^ {2}\[ \] worker-2 has not been drained: .*scratch/m],
  'rolling-update': [/^ {2}\[ \] pod web-\S+: container waiting with (ErrImagePull|ImagePullBackOff)/m, /^ {2}\[ \] the broken release nginx:1\.27\.99 was never rolled back/m],
  scheduling: [
    /^ {2}\[ \] pod trainer-\S+ is Pending: 0\/4 nodes are available: .*1 node\(s\) had untolerated taint \{dedicated: gpu\}/m,
    /^ {2}\[ \] the nodes labelled disktype=ssd are: none; it should be exactly worker-2$/m,
    /^ {2}\[ \] the cache pods share a node: worker-1 worker-1$/m,
  ],
  services: [/^ {2}\[ \] there is no Service web/m],
  troubleshooting: [/^ {2}\[ \] pod frontend-\S+: container waiting with (ErrImagePull|ImagePullBackOff)/m, /^ {2}\[ \] deployment api's liveness probe asks port 8080/m],
};

const LAB_TIMEOUT_MS = 300_000;
const labs = listLabs(LABS_DIR);
const clusters: LabCluster[] = [];

beforeAll(assertBuilt);
afterAll(async () => {
  await Promise.all(clusters.map((c) => c.cleanup()));
});

describe('the lab catalogue', () => {
  it('has the eight labs of issue 8, each with the words its check says after setup', () => {
    expect(labs.map((l) => l.name)).toEqual(Object.keys(FAILS_AFTER_SETUP).sort());
  });
});

describe.concurrent('every lab, on a fresh kubelab: setup → check fails → solution → check passes', () => {
  for (const { name, title } of labs) {
    it(name, async () => {
      const cluster = new LabCluster();
      clusters.push(cluster);
      await cluster.up();

      const started = await cluster.cli(LAB_TIMEOUT_MS, 'lab', 'start', name);
      expect(started.code, transcript('lab start', started)).toBe(0);
      expect(started.stdout).toContain(`# ${title}\n`);
      expect(started.stdout).toContain(`When you are done: kubelab lab check ${name}\n`);

      const failing = await cluster.cli(LAB_TIMEOUT_MS, 'lab', 'check', name);
      expect(failing.code, transcript('lab check after setup', failing)).not.toBe(0);
      expect(failing.stdout).toMatch(new RegExp(`\\d+ thing\\(s\\) still to do\\.\\nFAIL: lab ${name} is not done yet \\(check exited ${failing.code}\\)\\.\\n$`));
      for (const words of FAILS_AFTER_SETUP[name] ?? [/(?!)/]) expect(failing.stdout, transcript('lab check after setup', failing)).toMatch(words);

      const solved = await cluster.cli(LAB_TIMEOUT_MS, 'lab', 'solve', name);
      expect(solved.code, transcript('lab solve', solved)).toBe(0);

      const passing = await cluster.cli(LAB_TIMEOUT_MS, 'lab', 'check', name);
      expect(passing.code, transcript('lab check after the solution', passing)).toBe(0);
      expect(passing.stdout).not.toContain('[ ]');
      expect(passing.stdout).toMatch(new RegExp(`^ {2}\\[x\\] .*\\n[^]*Everything checks out\\.\\nPASS: lab ${name} is done\\.\\n$`));
    }, LAB_TIMEOUT_MS * 2);
  }
});

function transcript(what: string, r: { code: number; stdout: string; stderr: string }): string {
  return `${what} exited ${r.code}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`;
}
