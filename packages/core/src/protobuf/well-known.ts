/**
 * Messages whose JSON form is not their fields: the types that have their own MarshalJSON
 * upstream. Each turns the message's wire values (absent fields undefined, bytes as
 * Uint8Array, int64 as number or bigint) into what encoding/json would print for it:
 *
 *   meta.v1.Time        {seconds, nanos}  → "2024-05-01T10:00:00Z" (seconds only), null when zero
 *   meta.v1.MicroTime   {seconds, nanos}  → "2024-05-01T10:00:00.123456Z", null when zero
 *   meta.v1.Duration    {duration (ns)}   → "1h0m0s"
 *   meta.v1.FieldsV1    {Raw}             → the embedded JSON
 *   runtime.RawExtension {raw}            → the embedded JSON, null when empty
 *   resource.Quantity   {string}          → "500m"
 *   intstr.IntOrString  {type, intVal, strVal} → 8080 or "http"
 */
import { ProtobufDecodeError } from './errors.js';
import { formatGoDuration } from './go-duration.js';

export type WireValues = Readonly<Record<string, unknown>>;
export type WellKnownJson = (values: WireValues, byteLength: number) => unknown;

/** time.Time{}.Unix(): the zero time, which metav1 prints as null. */
const ZERO_TIME_SECONDS = -62135596800;

export const WELL_KNOWN: ReadonlyMap<string, WellKnownJson> = new Map<string, WellKnownJson>([
  // metav1.Time.Unmarshal drops nanos: JSON only ever carried seconds.
  ['meta.v1.Time', (v, length) => (length === 0 ? null : rfc3339(int(v['seconds']), 0, false))],
  ['meta.v1.MicroTime', (v, length) => (length === 0 ? null : rfc3339(int(v['seconds']), int(v['nanos']), true))],
  ['meta.v1.Duration', (v) => formatGoDuration(BigInt(v['duration'] as number | bigint | undefined ?? 0))],
  ['meta.v1.FieldsV1', (v) => embeddedJson(v['Raw'], 'meta.v1.FieldsV1')],
  ['runtime.RawExtension', (v) => embeddedJson(v['raw'], 'runtime.RawExtension')],
  ['resource.Quantity', (v) => quantity(v['string'])],
  ['intstr.IntOrString', (v) => intOrString(v)],
]);

function int(v: unknown): number {
  return typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : 0;
}

/** time.Unix(seconds, nanos).UTC() in RFC 3339, with microseconds for MicroTime; null for the zero time. */
function rfc3339(seconds: number, nanos: number, micro: boolean): string | null {
  const carry = Math.floor(nanos / 1e9);
  const s = seconds + carry;
  const ns = nanos - carry * 1e9;
  if (s === ZERO_TIME_SECONDS && ns === 0) return null;
  const date = new Date(s * 1000);
  const iso = Number.isNaN(date.getTime()) ? '' : date.toISOString();
  // Go refuses to print years outside [0, 9999] as RFC 3339.
  if (!/^\d{4}-/.test(iso)) throw new ProtobufDecodeError(`protobuf: time ${seconds}s is outside the years 0 to 9999`);
  const base = iso.slice(0, 19);
  return micro ? `${base}.${String(Math.floor(ns / 1000)).padStart(6, '0')}Z` : `${base}Z`;
}

function embeddedJson(raw: unknown, type: string): unknown {
  if (!(raw instanceof Uint8Array) || raw.length === 0) return null;
  const text = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ProtobufDecodeError(`protobuf: ${type} holds bytes that are not JSON; kubelab keeps embedded objects as JSON`);
  }
}

function quantity(s: unknown): string {
  // A Quantity is marshalled as its canonical string; an empty one unmarshals to zero.
  return typeof s === 'string' && s !== '' ? s : '0';
}

function intOrString(v: WireValues): number | string {
  const type = int(v['type']);
  if (type === 0) return int(v['intVal']);
  if (type === 1) return typeof v['strVal'] === 'string' ? v['strVal'] : '';
  throw new ProtobufDecodeError(`protobuf: intstr.IntOrString has an impossible type ${type}`);
}
