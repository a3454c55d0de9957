/**
 * The API server's serving certificate: a self-signed X.509 certificate for the loopback
 * names, made once per data directory and written into the kubeconfig as its certificate
 * authority. kubectl sends a bearer token only over TLS (clientcmd sets it for TLS
 * connections alone — kubernetes/kubectl#744), so a token-protected API must speak HTTPS;
 * kube-apiserver serves HTTPS on 6443 for the same reason.
 *
 * The certificate is its own CA (basicConstraints cA, keyCertSign), which Go's and Node's
 * TLS stacks accept as a trust anchor; its key is an ECDSA P-256 key.
 */
import { X509Certificate, createHash, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { join } from 'node:path';
import { writePrivate } from '../credentials.js';
import {
  bitString,
  boolean,
  explicit,
  implicit,
  integer,
  octetString,
  oid,
  sequence,
  set,
  utcTime,
  utf8String,
} from './der.js';

export const CERT_FILE = 'apiserver.crt';
export const KEY_FILE = 'apiserver.key';

/** Names the certificate is valid for: loopback, and the in-cluster names of the API. */
export const SERVING_NAMES = [
  'localhost',
  'kubernetes',
  'kubernetes.default',
  'kubernetes.default.svc',
  'kubernetes.default.svc.cluster.local',
  '127.0.0.1',
  '::1',
  '10.96.0.1',
];

const VALID_YEARS = 10;
/** Renew when less than this remains. */
const RENEW_BEFORE_MS = 30 * 24 * 3600 * 1000;

export interface ServingCert {
  certPem: string;
  keyPem: string;
}

export function loadOrCreateServingCert(dataDir: string, now = Date.now()): ServingCert {
  const certPath = join(dataDir, CERT_FILE);
  const keyPath = join(dataDir, KEY_FILE);
  if (existsSync(certPath) && existsSync(keyPath)) {
    const certPem = readFileSync(certPath, 'utf8');
    const keyPem = readFileSync(keyPath, 'utf8');
    const notAfter = Date.parse(new X509Certificate(certPem).validTo);
    if (notAfter - now > RENEW_BEFORE_MS) return { certPem, keyPem };
  }
  const made = createServingCert(SERVING_NAMES, now);
  writePrivate(keyPath, made.keyPem);
  writePrivate(certPath, made.certPem);
  return made;
}

export function createServingCert(names: string[], now = Date.now()): ServingCert {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  const ecdsaWithSha256 = sequence(oid('1.2.840.10045.4.3.2'));
  const name = sequence(set(sequence(oid('2.5.4.3'), utf8String('kubelab-apiserver'))), set(sequence(oid('2.5.4.10'), utf8String('kubelab'))));
  const serial = randomBytes(16);
  serial[0] = serial[0]! & 0x7f;
  const keyId = createHash('sha1').update(spki).digest();
  const sans = names.map((n) => (isIP(n) ? implicit(7, ipBytes(n)) : implicit(2, Buffer.from(n, 'ascii'))));
  const ext = (id: string, critical: boolean, value: Buffer) =>
    critical ? sequence(oid(id), boolean(true), octetString(value)) : sequence(oid(id), octetString(value));
  const extensions = sequence(
    // digitalSignature (bit 0) | keyEncipherment (bit 2) | keyCertSign (bit 5): 10100100, 2 unused bits.
    ext('2.5.29.15', true, bitString(Buffer.from([0xa4]), 2)),
    ext('2.5.29.37', false, sequence(oid('1.3.6.1.5.5.7.3.1'))),
    ext('2.5.29.19', true, sequence(boolean(true))),
    ext('2.5.29.14', false, octetString(keyId)),
    ext('2.5.29.17', false, sequence(...sans)),
  );
  const tbs = sequence(
    explicit(0, integer(2)),
    integer(serial),
    ecdsaWithSha256,
    name,
    sequence(utcTime(new Date(now - 3600 * 1000)), utcTime(new Date(now + VALID_YEARS * 365 * 24 * 3600 * 1000))),
    name,
    spki,
    explicit(3, extensions),
  );
  const signature = sign('sha256', tbs, privateKey);
  const der = sequence(tbs, ecdsaWithSha256, bitString(signature));
  return {
    certPem: pem('CERTIFICATE', der),
    keyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}

function ipBytes(ip: string): Buffer {
  if (isIP(ip) === 4) return Buffer.from(ip.split('.').map(Number));
  const [head, tail] = ip.split('::') as [string, string | undefined];
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const groups = [...h, ...Array(8 - h.length - t.length).fill('0'), ...t];
  const b = Buffer.alloc(16);
  groups.forEach((g, i) => b.writeUInt16BE(Number.parseInt(g || '0', 16), i * 2));
  return b;
}

function pem(label: string, der: Buffer): string {
  const b64 = der.toString('base64').replace(/(.{64})/g, '$1\n').replace(/\n$/, '');
  return `-----BEGIN ${label}-----\n${b64}\n-----END ${label}-----\n`;
}
