/**
 * Builds the dependency graph from metadata-only informers on every kind that can be listed,
 * watched and deleted (pkg/controller/garbagecollector/graph_builder.go), and turns what
 * changes into work for the collector — uids on two queues:
 *
 *   attemptToDelete   dependents of an owner that went away; owners whose blocking dependents
 *                     changed; owners referenced but never seen (are they there at all?);
 *   attemptToOrphan   owners that just started deleting with the "orphan" finalizer.
 *
 * Informer handlers run synchronously, so the graph changes in event order without the
 * graphChanges queue upstream needs for its goroutines.
 */
import { type KubeObject, type OwnerReference, RESOURCES, type ResourceType, apiVersionOfResource } from '@kubelab/core';
import type { SharedInformer } from '@kubelab/core/cache/informer';
import { deletedObject } from '@kubelab/core/cache/keys';
import type { SharedInformerFactory } from '@kubelab/core/cache/shared-informer-factory';
import type { RateLimitingQueue } from '@kubelab/core/workqueue/rate-limiting-queue';
import {
  DependencyGraph,
  FINALIZER_FOREGROUND,
  FINALIZER_ORPHAN,
  GraphNode,
  type ObjectIdentity,
  ownerIdentity,
  referencesDiffs,
} from './graph.js';

/** Remembers owners known to be gone, so their other dependents need no lookup (upstream: 500). */
export class AbsentOwnerCache {
  private readonly keys = new Map<string, true>();

  constructor(private readonly size = 500) {}

  static key(id: Pick<ObjectIdentity, 'namespace' | 'uid'>): string {
    return `${id.namespace ?? ''}/${id.uid}`;
  }

  add(id: Pick<ObjectIdentity, 'namespace' | 'uid'>): void {
    const k = AbsentOwnerCache.key(id);
    this.keys.delete(k);
    this.keys.set(k, true);
    if (this.keys.size > this.size) this.keys.delete(this.keys.keys().next().value!);
  }

  has(id: Pick<ObjectIdentity, 'namespace' | 'uid'>): boolean {
    return this.keys.has(AbsentOwnerCache.key(id));
  }
}

/**
 * Kinds the garbage collector watches: those it can delete, list and watch
 * (GetDeletableResources), less the ignored ones — core/v1 Events, as kube-controller-manager's
 * default --gc-ignored-resources: they are many, short-lived, and never owners.
 */
export function deletableResources(): ResourceType[] {
  return RESOURCES.filter((r) => ['delete', 'list', 'watch'].every((v) => r.verbs.includes(v)) && !(r.group === '' && r.plural === 'events'));
}

export function beingDeleted(obj: KubeObject): boolean {
  return Boolean(obj.metadata?.deletionTimestamp);
}

export function hasFinalizer(obj: KubeObject, finalizer: string): boolean {
  return (obj.metadata?.finalizers ?? []).includes(finalizer);
}

export class GraphBuilder {
  readonly graph = new DependencyGraph();
  readonly absentOwners = new AbsentOwnerCache();
  readonly informers: SharedInformer[] = [];

  constructor(
    factory: SharedInformerFactory,
    private readonly attemptToDelete: RateLimitingQueue<string>,
    private readonly attemptToOrphan: RateLimitingQueue<string>,
  ) {
    for (const rt of deletableResources()) {
      const informer = factory.informerFor(rt, { metadataOnly: true });
      informer.addEventHandler({
        onAdd: (obj) => this.observe(rt, undefined, obj),
        onUpdate: (old, obj) => this.observe(rt, old, obj),
        onDelete: (obj) => this.observeDeletion(deletedObject(obj)),
      });
      this.informers.push(informer);
    }
  }

