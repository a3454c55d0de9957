/**
 * The garbage collector's dependency graph (pkg/controller/garbagecollector/graph.go): a node
 * per object uid, linked to the nodes of its owners (through ownerReferences) and of its
 * dependents. An owner not seen yet — referenced before its informer delivered it, or long
 * gone — is a "virtual" node until observed or confirmed absent.
 */
import { type OwnerReference, RESOURCES, type ResourceType, parseApiVersion } from '@kubelab/core';

/** metav1.FinalizerOrphanDependents: dependents lose their reference, then the owner goes. */
export const FINALIZER_ORPHAN = 'orphan';
/** metav1.FinalizerDeleteDependents: blocking dependents go first, then the owner. */
export const FINALIZER_FOREGROUND = 'foregroundDeletion';

/** Which object a node stands for. */
export interface ObjectIdentity {
  apiVersion: string;
  kind: string;
  /** Undefined for cluster-scoped objects. */
  namespace: string | undefined;
  name: string;
  uid: string;
}

export class GraphNode {
  readonly dependents = new Set<GraphNode>();
  /** Has a deletionTimestamp. */
  beingDeleted = false;
  /** Has a deletionTimestamp and the "foregroundDeletion" finalizer: waits for its dependents. */
  deletingDependents = false;

  constructor(
    public identity: ObjectIdentity,
    public owners: OwnerReference[],
    /** Known only from someone's ownerReference. */
    public virtual: boolean,
  ) {}

  /** Dependents that hold this owner's foreground deletion back (blockOwnerDeletion: true). */
  blockingDependents(): GraphNode[] {
    const uid = this.identity.uid;
    return [...this.dependents].filter((d) => d.owners.some((o) => o.uid === uid && o.blockOwnerDeletion === true));
  }
}

/** Objects by uid. */
export class DependencyGraph {
  private readonly nodes = new Map<string, GraphNode>();

  get(uid: string): GraphNode | undefined {
    return this.nodes.get(uid);
  }

  set(node: GraphNode): void {
    this.nodes.set(node.identity.uid, node);
  }

  delete(uid: string): void {
    this.nodes.delete(uid);
  }

  get size(): number {
    return this.nodes.size;
  }
}

/**
 * The served resource of an apiVersion and kind, by group and kind — an owner reference
 * written with another version of the group still resolves (the RESTMapper's job upstream).
 */
export function resourceOfKind(apiVersion: string, kind: string): ResourceType | undefined {
  const { group } = parseApiVersion(apiVersion);
  return RESOURCES.find((r) => r.group === group && r.kind === kind);
}

/** The identity of an owner as a dependent in `namespace` refers to it. */
export function ownerIdentity(ref: OwnerReference, dependentNamespace: string | undefined): ObjectIdentity {
  const rt = resourceOfKind(ref.apiVersion, ref.kind);
  return {
    apiVersion: ref.apiVersion,
    kind: ref.kind,
    // An owner of unknown scope is assumed to share the dependent's namespace, as upstream.
    namespace: rt && !rt.namespaced ? undefined : dependentNamespace,
    name: ref.name,
    uid: ref.uid,
  };
}

/** "[apps/v1/ReplicaSet, namespace: ns, name: web-1, uid: …]" as objectReference.String() prints it. */
export function describeIdentity(id: ObjectIdentity): string {
  return `[${id.apiVersion}/${id.kind}, namespace: ${id.namespace ?? ''}, name: ${id.name}, uid: ${id.uid}]`;
}

/** Owner references added, removed, or changed (same uid, other fields) between two lists. */
export function referencesDiffs(
  before: OwnerReference[],
  after: OwnerReference[],
): { added: OwnerReference[]; removed: OwnerReference[]; changed: Array<{ old: OwnerReference; now: OwnerReference }> } {
  const oldByUid = new Map(before.map((r) => [r.uid, r]));
  const newByUid = new Map(after.map((r) => [r.uid, r]));
  const added = after.filter((r) => !oldByUid.has(r.uid));
  const removed = before.filter((r) => !newByUid.has(r.uid));
  const changed: Array<{ old: OwnerReference; now: OwnerReference }> = [];
  for (const r of after) {
    const old = oldByUid.get(r.uid);
    if (old && JSON.stringify(old) !== JSON.stringify(r)) changed.push({ old, now: r });
  }
  return { added, removed, changed };
}
