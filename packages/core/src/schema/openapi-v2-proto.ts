/**
 * The /openapi/v2 document in the protobuf form kubectl asks for
 * (Accept: application/com.github.proto-openapi.spec.v2@v1.0+protobuf): the swagger JSON
 * mapped onto gnostic's openapi_v2.Document message, as kube-apiserver serves it. Only what
 * kube-apiserver's documents use is mapped: info, paths with their operations, parameters
 * and responses, definitions, security. Vendor extensions, enums and defaults travel as
 * `Any.yaml` text (JSON is valid YAML), which is how clients decode them.
 *
 * Field numbers follow gnostic-models' openapiv2/OpenAPIv2.proto.
 */
import type { Json } from './openapi-schema.js';

/** A protobuf message under construction: fields appended in order. */
class Message {
  private readonly chunks: Uint8Array[] = [];
  private size = 0;

  private push(bytes: Uint8Array): void {
    this.chunks.push(bytes);
    this.size += bytes.length;
  }

  private varint(value: number): void {
    const out: number[] = [];
    let v = value;
    while (v > 0x7f) {
      out.push((v & 0x7f) | 0x80);
      v = Math.floor(v / 128);
    }
    out.push(v);
    this.push(Uint8Array.from(out));
  }

  private tag(field: number, wireType: 0 | 2): void {
    this.varint(field * 8 + wireType);
  }

  bytes(field: number, bytes: Uint8Array): this {
    this.tag(field, 2);
    this.varint(bytes.length);
    this.push(bytes);
    return this;
  }

  /** Proto3 leaves empty strings and false out. */
  string(field: number, value: unknown): this {
    if (typeof value === 'string' && value !== '') this.bytes(field, encoder.encode(value));
    return this;
  }

  strings(field: number, values: unknown): this {
    if (Array.isArray(values)) for (const v of values) if (typeof v === 'string') this.bytes(field, encoder.encode(v));
    return this;
  }

  bool(field: number, value: unknown): this {
    if (value === true) {
      this.tag(field, 0);
      this.varint(1);
    }
    return this;
  }

  message(field: number, child: Message | undefined): this {
    if (child) this.bytes(field, child.finish());
    return this;
  }

  finish(): Uint8Array {
    const out = new Uint8Array(this.size);
    let offset = 0;
    for (const c of this.chunks) {
      out.set(c, offset);
      offset += c.length;
    }
    return out;
  }
}

const encoder = new TextEncoder();

const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);
const entries = (v: unknown): Array<[string, unknown]> => (isObject(v) ? Object.entries(v) : []);

/** Any { yaml = 2 } */
function any(value: unknown): Message {
  return new Message().string(2, `${JSON.stringify(value)}\n`);
}

/** repeated NamedAny { name = 1; Any value = 2 } for every x- key. */
function vendorExtensions(m: Message, field: number, source: Json): void {
  for (const [name, value] of Object.entries(source)) {
    if (name.startsWith('x-')) m.message(field, new Message().string(1, name).message(2, any(value)));
  }
}

function schema(s: Json): Message {
  const m = new Message()
    .string(1, s['$ref'])
    .string(2, s['format'])
    .string(4, s['description'])
    .strings(19, s['required']);
  if (Array.isArray(s['enum'])) for (const v of s['enum']) m.message(20, any(v));
  if (isObject(s['additionalProperties'])) m.message(21, new Message().message(1, schema(s['additionalProperties'])));
  if (typeof s['type'] === 'string') m.message(22, new Message().string(1, s['type']));
  if (isObject(s['items'])) m.message(23, new Message().message(1, schema(s['items'])));
  if (Array.isArray(s['allOf'])) for (const sub of s['allOf']) if (isObject(sub)) m.message(24, schema(sub));
  if (isObject(s['properties'])) {
    const props = new Message();
    for (const [name, sub] of entries(s['properties'])) if (isObject(sub)) props.message(1, new Message().string(1, name).message(2, schema(sub)));
    m.message(25, props);
  }
  vendorExtensions(m, 31, s);
  return m;
}

