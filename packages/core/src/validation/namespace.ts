/**
 * Namespaces (ValidateNamespace in pkg/apis/core/validation): the spec's finalizers must be
 * qualified names, and unprefixed ones must be standard finalizers.
 */
import type { KubeObject } from '../api/meta.js';
import { type Errs, invalid } from './field.js';
import { isQualifiedName } from './names.js';
import { validateKubeFinalizerName } from './object-meta.js';
import { rec, strs } from './shape.js';

export function validateNamespace(ns: KubeObject): Errs {
  const errs: Errs = [];
  // Upstream reports these at the list's path, without an index.
  for (const f of strs(rec(ns['spec'])['finalizers'])) {
    for (const m of isQualifiedName(f)) errs.push(invalid('spec.finalizers', f, m));
    errs.push(...validateKubeFinalizerName(f, 'spec.finalizers'));
  }
  return errs;
}

/** The main resource's update changes metadata only; spec.finalizers change through /finalize. */
export function validateNamespaceUpdate(): Errs {
  return [];
}
