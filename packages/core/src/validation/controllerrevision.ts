/**
 * ControllerRevisions (ValidateControllerRevision in pkg/apis/apps/validation): data is
 * mandatory and, once written, immutable.
 */
import type { KubeObject } from '../api/meta.js';
import { type Errs, immutable, nonNegative, required } from './field.js';
import { present } from './shape.js';

export function validateControllerRevision(obj: KubeObject): Errs {
  const errs = present(obj['data']) ? [] : [required('data', 'data is mandatory')];
  return [...errs, ...nonNegative(obj['revision'], 'revision')];
}

export function validateControllerRevisionUpdate(obj: KubeObject, old: KubeObject): Errs {
  return [...validateControllerRevision(obj), ...immutable(obj['data'], old['data'], 'data')];
}