  /** An object was added or changed. */
  private observe(rt: ResourceType, old: KubeObject | undefined, obj: KubeObject): void {
    const m = obj.metadata ?? {};
    if (!m.uid || !m.name) return;
    const owners = m.ownerReferences ?? [];
    const identity: ObjectIdentity = { apiVersion: apiVersionOfResource(rt), kind: rt.kind, namespace: m.namespace, name: m.name, uid: m.uid };
    let node = this.graph.get(m.uid);
    if (!node) {
      node = new GraphNode(identity, owners, false);
      node.beingDeleted = beingDeleted(obj);
      node.deletingDependents = node.beingDeleted && hasFinalizer(obj, FINALIZER_FOREGROUND);
      this.insertNode(node);
      this.processTransitions(old, obj, node);
      return;
    }
    if (node.virtual) {
      // Seen at last: its coordinates are now the real ones.
      node.virtual = false;
      node.identity = identity;
    }
    const { added, removed, changed } = referencesDiffs(node.owners, owners);
    if (added.length + removed.length + changed.length > 0) {
      this.addUnblockedOwnersToDeleteQueue(removed, changed);
      node.owners = owners;
      this.addDependentToOwners(node, added);
      this.removeDependentFromOwners(node, removed);
    }
    if (beingDeleted(obj)) node.beingDeleted = true;
    this.processTransitions(old, obj, node);
  }

  /** An object is gone (from a watch, a relist, or a lookup that found it absent). */
  observeDeletion(obj: KubeObject | ObjectIdentity): void {
    const uid = 'metadata' in obj ? obj.metadata?.uid : (obj as ObjectIdentity).uid;
    if (!uid) return;
    const node = this.graph.get(uid);
    if (!node) return;
    this.removeNode(node);
    if (node.dependents.size > 0) this.absentOwners.add(node.identity);
    for (const dep of node.dependents) this.attemptToDelete.add(dep.identity.uid);
    for (const ref of node.owners) {
      const owner = this.graph.get(ref.uid);
      // An owner waiting for its dependents may now be free to go.
      if (owner?.deletingDependents) this.attemptToDelete.add(owner.identity.uid);
    }
  }

  /** Starts waiting on orphaning or on dependents' deletion, as the object's finalizers ask. */
  private processTransitions(old: KubeObject | undefined, obj: KubeObject, node: GraphNode): void {
    if (startsWaiting(old, obj, FINALIZER_ORPHAN)) {
      this.attemptToOrphan.add(node.identity.uid);
      return;
    }
    if (startsWaiting(old, obj, FINALIZER_FOREGROUND)) {
      node.deletingDependents = true;
      for (const dep of node.dependents) this.attemptToDelete.add(dep.identity.uid);
      this.attemptToDelete.add(node.identity.uid);
    }
  }

  private insertNode(node: GraphNode): void {
    this.graph.set(node);
    this.addDependentToOwners(node, node.owners);
  }

  private removeNode(node: GraphNode): void {
    this.graph.delete(node.identity.uid);
    this.removeDependentFromOwners(node, node.owners);
  }

  private addDependentToOwners(node: GraphNode, refs: OwnerReference[]): void {
    for (const ref of refs) {
      let owner = this.graph.get(ref.uid);
      if (!owner) {
        // Referenced but not seen: a virtual node, checked against the API server.
        owner = new GraphNode(ownerIdentity(ref, node.identity.namespace), [], true);
        this.graph.set(owner);
        this.attemptToDelete.add(ref.uid);
      }
      owner.dependents.add(node);
    }
  }

  private removeDependentFromOwners(node: GraphNode, refs: OwnerReference[]): void {
    for (const ref of refs) this.graph.get(ref.uid)?.dependents.delete(node);
  }

  /** A dependent that stopped blocking (reference removed, or blockOwnerDeletion cleared) lets its owner re-check. */
  private addUnblockedOwnersToDeleteQueue(removed: OwnerReference[], changed: Array<{ old: OwnerReference; now: OwnerReference }>): void {
    for (const ref of removed) {
      if (ref.blockOwnerDeletion && this.graph.get(ref.uid)) this.attemptToDelete.add(ref.uid);
    }
    for (const { old, now } of changed) {
      if (old.blockOwnerDeletion && !now.blockOwnerDeletion && this.graph.get(now.uid)) this.attemptToDelete.add(now.uid);
    }
  }
}

/** True when obj is being deleted with finalizer and old was not (or was not seen). */
function startsWaiting(old: KubeObject | undefined, obj: KubeObject, finalizer: string): boolean {
  if (!beingDeleted(obj) || !hasFinalizer(obj, finalizer)) return false;
  return !old || !beingDeleted(old) || !hasFinalizer(old, finalizer);
}
