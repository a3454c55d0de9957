/**
 * ControllerRevisions: the history of a DaemonSet's or StatefulSet's pod template
 * (pkg/controller/history/controller_history.go). Each revision holds a snapshot (`data`,
 * a patch that restores the template) and a number (`revision`) that only grows; the newest
 * number is the template in force. `kubectl rollout history ds/x` lists them and
 * `kubectl rollout undo` applies one's data back to the owner.
 *
 *   - A revision is named "<owner>-<hash of its data>", so the same template always maps to
 *     the same name; a name taken by different data bumps the owner's collisionCount and
 *     hashes again.
 *   - Going back to an old template re-uses its revision object with a new, higher number
 *     rather than making a copy.
 */
import { type KubeObject, type OwnerReference, resourceFor } from '@kubelab/core';
import { type KubeClient, isStatus } from '@kubelab/core/client/client';
import { canonicalJson, fnv32, safeEncodeString } from './hash.js';

export const CONTROLLER_REVISIONS = resourceFor('apps', 'v1', 'controllerrevisions')!;

/** The label holding a revision's hash (history.ControllerRevisionHashLabel). */
export const CONTROLLER_REVISION_HASH_LABEL = 'controller.kubernetes.io/hash';

export interface ControllerRevision extends KubeObject {
  data?: unknown;
  revision: number;
}

/** ControllerRevisionName: the prefix is cut so that the name stays a valid object name. */
export function controllerRevisionName(prefix: string, hash: string): string {
  return `${prefix.length > 223 ? prefix.slice(0, 223) : prefix}-${hash}`;
}

/** HashControllerRevision: FNV-32 of the data, then of the collision count in decimal. */
export function hashControllerRevision(revision: ControllerRevision, probe?: number): string {
  let h = fnv32(canonicalJson(revision.data ?? null));
  if (probe !== undefined) h = fnv32(String(probe), h);
  return safeEncodeString(String(h));
}

/** SortControllerRevisions: by revision number, then creation time, then name. */
export function sortControllerRevisions<T extends ControllerRevision>(revisions: T[]): T[] {
  return revisions.sort((a, b) => {
    if (a.revision !== b.revision) return a.revision - b.revision;
    const ta = a.metadata?.creationTimestamp ?? '';
    const tb = b.metadata?.creationTimestamp ?? '';
    if (ta !== tb) return ta < tb ? -1 : 1;
    const na = a.metadata?.name ?? '';
    const nb = b.metadata?.name ?? '';
    return na < nb ? -1 : na > nb ? 1 : 0;
  });
}

/** EqualRevision: same hash label (when both have one) and the same data. */
export function equalRevision(a: ControllerRevision | undefined, b: ControllerRevision | undefined): boolean {
  if (!a || !b) return a === b;
  const ha = a.metadata?.labels?.[CONTROLLER_REVISION_HASH_LABEL];
  const hb = b.metadata?.labels?.[CONTROLLER_REVISION_HASH_LABEL];
  if (ha !== undefined && hb !== undefined && ha !== hb) return false;
  return canonicalJson(a.data ?? null) === canonicalJson(b.data ?? null);
}

/** FindEqualRevisions: the revisions equal to needle, in the order given. */
export function findEqualRevisions<T extends ControllerRevision>(revisions: readonly T[], needle: ControllerRevision): T[] {
  return revisions.filter((r) => equalRevision(r, needle));
}

/** The number after the highest in a sorted list (1 for none). */
export function nextRevision(sorted: readonly ControllerRevision[]): number {
  const last = sorted[sorted.length - 1];
  return last ? last.revision + 1 : 1;
}

/** NewControllerRevision: owned by parent, labelled like its pods plus the hash, named by hash. */
export function newControllerRevision(
  parent: KubeObject,
  controllerRef: OwnerReference,
  templateLabels: Record<string, string> | undefined,
  data: unknown,
  revision: number,
  collisionCount: number | undefined,
): ControllerRevision {
  const cr: ControllerRevision = {
    apiVersion: 'apps/v1',
    kind: 'ControllerRevision',
    metadata: {
      namespace: parent.metadata?.namespace,
      labels: { ...(templateLabels ?? {}) },
      ownerReferences: [controllerRef],
    },
    data,
    revision,
  };
  const hash = hashControllerRevision(cr, collisionCount);
  cr.metadata!.name = controllerRevisionName(parent.metadata?.name ?? '', hash);
  cr.metadata!.labels![CONTROLLER_REVISION_HASH_LABEL] = hash;
  return cr;
}

/** The API side of history (realHistory): create with collision handling, renumber, delete. */
export class ControllerHistory {
  constructor(private readonly client: KubeClient) {}

  /**
   * CreateControllerRevision: creates revision under its hash name; when the name holds
   * different data, bumps collisionCount.value and tries the next name. An existing revision
   * with the same data is returned as is.
   */
  async create(parent: KubeObject, revision: ControllerRevision, collisionCount: { value: number }): Promise<ControllerRevision> {
    for (;;) {
      const hash = hashControllerRevision(revision, collisionCount.value);
      const clone: ControllerRevision = structuredClone(revision);
      clone.metadata!.name = controllerRevisionName(parent.metadata?.name ?? '', hash);
      clone.metadata!.namespace = parent.metadata?.namespace;
      clone.metadata!.labels = { ...(clone.metadata!.labels ?? {}), [CONTROLLER_REVISION_HASH_LABEL]: hash };
      try {
        return await this.client.create(CONTROLLER_REVISIONS, clone);
      } catch (err) {
        if (!isStatus(err, 409)) throw err;
        const existing = await this.client.get<ControllerRevision>(CONTROLLER_REVISIONS, clone.metadata!.name!, {
          namespace: clone.metadata!.namespace,
        });
        if (canonicalJson(existing.data ?? null) === canonicalJson(clone.data ?? null)) return existing;
        collisionCount.value++;
      }
    }
  }

  /** UpdateControllerRevision: gives an existing revision a new number (a rollback to it). */
  async updateRevisionNumber(revision: ControllerRevision, newRevision: number): Promise<ControllerRevision> {
    if (revision.revision === newRevision) return revision;
    const m = revision.metadata ?? {};
    return this.client.patch<ControllerRevision>(CONTROLLER_REVISIONS, m.name!, 'merge', { revision: newRevision }, { namespace: m.namespace });
  }

  async delete(revision: ControllerRevision): Promise<void> {
    const m = revision.metadata ?? {};
    try {
      await this.client.delete(CONTROLLER_REVISIONS, m.name!, { namespace: m.namespace, preconditions: m.uid ? { uid: m.uid } : undefined });
    } catch (err) {
      if (!isStatus(err, 404) && !isStatus(err, 409)) throw err;
    }
  }
}
