/**
 * Listers: read-only views of an informer's cache (client-go's generated listers, e.g.
 * PodLister and PodNamespaceLister). Reads never touch the API server.
 *
 * READ-ONLY. Every object a lister (or an informer handler) gives out is the cache's own
 * copy, shared with every other controller in the process. Never change it: clone first
 * (`structuredClone(obj)`, DeepCopy upstream), change the clone, and send that to the API
 * server. Changing a cached object corrupts what every other reader sees, and the change is
 * lost at the next event anyway.
 */
import type { KubeObject } from '../api/meta.js';
import type { Selector } from '../labels/selector.js';
import { type Indexer, NAMESPACE_INDEX } from './indexer.js';

export class Lister<T extends KubeObject = KubeObject> {
  constructor(private readonly indexer: Indexer<T>) {}

  /** Every cached object, optionally only those whose labels match. */
  list(selector?: Selector): readonly T[] {
    return filterBy(this.indexer.list(), selector);
  }

  /** A cluster-scoped object by name (or any object by its "ns/name" key). */
  get(key: string): T | undefined {
    return this.indexer.get(key);
  }

  /** The objects of one namespace. */
  namespace(namespace: string): NamespaceLister<T> {
    return new NamespaceLister(this.indexer, namespace);
  }

  /** Objects filed under value by a custom index (e.g. pods by spec.nodeName). */
  byIndex(indexName: string, value: string): readonly T[] {
    return this.indexer.byIndex(indexName, value);
  }
}

export class NamespaceLister<T extends KubeObject = KubeObject> {
  constructor(
    private readonly indexer: Indexer<T>,
    private readonly ns: string,
  ) {}

  list(selector?: Selector): readonly T[] {
    const items = this.indexer.hasIndex(NAMESPACE_INDEX)
      ? this.indexer.byIndex(NAMESPACE_INDEX, this.ns)
      : this.indexer.list().filter((o) => o.metadata?.namespace === this.ns);
    return filterBy(items, selector);
  }

  get(name: string): T | undefined {
    return this.indexer.get(`${this.ns}/${name}`);
  }
}

/** An index of pods by the node they are bound to — the kubelet's and scheduler's view. */
export function podNodeNameIndexFunc(pod: KubeObject): string[] {
  const node = (pod['spec'] as { nodeName?: string } | undefined)?.nodeName;
  return node ? [node] : [];
}

/** An index of objects by the uids of their owners (ownerReferences). */
export function ownerUidIndexFunc(obj: KubeObject): string[] {
  return (obj.metadata?.ownerReferences ?? []).map((r) => r.uid);
}

function filterBy<T extends KubeObject>(items: T[], selector: Selector | undefined): T[] {
  if (!selector || selector.empty) return items;
  return items.filter((o) => selector.matches(o.metadata?.labels));
}
