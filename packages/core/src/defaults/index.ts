/**
 * Defaulting entry point: fills the fields upstream's defaulters fill (the defaults.go of each
 * pkg/apis group, applied as zz_generated.defaults.go nests them) before admission and
 * validation, so stored objects look like a real cluster's. The per-kind defaulters live
 * beside this file and are listed in kinds.ts.
 */
import type { KubeObject } from '../api/meta.js';
import type { ResourceType } from '../api/registry.js';
import { type Defaulter, KIND_DEFAULTER_ENTRIES } from './kinds.js';

export type { Defaulter } from './kinds.js';
export { generateJobSelector } from './job.js';
export { normalizeServiceClusterIPs } from './service.js';

/** Kind-specific defaulters by "group/Kind" ("/Pod", "apps/Deployment"). */
export const KIND_DEFAULTERS = new Map<string, Defaulter>(KIND_DEFAULTER_ENTRIES);

export function applyDefaults(rt: ResourceType, obj: KubeObject): void {
  KIND_DEFAULTERS.get(`${rt.group}/${rt.kind}`)?.(obj);
}
