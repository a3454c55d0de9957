/**
 * The OpenAPI v3 documents kube-apiserver serves:
 * - `/openapi/v3`: the root, listing one document per group version with the URL to fetch
 *   it, `{"paths": {"api/v1": {"serverRelativeURL": "/openapi/v3/api/v1?hash=<HEX>"}}}`;
 * - `/openapi/v3/<gv path>` ("api/v1", "apis/apps/v1"): an OpenAPI 3.0 document with that
 *   group version's paths and every schema they reach.
 * The hash is the upper-case hex SHA-512 of the document's JSON, so it changes whenever the
 * document does. Clients cache documents by that URL (kube-apiserver marks hashed requests
 * immutable); serving the JSON with an ETag of the same hash lets them revalidate.
 */
import { createHash } from 'node:crypto';
import { DEFINITIONS } from './definitions/index.js';
import { openAPIDefinition, refPath, type Json } from './openapi-schema.js';
import { groupVersionPaths, operationDefinitions, type GroupVersionPaths, type Operation, type Parameter } from './openapi-paths.js';
import { referencedDefinitions } from './resolve.js';

export interface OpenAPIDocument {
  /** The document, serialized once. */
  json: string;
  /** Upper-case hex SHA-512 of `json`. */
  hash: string;
}

/** The Kubernetes version the documents describe. */
export const OPENAPI_KUBERNETES_VERSION = 'v1.32.0';

const RESPONSE_TYPES = ['application/json', 'application/yaml'];

export function documentHash(json: string): string {
  return createHash('sha512').update(json).digest('hex').toUpperCase();
}

function parameterV3(p: Parameter): Json {
  const out: Json = { description: p.description, in: p.in, name: p.name };
  if (p.required) out['required'] = true;
  out['schema'] = { type: p.type, uniqueItems: true };
  return out;
}

function operationV3(o: Operation, tag: string): Json {
  const out: Json = { description: o.description, operationId: o.operationId };
  if (o.parameters.length > 0) out['parameters'] = o.parameters.map(parameterV3);
  if (o.body) {
    const schema = { $ref: refPath(3, o.body) };
    out['requestBody'] = { content: Object.fromEntries(o.consumes.map((t) => [t, { schema }])), required: o.method !== 'delete' };
  }
  const responses: Json = {};
  for (const r of o.responses) {
    const res: Json = { description: r.description };
    if (r.schema === 'string') res['content'] = { '*/*': { schema: { type: 'string' } } };
    else if (r.schema) {
      const types = o.action === 'list' ? [...RESPONSE_TYPES, 'application/json;stream=watch'] : RESPONSE_TYPES;
      res['content'] = Object.fromEntries(types.map((t) => [t, { schema: { $ref: refPath(3, r.schema as string) } }]));
    }
    responses[String(r.code)] = res;
  }
  out['responses'] = responses;
  out['tags'] = [tag];
  out['x-kubernetes-action'] = o.action;
  out['x-kubernetes-group-version-kind'] = { group: o.gvk.group, kind: o.gvk.kind, version: o.gvk.version };
  return out;
}

function groupVersionDocument(gv: GroupVersionPaths): Json {
  const paths: Json = {};
  for (const item of gv.paths) {
    const entry: Json = {};
    for (const o of item.operations) entry[o.method] = operationV3(o, gv.tag);
    entry['parameters'] = item.parameters.map(parameterV3);
    paths[item.path] = entry;
  }
  const schemas: Json = {};
  for (const name of [...referencedDefinitions(DEFINITIONS, operationDefinitions(gv))].sort()) {
    const schema = DEFINITIONS[name];
    if (schema) schemas[name] = openAPIDefinition(name, schema, 3);
  }
  return {
    components: {
      schemas,
      securitySchemes: { BearerToken: { description: 'Bearer token authentication', in: 'header', name: 'authorization', type: 'apiKey' } },
    },
    info: { title: 'Kubernetes', version: OPENAPI_KUBERNETES_VERSION },
    openapi: '3.0.0',
    paths,
    security: [{ BearerToken: [] }],
  };
}

interface V3Documents {
  byPath: Map<string, OpenAPIDocument>;
  root: OpenAPIDocument;
}

let cached: V3Documents | undefined;

function build(): V3Documents {
  const byPath = new Map<string, OpenAPIDocument>();
  const rootPaths: Json = {};
  for (const gv of groupVersionPaths()) {
    const json = JSON.stringify(groupVersionDocument(gv));
    const doc = { json, hash: documentHash(json) };
    byPath.set(gv.gvPath, doc);
    rootPaths[gv.gvPath] = { serverRelativeURL: `/openapi/v3/${gv.gvPath}?hash=${doc.hash}` };
  }
  const rootJson = JSON.stringify({ paths: rootPaths });
  return { byPath, root: { json: rootJson, hash: documentHash(rootJson) } };
}

function documents(): V3Documents {
  cached ??= build();
  return cached;
}

/** The `/openapi/v3` root document. */
export function openAPIV3Root(): OpenAPIDocument {
  return documents().root;
}

/** The document of a group version path ("api/v1", "apis/apps/v1"), or undefined. */
export function openAPIV3Document(gvPath: string): OpenAPIDocument | undefined {
  return documents().byPath.get(gvPath.replace(/^\/+|\/+$/g, ''));
}

/** Every group version path served under /openapi/v3/. */
export function openAPIV3Paths(): string[] {
  return [...documents().byPath.keys()];
}
