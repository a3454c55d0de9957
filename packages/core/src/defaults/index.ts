/**
 * Defaulting entry point: fills the fields upstream's defaulters fill (the defaults.go of each pkg/apis group)
 * before validation, so stored objects look like a real cluster's. Per-kind defaulters live
 * beside this file and register in KIND_DEFAULTERS.
 */
import type { KubeObject } from '../api/meta.js';
import type { ResourceType } from '../api/registry.js';

export type Defaulter = (obj: KubeObject) => void;

/** Kind-specific defaulters by "group/Kind" ("/Pod", "apps/Deployment"). */
export const KIND_DEFAULTERS = new Map<string, Defaulter>();

export function applyDefaults(rt: ResourceType, obj: KubeObject): void {
  KIND_DEFAULTERS.get(`${rt.group}/${rt.kind}`)?.(obj);
}
