/**
 * Secret defaults: type Opaque (SetDefaults_Secret), and stringData, the write-only
 * convenience field, merged into data as base64 (upstream does this when converting the v1
 * object, before defaulting) — stringData wins over data for the same key.
 */
import type { KubeObject } from '../api/meta.js';
import { child, isObj, setDefaultIfZero } from './util.js';

function base64(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

export function defaultSecret(secret: KubeObject): void {
  setDefaultIfZero(secret, 'type', 'Opaque');
  if (isObj(secret['stringData'])) {
    const data = child(secret, 'data');
    for (const [k, v] of Object.entries(secret['stringData'])) data[k] = base64(typeof v === 'string' ? v : String(v));
    delete secret['stringData'];
  }
}
