/**
 * The swagger 2.0 document kube-apiserver serves at `/openapi/v2`: one document with the
 * paths of every group version and every definition, with the same x-kubernetes-*
 * extensions as the v3 documents.
 *
 * Served as JSON (Accept: application/json) or as gnostic protobuf, the only form kubectl
 * asks for (`kubectl explain --output plaintext-openapiv2`, and its fallbacks when the v3
 * documents cannot be read); `openAPIV2Response` picks the form as kube-apiserver does.
 */
import { DEFINITIONS } from './definitions/index.js';
import { openAPIDefinition, refPath, type Json } from './openapi-schema.js';
import { groupVersionPaths, type Operation, type Parameter } from './openapi-paths.js';
import { encodeOpenAPIV2 } from './openapi-v2-proto.js';
import { documentHash, OPENAPI_KUBERNETES_VERSION, type OpenAPIDocument } from './openapi-v3.js';

const PRODUCES = ['application/json', 'application/yaml'];

function parameterV2(p: Parameter): Json {
  const out: Json = { description: p.description, in: p.in, name: p.name };
  if (p.required) out['required'] = true;
  out['type'] = p.type;
  out['uniqueItems'] = true;
  return out;
}

function operationV2(o: Operation, tag: string): Json {
  const consumes = o.consumes.length > 0 ? o.consumes : ['*/*'];
  const out: Json = { consumes, description: o.description, operationId: o.operationId };
  const parameters = o.parameters.map(parameterV2);
  if (o.body) parameters.unshift({ in: 'body', name: 'body', required: o.method !== 'delete', schema: { $ref: refPath(2, o.body) } });
  if (parameters.length > 0) out['parameters'] = parameters;
  if (o.action === 'list') out['produces'] = [...PRODUCES, 'application/json;stream=watch'];
  else out['produces'] = o.action === 'connect' ? ['*/*'] : PRODUCES;
  const responses: Json = {};
  for (const r of o.responses) {
    const res: Json = { description: r.description };
    if (r.schema === 'string') res['schema'] = { type: 'string' };
    else if (r.schema) res['schema'] = { $ref: refPath(2, r.schema) };
    responses[String(r.code)] = res;
  }
  out['responses'] = responses;
  out['schemes'] = ['https'];
  out['tags'] = [tag];
  out['x-kubernetes-action'] = o.action;
  out['x-kubernetes-group-version-kind'] = { group: o.gvk.group, kind: o.gvk.kind, version: o.gvk.version };
  return out;
}

function buildV2(): Json {
  const paths: Json = {};
  for (const gv of groupVersionPaths()) {
    for (const item of gv.paths) {
      const entry: Json = {};
      for (const o of item.operations) entry[o.method] = operationV2(o, gv.tag);
      entry['parameters'] = item.parameters.map(parameterV2);
      paths[item.path] = entry;
    }
  }
  const definitions: Json = {};
  for (const name of Object.keys(DEFINITIONS).sort()) definitions[name] = openAPIDefinition(name, DEFINITIONS[name]!, 2);
  return {
    definitions,
    info: { title: 'Kubernetes', version: OPENAPI_KUBERNETES_VERSION },
    paths,
    security: [{ BearerToken: [] }],
    securityDefinitions: { BearerToken: { description: 'Bearer token authentication', in: 'header', name: 'authorization', type: 'apiKey' } },
    swagger: '2.0',
  };
}

let cached: { doc: Json; json: OpenAPIDocument; protobuf?: Uint8Array } | undefined;

function documents(): { doc: Json; json: OpenAPIDocument; protobuf?: Uint8Array } {
  if (!cached) {
    const doc = buildV2();
    const json = JSON.stringify(doc);
    cached = { doc, json: { json, hash: documentHash(json) } };
  }
  return cached;
}

/** The `/openapi/v2` document; `hash` (upper-case hex SHA-512) serves as its ETag. */
export function openAPIV2(): OpenAPIDocument {
  return documents().json;
}

/** The `/openapi/v2` document as a serialized gnostic openapi_v2.Document. */
export function openAPIV2Protobuf(): Uint8Array {
  const docs = documents();
  docs.protobuf ??= encodeOpenAPIV2(docs.doc);
  return docs.protobuf;
}

export const OPENAPI_V2_PROTOBUF = 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf';

/** Accepted media types, in kube-apiserver's order: [accepted type, form, content type served]. */
const V2_FORMS: Array<[string, 'json' | 'protobuf', string]> = [
  ['application/json', 'json', 'application/json'],
  ['application/com.github.proto-openapi.spec.v2@v1.0+protobuf', 'protobuf', OPENAPI_V2_PROTOBUF],
  [OPENAPI_V2_PROTOBUF, 'protobuf', OPENAPI_V2_PROTOBUF],
];

/**
 * The response to GET /openapi/v2 for an Accept header: the first clause that names JSON or
 * protobuf (wildcards allowed) decides; undefined means 406 Not Acceptable. Both forms
 * share one ETag, as upstream (responses vary by Accept).
 */
export function openAPIV2Response(accept: string | undefined): { contentType: string; body: string | Uint8Array; etag: string } | undefined {
  const clauses = (accept ?? '*/*').split(',').map((c) => c.split(';')[0]?.trim().toLowerCase() ?? '');
  for (const clause of clauses) {
    const [type, subtype] = clause.split('/');
    for (const [accepted, form, contentType] of V2_FORMS) {
      const [aType, aSubtype] = accepted.split('/');
      if ((type === aType || type === '*') && (subtype === aSubtype || subtype === '*')) {
        const etag = openAPIV2().hash;
        return { contentType, body: form === 'json' ? openAPIV2().json : openAPIV2Protobuf(), etag };
      }
    }
  }
  return undefined;
}
