/**
 * The revision history of one key, as etcd's mvcc keyIndex keeps it: a list of generations,
 * each running from the put that created the key to the delete (tombstone) that ended it.
 *
 *   put(a)@2 put(a)@3 del(a)@4 put(a)@5
 *   → generations [{created 2, revs [2,3,4], closed}, {created 5, revs [5]}]
 *
 * The index holds revisions only; values live in the revision log. A revision is
 * (main, sub): main is the store revision, sub the change's position inside its request.
 */
export interface Rev {
  main: number;
  sub: number;
}

export interface KeyState {
  /** The revision that wrote the key's state being read. */
  rev: Rev;
  createRevision: number;
  version: number;
}

interface Generation {
  createRevision: number;
  /** Version of revs[0]; compaction trims the front of revs and moves this forward. */
  firstVersion: number;
  revs: Rev[];
  /** Ended by a delete: the last rev is the tombstone. */
  closed: boolean;
}

export class KeyIndex {
  private generations: Generation[] = [];

  constructor(readonly key: string) {}

  /**
   * Records a put at rev. createRevision and version may be given when replaying a log whose
   * older entries were compacted away; otherwise they follow from the history.
   */
  put(rev: Rev, createRevision?: number, version?: number): void {
    const g = this.generations[this.generations.length - 1];
    if (!g || g.closed) {
      this.generations.push({
        createRevision: createRevision ?? rev.main,
        firstVersion: version ?? 1,
        revs: [rev],
        closed: false,
      });
    } else {
      g.revs.push(rev);
    }
  }

  /**
   * Records a delete at rev. A tombstone with no live generation (replaying a log whose
   * older entries were compacted away, keeping only the tombstone at the compact revision)
   * becomes a closed generation of its own, so the next compaction removes it.
   */
  tombstone(rev: Rev): void {
    const g = this.generations[this.generations.length - 1];
    if (!g || g.closed) {
      this.generations.push({ createRevision: 0, firstVersion: 0, revs: [rev], closed: true });
    } else {
      g.revs.push(rev);
      g.closed = true;
    }
  }

  /** The key's state as of revision atRev, or undefined when it did not exist then. */
  at(atRev: number): KeyState | undefined {
    for (let gi = this.generations.length - 1; gi >= 0; gi--) {
      const g = this.generations[gi]!;
      if (g.revs[0]!.main > atRev) continue;
      const i = lastAtOrBelow(g.revs, atRev);
      if (g.closed && i === g.revs.length - 1) return undefined;
      return { rev: g.revs[i]!, createRevision: g.createRevision, version: g.firstVersion + i };
    }
    return undefined;
  }

  /** The newest state, including changes made by the write in progress. */
  latest(): KeyState | undefined {
    const g = this.generations[this.generations.length - 1];
    if (!g || g.closed) return undefined;
    const i = g.revs.length - 1;
    return { rev: g.revs[i]!, createRevision: g.createRevision, version: g.firstVersion + i };
  }

  /**
   * Forgets history at or below atRev, pushing the revisions no read can reach any more onto
   * dropped (the log deletes them). Keeps, per generation alive at atRev, its newest revision
   * ≤ atRev; drops generations deleted at or below atRev, except a tombstone at exactly atRev,
   * which stays so a watch from atRev still delivers that delete (etcd #18089).
   *
   *   put@2 put@3 del@4 put@5 compact(4) → revs [4 (tombstone, kept), 5]; dropped [2, 3]
   *
   * Returns true when nothing of the key is left.
   */
  compact(atRev: number, dropped: Rev[]): boolean {
    const kept: Generation[] = [];
    for (const g of this.generations) {
      const last = g.revs[g.revs.length - 1]!;
      if (g.closed && last.main <= atRev) {
        if (last.main === atRev) {
          for (let i = 0; i < g.revs.length - 1; i++) dropped.push(g.revs[i]!);
          kept.push({ createRevision: 0, firstVersion: 0, revs: [last], closed: true });
        } else {
          for (const r of g.revs) dropped.push(r);
        }
        continue;
      }
      const i = lastAtOrBelow(g.revs, atRev);
      if (i > 0) {
        for (let j = 0; j < i; j++) dropped.push(g.revs[j]!);
        g.revs = g.revs.slice(i);
        g.firstVersion += i;
      }
      kept.push(g);
    }
    this.generations = kept;
    return kept.length === 0;
  }
}

/** Index of the last rev with main ≤ atRev (revs ascending); -1 when there is none. */
function lastAtOrBelow(revs: Rev[], atRev: number): number {
  let lo = 0;
  let hi = revs.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (revs[mid]!.main <= atRev) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found;
}
