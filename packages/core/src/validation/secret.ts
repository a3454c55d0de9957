/**
 * Secrets (ValidateSecret and ValidateSecretUpdate in pkg/apis/core/validation). Data values
 * travel as base64 in JSON; their decoded size counts against the 1 MiB limit, and the
 * well-known types require their keys.
 */
import type { KubeObject } from '../api/meta.js';
import { type Errs, forbidden, immutable, invalid, required, semanticEqual, tooLong } from './field.js';
import { isConfigMapKey } from './formats.js';
import { rec, str } from './shape.js';

const MAX_SECRET_SIZE = 1024 * 1024;
const BASE64_RE = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** The offset Go's strict base64 decoder reports for malformed input, or undefined when valid. */
export function base64ErrorOffset(s: string): number | undefined {
  if (BASE64_RE.test(s)) return undefined;
  const bad = s.search(/[^A-Za-z0-9+/=]/);
  if (bad >= 0) return bad;
  const pad = s.indexOf('=');
  if (pad >= 0 && pad < s.length - 2) return pad;
  return Math.floor(s.length / 4) * 4;
}

export function decodedBase64Length(s: string): number {
  const clean = s.replace(/=+$/, '');
  return Math.floor((clean.length * 3) / 4);
}

function decode(s: string): string {
  try {
    return atob(s);
  } catch {
    return '';
  }
}

export function validateSecret(secret: KubeObject): Errs {
  const errs: Errs = [];
  const data = rec(secret['data']);
  let total = 0;
  for (const [key, value] of Object.entries(data)) {
    for (const m of isConfigMapKey(key)) errs.push(invalid(`data[${key}]`, key, m));
    const offset = base64ErrorOffset(str(value));
    // Upstream fails to decode such a body (400); the problem is reported at its key here.
    if (offset !== undefined) errs.push(invalid(`data[${key}]`, '<secret contents redacted>', `illegal base64 data at input byte ${offset}`));
    total += decodedBase64Length(str(value));
  }
  if (total > MAX_SECRET_SIZE) errs.push(tooLong('data', MAX_SECRET_SIZE));
  const has = (k: string): boolean => k in data;
  switch (str(secret['type'])) {
    case 'kubernetes.io/service-account-token':
      if (!secret.metadata?.annotations?.['kubernetes.io/service-account.name']) {
        errs.push(required('metadata.annotations[kubernetes.io/service-account.name]'));
      }
      break;
    case 'kubernetes.io/dockercfg':
    case 'kubernetes.io/dockerconfigjson': {
      const key = str(secret['type']) === 'kubernetes.io/dockercfg' ? '.dockercfg' : '.dockerconfigjson';
      if (!has(key)) {
        errs.push(required(`data[${key}]`));
        break;
      }
      try {
        const parsed: unknown = JSON.parse(decode(str(data[key])));
        if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('json: cannot unmarshal into Go value of type map[string]interface {}');
      } catch (e) {
        errs.push(invalid(`data[${key}]`, '<secret contents redacted>', e instanceof Error ? e.message : String(e)));
      }
      break;
    }
    case 'kubernetes.io/basic-auth':
      if (!has('username') && !has('password')) errs.push(required('data[username]'), required('data[password]'));
      break;
    case 'kubernetes.io/ssh-auth':
      if (decodedBase64Length(str(data['ssh-privatekey'])) === 0) errs.push(required('data[ssh-privatekey]'));
      break;
    case 'kubernetes.io/tls':
      if (!has('tls.crt')) errs.push(required('data[tls.crt]'));
      if (!has('tls.key')) errs.push(required('data[tls.key]'));
      break;
  }
  return errs;
}

export function validateSecretUpdate(secret: KubeObject, old: KubeObject): Errs {
  const errs = immutable(secret['type'], old['type'], 'type');
  if (old['immutable'] === true) {
    if (secret['immutable'] !== true) errs.push(forbidden('immutable', 'field is immutable when `immutable` is set'));
    if (!semanticEqual(secret['data'], old['data'])) errs.push(forbidden('data', 'field is immutable when `immutable` is set'));
  }
  return [...errs, ...validateSecret(secret)];
}
