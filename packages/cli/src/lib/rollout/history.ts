/**
 * Rollout history as kubectl reads it: a deployment's revisions are its replica sets
 * (annotation deployment.kubernetes.io/revision, change cause kubernetes.io/change-cause);
 * a daemon set's and stateful set's are its controller revisions.
 */
import { resolveResource } from '@kubelab/core/api/registry';
import type { Session } from '../kube/session.js';
import type { ObjectRef } from '../kube/targets.js';

type Obj = Record<string, any>;

export interface Revision {
  revision: number;
  changeCause: string;
  /** The pod template of this revision. */
  template: Obj;
  source: Obj;
}

function ownedBy(o: Obj, owner: Obj): boolean {
  return ((o['metadata']?.['ownerReferences'] ?? []) as Obj[]).some((r) => r['controller'] && r['uid'] === owner['metadata']?.['uid']);
}

export async function revisionsOf(s: Session, ref: ObjectRef, owner: Obj): Promise<Revision[]> {
  const ns = ref.namespace;
  const out: Revision[] = [];
  if (ref.rt.kind === 'Deployment') {
    const rss = await s.client.list(resolveResource('replicasets')!, ns ? { namespace: ns } : {});
    for (const rs of rss.items as Obj[]) {
      if (!ownedBy(rs, owner)) continue;
      const rev = Number(rs['metadata']?.['annotations']?.['deployment.kubernetes.io/revision'] ?? NaN);
      if (!Number.isFinite(rev)) continue;
      out.push({ revision: rev, changeCause: rs['metadata']?.['annotations']?.['kubernetes.io/change-cause'] ?? '', template: rs['spec']?.['template'] ?? {}, source: rs });
    }
  } else {
    const crs = await s.client.list(resolveResource('controllerrevisions')!, ns ? { namespace: ns } : {});
    for (const cr of crs.items as Obj[]) {
      if (!ownedBy(cr, owner)) continue;
      out.push({ revision: cr['revision'] ?? 0, changeCause: cr['metadata']?.['annotations']?.['kubernetes.io/change-cause'] ?? '', template: cr['data']?.['spec']?.['template'] ?? {}, source: cr });
    }
  }
  return out.sort((a, b) => a.revision - b.revision);
}
