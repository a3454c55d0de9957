/**
 * Small hand-written schemas shaped like upstream's Pod and Deployment OpenAPI, carrying the
 * x-kubernetes patch and list extensions the patch and apply tests exercise.
 */
import type { SchemaNode } from '../../src/schema/node.js';

export const str: SchemaNode = { type: 'string' };
export const int: SchemaNode = { type: 'integer', format: 'int32' };
export const bool: SchemaNode = { type: 'boolean' };

export function obj(properties: Record<string, SchemaNode>, extra: Partial<SchemaNode> = {}): SchemaNode {
  return { type: 'object', properties, ...extra };
}

export function mapOf(value: SchemaNode, extra: Partial<SchemaNode> = {}): SchemaNode {
  return { type: 'object', additionalProperties: value, ...extra };
}

export function listOf(items: SchemaNode, extra: Partial<SchemaNode> = {}): SchemaNode {
  return { type: 'array', items, ...extra };
}

/** A list merged by key: patchStrategy merge + listType map, as upstream marks containers. */
export function keyedList(items: SchemaNode, key: string, extra: Partial<SchemaNode> = {}): SchemaNode {
  return listOf(items, { patchStrategy: 'merge', patchMergeKey: key, listType: 'map', listMapKeys: [key], ...extra });
}

export const envVar = obj({ name: str, value: str, valueFrom: obj({ fieldRef: obj({ fieldPath: str }) }) });

export const containerPort = obj({ name: str, containerPort: int, protocol: str, hostPort: int });

export const container = obj({
  name: str,
  image: str,
  imagePullPolicy: str,
  args: listOf(str, { listType: 'atomic' }),
  env: keyedList(envVar, 'name'),
  ports: keyedList(containerPort, 'containerPort', { listMapKeys: ['containerPort', 'protocol'] }),
  resources: obj({ limits: mapOf(str), requests: mapOf(str) }),
});

export const volume = obj({
  name: str,
  configMap: obj({ name: str }),
  emptyDir: obj({ medium: str, sizeLimit: str }),
  secret: obj({ secretName: str }),
});

export const podSpec = obj(
  {
    containers: keyedList(container, 'name'),
    volumes: keyedList(volume, 'name', { patchStrategy: 'merge,retainKeys' }),
    nodeSelector: mapOf(str, { mapType: 'atomic' }),
    restartPolicy: str,
    tolerations: listOf(obj({ key: str, operator: str, effect: str }), { listType: 'atomic' }),
  },
  { required: ['containers'] },
);

export const objectMeta = obj({
  name: str,
  namespace: str,
  uid: str,
  resourceVersion: str,
  generation: int,
  creationTimestamp: str,
  labels: mapOf(str),
  annotations: mapOf(str),
  finalizers: listOf(str, { patchStrategy: 'merge', listType: 'set' }),
  managedFields: listOf(obj({ manager: str }), { listType: 'atomic' }),
});

export const pod = obj({ apiVersion: str, kind: str, metadata: objectMeta, spec: podSpec, status: obj({ phase: str }) });

export const deployment = obj({
  apiVersion: str,
  kind: str,
  metadata: objectMeta,
  spec: obj({
    replicas: int,
    paused: bool,
    selector: obj({ matchLabels: mapOf(str) }, { mapType: 'atomic' }),
    strategy: obj(
      { type: str, rollingUpdate: obj({ maxSurge: { intOrString: true }, maxUnavailable: { intOrString: true } }) },
      { patchStrategy: 'retainKeys' },
    ),
    template: obj({ metadata: objectMeta, spec: podSpec }),
  }),
  status: obj({ replicas: int, readyReplicas: int }),
});
