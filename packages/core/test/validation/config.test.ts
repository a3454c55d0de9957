import { describe, expect, it } from 'vitest';
import { createError, object, updateError } from '../write-path.js';
import { CONFIG_KEY } from './messages.js';

const CM = 'ConfigMap "web" is invalid: ';
const SEC = 'Secret "web" is invalid: ';

describe('config maps', () => {
  const cm = (body: Record<string, unknown>) => object('ConfigMap', body);

  it.each([
    ['accepts keys with dots, dashes and underscores', { data: { 'app.properties': 'a=b', LOG_LEVEL: 'debug' } }, undefined],
    ['refuses keys with spaces', { data: { 'my key': 'x' } }, `${CM}data[my key]: Invalid value: "my key": ${CONFIG_KEY}`],
    ['refuses the key ".."', { data: { '..': 'x' } }, `${CM}data[..]: Invalid value: "..": must not be '..'`],
    ['refuses a key in both data and binaryData', { data: { a: 'x' }, binaryData: { a: 'eA==' } }, `${CM}data[a]: Invalid value: "a": duplicate of key present in binaryData`],
    ['limits the content to 1 MiB (reported at the root, "[]")', { data: { big: 'x'.repeat(1024 * 1024 + 1) } }, `${CM}[]: Too long: may not be more than 1048576 bytes`],
  ])('%s', (_name, body, message) => {
    expect(createError(cm(body))).toBe(message);
  });

  it('freezes data once immutable', () => {
    expect(updateError(cm({ immutable: true, data: { a: '2' } }), cm({ immutable: true, data: { a: '1' } }))).toBe(
      `${CM}data: Forbidden: field is immutable when \`immutable\` is set`,
    );
  });

  it('cannot be made mutable again', () => {
    expect(updateError(cm({ immutable: false }), cm({ immutable: true }))).toBe(`${CM}immutable: Forbidden: field is immutable when \`immutable\` is set`);
  });
});

describe('secrets', () => {
  const secret = (body: Record<string, unknown>, meta: Record<string, unknown> = {}) => object('Secret', body, meta);

  it.each([
    ['accepts base64 data and stringData', { data: { user: 'YWRtaW4=' }, stringData: { password: 's3cr=t' } }, undefined],
    ['refuses bad keys', { data: { 'a/b': 'eA==' } }, `${SEC}data[a/b]: Invalid value: "a/b": ${CONFIG_KEY}`],
    [
      'needs a certificate and a key for TLS secrets',
      { type: 'kubernetes.io/tls', data: {} },
      `${SEC}[data[tls.crt]: Required value, data[tls.key]: Required value]`,
    ],
    ['needs .dockerconfigjson for registry secrets', { type: 'kubernetes.io/dockerconfigjson' }, `${SEC}data[.dockerconfigjson]: Required value`],
    [
      'needs the service account name for token secrets',
      { type: 'kubernetes.io/service-account-token' },
      `${SEC}metadata.annotations[kubernetes.io/service-account.name]: Required value`,
    ],
    ['needs a username or a password for basic auth', { type: 'kubernetes.io/basic-auth' }, `${SEC}[data[username]: Required value, data[password]: Required value]`],
    [
      'reports data that is not base64 at its key (upstream fails to decode the body)',
      { data: { a: 'not base64!' } },
      `${SEC}data[a]: Invalid value: "<secret contents redacted>": illegal base64 data at input byte 3`,
    ],
  ])('%s', (_name, body, message) => {
    expect(createError(secret(body))).toBe(message);
  });

  it('keeps the type', () => {
    expect(updateError(secret({ type: 'kubernetes.io/tls', data: { 'tls.crt': 'eA==', 'tls.key': 'eA==' } }), secret({ data: {} }))).toBe(
      `${SEC}type: Invalid value: "kubernetes.io/tls": field is immutable`,
    );
  });
});
