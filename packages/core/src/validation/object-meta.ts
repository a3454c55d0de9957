/**
 * metadata validation shared by every kind (ValidateObjectMeta in k8s.io/apimachinery
 * pkg/api/validation): the name (by the kind's rule), generateName, namespace, labels,
 * annotations, finalizers and owner references.
 */
import type { KubeObject, ObjectMeta } from '../api/meta.js';
import type { FieldError } from '../api/status.js';
import {
  isDNS1035Label,
  isDNS1123Label,
  isDNS1123Subdomain,
  isQualifiedName,
  isValidLabelValue,
  isValidPathSegmentName,
} from './names.js';

export type NameRule = (name: string) => string[];

export const nameIsDNSSubdomain: NameRule = isDNS1123Subdomain;
export const nameIsDNSLabel: NameRule = isDNS1123Label;
export const nameIsDNS1035Label: NameRule = isDNS1035Label;
export const nameIsPathSegment: NameRule = isValidPathSegmentName;

/** Annotations may hold at most 256 KiB in total (TotalAnnotationSizeLimitB). */
const ANNOTATIONS_MAX = 256 * 1024;

export function validateObjectMeta(obj: KubeObject, namespaced: boolean, nameRule: NameRule): FieldError[] {
  const meta: ObjectMeta = obj.metadata ?? {};
  const errs: FieldError[] = [];
  if (meta.generateName) {
    // The generated suffix is appended after the prefix, so a trailing '-' is fine.
    const prefix = meta.generateName.endsWith('-') ? meta.generateName.slice(0, -1) : meta.generateName;
    for (const msg of nameRule(prefix)) errs.push({ field: 'metadata.generateName', type: 'FieldValueInvalid', value: meta.generateName, detail: msg });
  }
  if (!meta.name) {
    errs.push({ field: 'metadata.name', type: 'FieldValueRequired', detail: 'name or generateName is required' });
  } else {
    for (const msg of nameRule(meta.name)) errs.push({ field: 'metadata.name', type: 'FieldValueInvalid', value: meta.name, detail: msg });
  }
  if (namespaced) {
    if (!meta.namespace) errs.push({ field: 'metadata.namespace', type: 'FieldValueRequired' });
    else for (const msg of isDNS1123Label(meta.namespace)) errs.push({ field: 'metadata.namespace', type: 'FieldValueInvalid', value: meta.namespace, detail: msg });
  } else if (meta.namespace) {
    errs.push({ field: 'metadata.namespace', type: 'FieldValueForbidden', detail: 'not allowed on this type' });
  }
  errs.push(...validateLabels(meta.labels, 'metadata.labels'));
  errs.push(...validateAnnotations(meta.annotations, 'metadata.annotations'));
  (meta.finalizers ?? []).forEach((f, i) => {
    for (const msg of isQualifiedName(f)) errs.push({ field: `metadata.finalizers[${i}]`, type: 'FieldValueInvalid', value: f, detail: msg });
    errs.push(...validateKubeFinalizerName(f, `metadata.finalizers[${i}]`));
  });
  (meta.ownerReferences ?? []).forEach((ref, i) => {
    const p = `metadata.ownerReferences[${i}]`;
    if (!ref.apiVersion) errs.push({ field: `${p}.apiVersion`, type: 'FieldValueInvalid', value: ref.apiVersion ?? '', detail: 'version must not be empty' });
    if (!ref.kind) errs.push({ field: `${p}.kind`, type: 'FieldValueInvalid', value: ref.kind ?? '', detail: 'kind must not be empty' });
    if (!ref.name) errs.push({ field: `${p}.name`, type: 'FieldValueInvalid', value: ref.name ?? '', detail: 'name must not be empty' });
    if (!ref.uid) errs.push({ field: `${p}.uid`, type: 'FieldValueInvalid', value: ref.uid ?? '', detail: 'uid must not be empty' });
  });
  const controllers = (meta.ownerReferences ?? []).filter((r) => r.controller).length;
  if (controllers > 1) {
    errs.push({ field: 'metadata.ownerReferences', type: 'FieldValueInvalid', value: meta.ownerReferences, detail: 'Only one reference can have Controller set to true' });
  }
  return errs;
}

export function validateLabels(labels: Record<string, string> | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  for (const [k, v] of Object.entries(labels ?? {})) {
    for (const msg of isQualifiedName(k)) errs.push({ field: path, type: 'FieldValueInvalid', value: k, detail: msg });
    if (typeof v !== 'string') {
      errs.push({ field: `${path}.${k}`, type: 'FieldValueInvalid', value: v, detail: 'must be a string' });
      continue;
    }
    for (const msg of isValidLabelValue(v)) errs.push({ field: path, type: 'FieldValueInvalid', value: v, detail: msg });
  }
  return errs;
}

export function validateAnnotations(annotations: Record<string, string> | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  let size = 0;
  for (const [k, v] of Object.entries(annotations ?? {})) {
    for (const msg of isQualifiedName(k.toLowerCase())) errs.push({ field: path, type: 'FieldValueInvalid', value: k, detail: msg });
    size += k.length + (typeof v === 'string' ? v.length : 0);
  }
  if (size > ANNOTATIONS_MAX) {
    errs.push({ field: path, type: 'FieldValueTooLong', detail: `must have at most ${ANNOTATIONS_MAX} bytes` });
  }
  return errs;
}

/** Fields of metadata that may not change after create (ValidateObjectMetaUpdate). */
export function validateObjectMetaUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  const m = obj.metadata ?? {};
  const o = old.metadata ?? {};
  for (const f of ['name', 'namespace', 'uid', 'creationTimestamp'] as const) {
    if ((m[f] ?? undefined) !== (o[f] ?? undefined)) {
      errs.push({ field: `metadata.${f}`, type: 'FieldValueInvalid', value: m[f], detail: 'field is immutable' });
    }
  }
  return errs;
}

/** Finalizers every Kubernetes object may carry without a domain prefix (helper.IsStandardFinalizerName). */
const STANDARD_FINALIZERS = new Set(['kubernetes', 'orphan', 'foregroundDeletion']);

/**
 * validateKubeFinalizerName (pkg/apis/core/validation): an unprefixed finalizer must be one of
 * the standard ones.
 */
export function validateKubeFinalizerName(name: string, path: string): FieldError[] {
  if (name.includes('/') || STANDARD_FINALIZERS.has(name)) return [];
  return [{ field: path, type: 'FieldValueInvalid', value: name, detail: 'name is neither a standard finalizer name nor is it fully qualified' }];
}
