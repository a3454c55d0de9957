/**
 * A DaemonSet's ControllerRevisions (pkg/controller/daemon/update.go constructHistory,
 * snapshot, cleanupHistory): one revision per pod template it has had, the current one
 * numbered highest. The revision's data is a patch that restores the template —
 * {"spec":{"template":{…,"$patch":"replace"}}} — which `kubectl rollout undo ds/x` applies.
 *
 * Revisions are named "<daemonset>-<hash of the template>" and labelled
 * controller-revision-hash=<hash>; new pods carry that label, so a pod's revision is known.
 */
import { type KubeClient, isStatus } from '@kubelab/core/client/client';
import { CONTROLLER_REVISIONS, type ControllerHistory, type ControllerRevision } from '../history/controller-history.js';
import { canonicalJson, computeHash } from '../history/hash.js';
import { PODS } from '../replicaset/pod-control.js';
import { type Pod, newControllerRef } from '../replicaset/pod-util.js';
import { DAEMON_SETS, DAEMON_SET_UNIQUE_LABEL, type DaemonSet } from './daemon-set-types.js';

/** getPatch: the revision data — the template, to be put back whole. */
export function daemonSetPatch(ds: DaemonSet): unknown {
  return { spec: { template: { ...structuredClone(ds.spec?.template ?? {}), $patch: 'replace' } } };
}

/** Match: the revision holds exactly this DaemonSet's template. */
export function matchesRevision(ds: DaemonSet, revision: ControllerRevision): boolean {
  return canonicalJson(daemonSetPatch(ds)) === canonicalJson(revision.data ?? null);
}

export function maxRevisionNumber(revisions: readonly ControllerRevision[]): number {
  return revisions.reduce((m, r) => Math.max(m, r.revision), 0);
}

/**
 * constructHistory: [current revision, old revisions]. Labels revisions that lack the hash
 * label, creates the current revision when none matches, renumbers it to be the highest.
 */
export async function constructHistory(
  client: KubeClient,
  history: ControllerHistory,
  ds: DaemonSet,
  revisions: ControllerRevision[],
  pods: readonly Pod[],
): Promise<[ControllerRevision, ControllerRevision[]]> {
  const current: ControllerRevision[] = [];
  const old: ControllerRevision[] = [];
  for (let rev of revisions) {
    if (rev.metadata?.labels?.[DAEMON_SET_UNIQUE_LABEL] === undefined) {
      const copy: ControllerRevision = structuredClone(rev);
      copy.metadata!.labels = { ...(copy.metadata!.labels ?? {}), [DAEMON_SET_UNIQUE_LABEL]: copy.metadata!.name! };
      rev = await client.update<ControllerRevision>(CONTROLLER_REVISIONS, copy);
    }
    if (matchesRevision(ds, rev)) current.push(rev);
    else old.push(rev);
  }
  const currRevision = maxRevisionNumber(old) + 1;
  let cur: ControllerRevision;
  if (current.length === 0) cur = await snapshot(client, ds, currRevision);
  else {
    cur = await dedupCurHistories(client, history, pods, current);
    if (cur.revision < currRevision) cur = await history.updateRevisionNumber(cur, currRevision);
  }
  return [cur, old];
}

/** snapshot: creates the revision of the current template; a name taken by other data bumps collisionCount. */
async function snapshot(client: KubeClient, ds: DaemonSet, revision: number): Promise<ControllerRevision> {
  const hash = computeHash(ds.spec?.template, ds.status?.collisionCount);
  const name = `${ds.metadata!.name}-${hash}`;
  const cr: ControllerRevision = {
    apiVersion: 'apps/v1',
    kind: 'ControllerRevision',
    metadata: {
      name,
      namespace: ds.metadata!.namespace,
      labels: { ...(ds.spec?.template?.metadata?.labels ?? {}), [DAEMON_SET_UNIQUE_LABEL]: hash },
      ...(ds.metadata?.annotations ? { annotations: { ...ds.metadata.annotations } } : {}),
      ownerReferences: [newControllerRef(ds, 'apps/v1', 'DaemonSet')],
    },
    data: daemonSetPatch(ds),
    revision,
  };
  try {
    return await client.create<ControllerRevision>(CONTROLLER_REVISIONS, cr);
  } catch (err) {
    if (!isStatus(err, 409)) throw err;
    const existing = await client.get<ControllerRevision>(CONTROLLER_REVISIONS, name, { namespace: ds.metadata!.namespace });
    if (matchesRevision(ds, existing)) return existing;
    const fresh = await client.get<DaemonSet>(DAEMON_SETS, ds.metadata!.name!, { namespace: ds.metadata!.namespace });
    if ((fresh.status?.collisionCount ?? undefined) !== (ds.status?.collisionCount ?? undefined)) {
      throw new Error(`found a stale collision count (${ds.status?.collisionCount ?? 0}, expected ${fresh.status?.collisionCount ?? 0}) of DaemonSet "${ds.metadata!.name}" while processing; will retry until it is updated`);
    }
    fresh.status = { ...fresh.status!, collisionCount: (fresh.status?.collisionCount ?? 0) + 1 };
    await client.updateStatus(DAEMON_SETS, fresh);
    throw err;
  }
}

/**
 * dedupCurHistories: several revisions hold the current template — keep the highest, move
 * the pods labelled with the others' hashes over to it, delete the others.
 */
async function dedupCurHistories(client: KubeClient, history: ControllerHistory, pods: readonly Pod[], current: ControllerRevision[]): Promise<ControllerRevision> {
  if (current.length === 1) return current[0]!;
  const keep = current.reduce((a, b) => (b.revision > a.revision ? b : a));
  const keepHash = keep.metadata?.labels?.[DAEMON_SET_UNIQUE_LABEL] ?? '';
  for (const dup of current) {
    if (dup === keep) continue;
    const dupHash = dup.metadata?.labels?.[DAEMON_SET_UNIQUE_LABEL];
    for (const pod of pods) {
      if (pod.metadata?.labels?.[DAEMON_SET_UNIQUE_LABEL] !== dupHash) continue;
      await client.patch(PODS, pod.metadata!.name!, 'merge', { metadata: { labels: { [DAEMON_SET_UNIQUE_LABEL]: keepHash } } }, { namespace: pod.metadata!.namespace });
    }
    await history.delete(dup);
  }
  return keep;
}

/**
 * cleanupHistory: keeps revisionHistoryLimit old revisions, deleting the lowest-numbered
 * ones that no live pod still carries the hash of.
 */
export async function cleanupHistory(history: ControllerHistory, ds: DaemonSet, old: ControllerRevision[], pods: readonly Pod[]): Promise<void> {
  const limit = ds.spec?.revisionHistoryLimit ?? 10;
  let toDelete = old.length - limit;
  if (toDelete <= 0) return;
  const liveHashes = new Set(pods.map((p) => p.metadata?.labels?.[DAEMON_SET_UNIQUE_LABEL]).filter((h): h is string => Boolean(h)));
  for (const rev of [...old].sort((a, b) => a.revision - b.revision)) {
    if (toDelete <= 0) break;
    const hash = rev.metadata?.labels?.[DAEMON_SET_UNIQUE_LABEL];
    if (hash && liveHashes.has(hash)) continue;
    await history.delete(rev);
    toDelete--;
  }
}
