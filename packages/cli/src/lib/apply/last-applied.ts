/**
 * The last-applied-configuration annotation, as kubectl apply writes it
 * (k8s.io/kubectl/pkg/util/apply.go GetModifiedConfiguration): the manifest as JSON, keys in
 * Go's map order, with `metadata.annotations` present (empty when it has no others), the
 * annotation itself left out, and a trailing newline — then the manifest carrying that
 * annotation is the "modified" side of the three-way patch.
 */
import type { KubeObject } from '@kubelab/core/api/meta';
import { sortKeys } from '../../print/json.js';

export { LAST_APPLIED_ANNOTATION as LAST_APPLIED } from '@kubelab/core/apply/field-manager';
import { LAST_APPLIED_ANNOTATION as LAST_APPLIED } from '@kubelab/core/apply/field-manager';

/** The manifest with its last-applied annotation set, and the annotation's text. */
export function withLastApplied(manifest: KubeObject): { modified: KubeObject; annotation: string } {
  const copy = structuredClone(manifest);
  const metadata = (copy.metadata ??= {});
  const annotations = { ...(metadata.annotations ?? {}) };
  delete annotations[LAST_APPLIED];
  metadata.annotations = annotations;
  const annotation = `${JSON.stringify(sortKeys(copy))}\n`;
  metadata.annotations = { ...annotations, [LAST_APPLIED]: annotation };
  return { modified: copy, annotation };
}

/** The configuration a live object was last applied with (undefined: never applied). */
export function lastApplied(live: KubeObject): KubeObject | undefined {
  const text = live.metadata?.annotations?.[LAST_APPLIED];
  if (!text) return undefined;
  try {
    return JSON.parse(text) as KubeObject;
  } catch {
    return undefined;
  }
}