/** ParametersItem { Parameter parameter = 1 } with a body or a query/path parameter. */
function parameter(p: Json): Message {
  let param: Message;
  if (p['in'] === 'body') {
    const body = new Message().string(1, p['description']).string(2, p['name']).string(3, p['in']).bool(4, p['required']);
    if (isObject(p['schema'])) body.message(5, schema(p['schema']));
    param = new Message().message(1, body);
  } else {
    const sub = new Message().bool(1, p['required']).string(2, p['in']).string(3, p['description']).string(4, p['name']);
    // QueryParameterSubSchema: type = 6, unique_items = 20; PathParameterSubSchema: type = 5, unique_items = 19.
    const query = p['in'] === 'query';
    sub.string(query ? 6 : 5, p['type']).bool(query ? 20 : 19, p['uniqueItems']);
    param = new Message().message(2, new Message().message(query ? 3 : 4, sub));
  }
  return new Message().message(1, param);
}

function operation(o: Json): Message {
  const m = new Message()
    .strings(1, o['tags'])
    .string(3, o['description'])
    .string(5, o['operationId'])
    .strings(6, o['produces'])
    .strings(7, o['consumes']);
  if (Array.isArray(o['parameters'])) for (const p of o['parameters']) if (isObject(p)) m.message(8, parameter(p));
  const responses = new Message();
  for (const [code, r] of entries(o['responses'])) {
    if (!isObject(r)) continue;
    const response = new Message().string(1, r['description']);
    if (isObject(r['schema'])) response.message(2, new Message().message(1, schema(r['schema'])));
    responses.message(1, new Message().string(1, code).message(2, new Message().message(1, response)));
  }
  m.message(9, responses).strings(10, o['schemes']);
  vendorExtensions(m, 13, o);
  return m;
}

const PATH_ITEM_FIELDS: Record<string, number> = { get: 2, put: 3, post: 4, delete: 5, options: 6, head: 7, patch: 8 };

function pathItem(item: Json): Message {
  const m = new Message();
  for (const [method, field] of Object.entries(PATH_ITEM_FIELDS)) if (isObject(item[method])) m.message(field, operation(item[method]));
  if (Array.isArray(item['parameters'])) for (const p of item['parameters']) if (isObject(p)) m.message(9, parameter(p));
  return m;
}

function securityRequirement(req: Json): Message {
  const m = new Message();
  for (const [name, scopes] of Object.entries(req)) m.message(1, new Message().string(1, name).message(2, new Message().strings(1, scopes)));
  return m;
}

/** Encodes a swagger 2.0 document (as openapi-v2.ts builds it) as openapi_v2.Document. */
export function encodeOpenAPIV2(doc: Json): Uint8Array {
  const info = isObject(doc['info']) ? new Message().string(1, doc['info']['title']).string(2, doc['info']['version']) : undefined;
  const paths = new Message();
  for (const [path, item] of entries(doc['paths'])) if (isObject(item)) paths.message(2, new Message().string(1, path).message(2, pathItem(item)));
  const definitions = new Message();
  for (const [name, s] of entries(doc['definitions'])) if (isObject(s)) definitions.message(1, new Message().string(1, name).message(2, schema(s)));
  const m = new Message().string(1, doc['swagger']).message(2, info).message(8, paths).message(9, definitions);
  if (Array.isArray(doc['security'])) for (const req of doc['security']) if (isObject(req)) m.message(12, securityRequirement(req));
  const securityDefinitions = new Message();
  for (const [name, def] of entries(doc['securityDefinitions'])) {
    if (!isObject(def) || def['type'] !== 'apiKey') continue;
    const apiKey = new Message().string(1, def['type']).string(2, def['name']).string(3, def['in']).string(4, def['description']);
    securityDefinitions.message(1, new Message().string(1, name).message(2, new Message().message(2, apiKey)));
  }
  m.message(13, securityDefinitions);
  return m.finish();
}
