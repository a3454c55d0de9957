/**
 * What the generic REST operations work with: a served resource (its registry entry, its
 * storage and strategy) and the per-request context (namespace, dry run, field manager,
 * warnings to return). Mirrors genericregistry.Store's inputs upstream.
 */
import type { Clock, KubeObject, ResourceType } from '@kubelab/core';
import type { Admission } from '../admission/admission.js';
import type { WatchCache } from '../cacher/watch-cache.js';
import type { ObjectStore } from '../storage/object-store.js';
import type { Strategy } from '../strategy/strategy.js';

export interface Resource {
  readonly rt: ResourceType;
  readonly store: ObjectStore;
  readonly strategy: Strategy;
  /** The resource's watch cache (started on first use). */
  readonly cache: WatchCache;
}

/** Finds another resource's storage (admission reads namespaces, service accounts ...). */
export type ResourceLookup = (group: string, plural: string) => Resource;

export interface RequestContext {
  /** The namespace from the URL (undefined for cluster-scoped or all-namespace requests). */
  namespace: string | undefined;
  dryRun: boolean;
  /** Who writes: the fieldManager parameter, or a name derived from the user agent. */
  fieldManager: string;
  /** Warnings for the `Warning` response header (299 - "..."). */
  warnings: string[];
  clock: Clock;
  admission: Admission;
  lookup: ResourceLookup;
}

/** A deep copy of a JSON object (objects from storage are never shared between requests). */
export function clone<T extends KubeObject>(o: T): T {
  return structuredClone(o);
}
