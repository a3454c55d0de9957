/**
 * ConfigMaps (ValidateConfigMap and ValidateConfigMapUpdate in pkg/apis/core/validation): valid
 * keys, no key in both data and binaryData, at most 1 MiB in total, and nothing changes once
 * `immutable` is set.
 */
import type { KubeObject } from '../api/meta.js';
import { type Errs, forbidden, invalid, semanticEqual, tooLong } from './field.js';
import { isConfigMapKey } from './formats.js';
import { decodedBase64Length } from './secret.js';
import { rec, str } from './shape.js';

/** MaxSecretSize, which ConfigMaps share. */
export const MAX_DATA_SIZE = 1024 * 1024;

export function utf8Length(s: string): number {
  return new TextEncoder().encode(s).length;
}

export function validateConfigMap(cm: KubeObject): Errs {
  const errs: Errs = [];
  const data = rec(cm['data']);
  const binary = rec(cm['binaryData']);
  let total = 0;
  for (const [key, value] of Object.entries(data)) {
    for (const m of isConfigMapKey(key)) errs.push(invalid(`data[${key}]`, key, m));
    if (key in binary) errs.push(invalid(`data[${key}]`, key, 'duplicate of key present in binaryData'));
    total += utf8Length(str(value));
  }
  for (const [key, value] of Object.entries(binary)) {
    for (const m of isConfigMapKey(key)) errs.push(invalid(`binaryData[${key}]`, key, m));
    total += decodedBase64Length(str(value));
  }
  // Upstream reports the size at the root path, field.NewPath(""), which prints as "[]".
  if (total > MAX_DATA_SIZE) errs.push(tooLong('[]', MAX_DATA_SIZE));
  return errs;
}

export function validateConfigMapUpdate(cm: KubeObject, old: KubeObject): Errs {
  const errs: Errs = [];
  if (old['immutable'] === true) {
    if (cm['immutable'] !== true) errs.push(forbidden('immutable', 'field is immutable when `immutable` is set'));
    if (!semanticEqual(cm['data'], old['data'])) errs.push(forbidden('data', 'field is immutable when `immutable` is set'));
    if (!semanticEqual(cm['binaryData'], old['binaryData'])) errs.push(forbidden('binaryData', 'field is immutable when `immutable` is set'));
  }
  return [...errs, ...validateConfigMap(cm)];
}
