/**
 * Every key's history, ordered by key: etcd's treeIndex. Range reads walk it to find which
 * revision of each key to read; the values themselves come from the revision log.
 */
import { KeyIndex, type Rev } from './key-index.js';
import { SortedKeys } from './sorted-keys.js';
import type { KeyRange } from '../keys.js';

export class TreeIndex {
  private readonly byKey = new Map<string, KeyIndex>();
  private readonly order = new SortedKeys();

  get(key: string): KeyIndex | undefined {
    return this.byKey.get(key);
  }

  /** The key's index, created when absent. */
  ensure(key: string): KeyIndex {
    let ki = this.byKey.get(key);
    if (!ki) {
      ki = new KeyIndex(key);
      this.byKey.set(key, ki);
      this.order.add(key);
    }
    return ki;
  }

  /** Key indexes inside range, in key order. */
  *range(range: KeyRange): Generator<KeyIndex> {
    if (range.isSingle) {
      const ki = this.byKey.get(range.start);
      if (ki) yield ki;
      return;
    }
    if (range.isEmpty) return;
    for (const key of this.order.range(range.start, range.end ?? null)) yield this.byKey.get(key)!;
  }

  /** Compacts every key at atRev; returns the revisions that are no longer reachable. */
  compact(atRev: number): Rev[] {
    const dropped: Rev[] = [];
    const gone: string[] = [];
    for (const [key, ki] of this.byKey) if (ki.compact(atRev, dropped)) gone.push(key);
    for (const key of gone) {
      this.byKey.delete(key);
      this.order.delete(key);
    }
    return dropped;
  }

  get size(): number {
    return this.byKey.size;
  }
}
