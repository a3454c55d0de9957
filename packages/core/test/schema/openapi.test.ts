/**
 * The /openapi/v3 and /openapi/v2 documents have the shape and extensions clients rely on.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { RESOURCES, groupVersions } from '../../src/api/registry.js';
import { openAPIV2, openAPIV2Response } from '../../src/schema/openapi-v2.js';
import { openAPIV3Document, openAPIV3Paths, openAPIV3Root } from '../../src/schema/openapi-v3.js';

// Parsed documents are walked by key; `any` keeps those walks readable.
type Json = Record<string, any>;

const root = JSON.parse(openAPIV3Root().json) as { paths: Record<string, { serverRelativeURL: string }> };
const parsed = new Map<string, Json>();
function v3(gvPath: string): Json {
  let doc = parsed.get(gvPath);
  if (!doc) {
    doc = JSON.parse(openAPIV3Document(gvPath)?.json ?? 'null') as Json;
    parsed.set(gvPath, doc);
  }
  return doc;
}
const coreV1 = v3('api/v1');
const appsV1 = v3('apis/apps/v1');
const v2 = JSON.parse(openAPIV2().json) as Json;

function refs(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((v) => refs(v, out));
  else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === '$ref' && typeof v === 'string') out.push(v);
      else refs(v, out);
    }
  }
  return out;
}

function patchOperations(doc: Json): Json[] {
  return Object.values(doc['paths'] as Record<string, Json>).flatMap((item) => (item['patch'] ? [item['patch'] as Json] : []));
}

describe('the /openapi/v3 root', () => {
  it('lists one document per served group version, at a URL carrying the hash of its JSON', () => {
    const expected = groupVersions().map((gv) => (gv.group ? `apis/${gv.group}/${gv.version}` : `api/${gv.version}`));
    expect(Object.keys(root.paths).sort()).toEqual(expected.sort());
    expect(openAPIV3Paths().sort()).toEqual(expected.sort());
    for (const [gvPath, { serverRelativeURL }] of Object.entries(root.paths)) {
      const doc = openAPIV3Document(gvPath);
      const sha512 = createHash('sha512').update(doc?.json ?? '').digest('hex').toUpperCase();
      expect(serverRelativeURL).toBe(`/openapi/v3/${gvPath}?hash=${sha512}`);
    }
  });

  it('finds documents with or without surrounding slashes, and nothing for unserved groups', () => {
    expect(openAPIV3Document('/apis/apps/v1/')?.hash).toBe(openAPIV3Document('apis/apps/v1')?.hash);
    expect(openAPIV3Document('apis/example.com/v1')).toBeUndefined();
  });
});

describe('a group version document', () => {
  it('is an OpenAPI 3.0 document whose every reference resolves inside it', () => {
    for (const gvPath of openAPIV3Paths()) {
      const doc = v3(gvPath);
      expect(doc['openapi']).toBe('3.0.0');
      for (const ref of refs(doc)) {
        expect(ref.startsWith('#/components/schemas/'), ref).toBe(true);
        expect(doc['components']['schemas'][ref.slice('#/components/schemas/'.length)], `${gvPath}: ${ref}`).toBeDefined();
      }
    }
  });

  it('marks each kind with its group, version and kind, exactly once', () => {
    const deployments = Object.values(appsV1['components']['schemas'] as Record<string, Json>).filter((s) =>
      (s['x-kubernetes-group-version-kind'] ?? []).some((g: Json) => g['kind'] === 'Deployment'),
    );
    expect(deployments).toHaveLength(1);
    expect(deployments[0]?.['x-kubernetes-group-version-kind']).toEqual([{ group: 'apps', kind: 'Deployment', version: 'v1' }]);
  });

  it('has list, create, read, replace, patch and delete operations for every resource, with action and kind', () => {
    for (const rt of RESOURCES) {
      const doc = v3(rt.group ? `apis/${rt.group}/${rt.version}` : `api/${rt.version}`);
      const prefix = rt.group ? `/apis/${rt.group}/${rt.version}` : `/api/${rt.version}`;
      const collection = rt.namespaced ? `${prefix}/namespaces/{namespace}/${rt.plural}` : `${prefix}/${rt.plural}`;
      const gvk = { group: rt.group, kind: rt.kind, version: rt.version };
      expect(doc['paths'][collection]['get']).toMatchObject({ 'x-kubernetes-action': 'list', 'x-kubernetes-group-version-kind': gvk });
      expect(doc['paths'][collection]['post']).toMatchObject({ 'x-kubernetes-action': 'post', 'x-kubernetes-group-version-kind': gvk });
      const item = doc['paths'][`${collection}/{name}`];
      for (const [method, action] of [['get', 'get'], ['put', 'put'], ['patch', 'patch'], ['delete', 'delete']]) {
        expect(item[method as string], `${rt.plural} ${method}`).toMatchObject({ 'x-kubernetes-action': action, 'x-kubernetes-group-version-kind': gvk });
      }
    }
  });

  it('offers fieldValidation, dryRun, fieldManager and force on every PATCH, as kubectl checks', () => {
    const patches = openAPIV3Paths().flatMap((p) => patchOperations(v3(p)));
    expect(patches.length).toBeGreaterThan(RESOURCES.length);
    for (const op of patches) {
      const names = (op['parameters'] as Json[]).filter((p) => p['in'] === 'query').map((p) => p['name']);
      expect(names, op['operationId']).toEqual(expect.arrayContaining(['fieldValidation', 'dryRun', 'fieldManager', 'force']));
      expect(Object.keys(op['requestBody']['content'])).toContain('application/strategic-merge-patch+json');
    }
  });

  it('serves status and scale subresources with the kinds they carry', () => {
    const base = '/apis/apps/v1/namespaces/{namespace}/deployments/{name}';
    expect(appsV1['paths'][`${base}/status`]['patch']['x-kubernetes-group-version-kind']).toEqual({ group: 'apps', kind: 'Deployment', version: 'v1' });
    expect(appsV1['paths'][`${base}/scale`]['put']['x-kubernetes-group-version-kind']).toEqual({ group: 'autoscaling', kind: 'Scale', version: 'v1' });
    expect(appsV1['components']['schemas']['io.k8s.api.autoscaling.v1.Scale']).toBeDefined();
    expect(coreV1['paths']['/api/v1/namespaces/{namespace}/pods/{name}/eviction']['post']['x-kubernetes-group-version-kind']['kind']).toBe('Eviction');
  });

  it('wraps a described reference in allOf and prints int-or-string and quantity as upstream v3 does', () => {
    const spec = coreV1['components']['schemas']['io.k8s.api.core.v1.Pod']['properties']['spec'];
    expect(spec).toEqual({ allOf: [{ $ref: '#/components/schemas/io.k8s.api.core.v1.PodSpec' }], description: 'Desired behaviour of the pod.' });
    const schemas = coreV1['components']['schemas'];
    expect(schemas['io.k8s.apimachinery.pkg.util.intstr.IntOrString']).toMatchObject({ format: 'int-or-string', oneOf: [{ type: 'integer' }, { type: 'string' }] });
    expect(schemas['io.k8s.apimachinery.pkg.api.resource.Quantity']['oneOf']).toEqual([{ type: 'string' }, { type: 'number' }]);
  });

  it('carries the merge extensions on the fields', () => {
    const containers = coreV1['components']['schemas']['io.k8s.api.core.v1.PodSpec']['properties']['containers'];
    expect(containers).toMatchObject({
      type: 'array',
      'x-kubernetes-patch-strategy': 'merge',
      'x-kubernetes-patch-merge-key': 'name',
      'x-kubernetes-list-type': 'map',
      'x-kubernetes-list-map-keys': ['name'],
    });
    expect(coreV1['components']['schemas']['io.k8s.api.core.v1.PodSpec']['required']).toEqual(['containers']);
  });
});

describe('the /openapi/v2 document', () => {
  it('is swagger 2.0 with every definition and path, references resolving inside it', () => {
    expect(v2['swagger']).toBe('2.0');
    for (const ref of refs(v2)) {
      expect(ref.startsWith('#/definitions/'), ref).toBe(true);
      expect(v2['definitions'][ref.slice('#/definitions/'.length)], ref).toBeDefined();
    }
    expect(v2['paths']['/apis/batch/v1/namespaces/{namespace}/cronjobs/{name}']['patch']['x-kubernetes-action']).toBe('patch');
  });

  it('prints references with siblings and int-or-string as a string, as upstream v2 does', () => {
    expect(v2['definitions']['io.k8s.api.core.v1.Pod']['properties']['spec']).toEqual({
      $ref: '#/definitions/io.k8s.api.core.v1.PodSpec',
      description: 'Desired behaviour of the pod.',
    });
    expect(v2['definitions']['io.k8s.apimachinery.pkg.util.intstr.IntOrString']).toMatchObject({ type: 'string', format: 'int-or-string' });
    expect(v2['definitions']['io.k8s.api.core.v1.Container']['properties']['env']['x-kubernetes-patch-merge-key']).toBe('name');
  });

  it('carries the body as a parameter and fieldValidation on PATCH', () => {
    const patch = v2['paths']['/api/v1/namespaces/{namespace}/pods/{name}']['patch'];
    const names = (patch['parameters'] as Json[]).map((p) => p['name']);
    expect(names).toEqual(expect.arrayContaining(['body', 'fieldValidation', 'force']));
    expect(patch['consumes']).toContain('application/apply-patch+yaml');
  });

  it('is served as JSON or protobuf by the Accept header, as kube-apiserver negotiates', () => {
    expect(openAPIV2Response('application/json')).toMatchObject({ contentType: 'application/json', body: openAPIV2().json });
    const proto = openAPIV2Response('application/com.github.proto-openapi.spec.v2@v1.0+protobuf');
    expect(proto?.contentType).toBe('application/com.github.proto-openapi.spec.v2.v1.0+protobuf');
    expect(proto?.body).toBeInstanceOf(Uint8Array);
    expect(proto?.etag).toBe(openAPIV2().hash);
    expect(openAPIV2Response('text/html, */*;q=0.8')?.contentType).toBe('application/json');
    expect(openAPIV2Response('text/html')).toBeUndefined();
  });

  it('has an ETag-ready hash of its JSON', () => {
    const { json, hash } = openAPIV2();
    expect(hash).toBe(createHash('sha512').update(json).digest('hex').toUpperCase());
  });
});
