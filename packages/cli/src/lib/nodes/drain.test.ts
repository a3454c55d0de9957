import { describe, expect, it } from 'vitest';
import { planDeletion } from './drain.js';

const pod = (name: string, extra: Record<string, unknown> = {}) => ({ metadata: { name, namespace: 'default', ...((extra['metadata'] as object) ?? {}) }, spec: (extra['spec'] as object) ?? {}, status: { phase: 'Running' } });
const owned = (kind: string) => ({ metadata: { ownerReferences: [{ kind, name: 'o', uid: 'u', controller: true }] } });
const base = { ignoreDaemonsets: false, deleteEmptydirData: false, force: false, gracePeriod: -1, timeoutMs: 0, disableEviction: false };

describe('which pods kubectl drain removes', () => {
  it('blocks on DaemonSet pods, bare pods and emptyDir pods, with kubectl\'s messages', () => {
    const plan = planDeletion([pod('ds', owned('DaemonSet')), pod('bare'), pod('cache', { ...owned('ReplicaSet'), spec: { volumes: [{ name: 'c', emptyDir: {} }] } }), pod('web', owned('ReplicaSet'))], base);
    expect(plan.errors).toEqual([
      'cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore): default/ds',
      'cannot delete cannot delete Pods that declare no controller (use --force to override): default/bare',
      'cannot delete Pods with local storage (use --delete-emptydir-data to override): default/cache',
    ]);
    expect(plan.pods.map((p) => p.metadata.name)).toEqual(['web']);
  });

  it('turns the blocks into warnings with the flags, and skips DaemonSet pods', () => {
    const plan = planDeletion([pod('ds', owned('DaemonSet')), pod('bare'), pod('web', owned('ReplicaSet'))], { ...base, ignoreDaemonsets: true, force: true });
    expect(plan.errors).toEqual([]);
    expect(plan.warnings).toBe('ignoring DaemonSet-managed Pods: default/ds; deleting Pods that declare no controller: default/bare');
    expect(plan.pods.map((p) => p.metadata.name)).toEqual(['bare', 'web']);
  });
});
