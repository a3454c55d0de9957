/**
 * The schemas carry upstream's merge rules where strategic merge patch and server-side
 * apply look for them, and every served kind has one.
 */
import { describe, expect, it } from 'vitest';
import { RESOURCES, apiVersionOfResource } from '../../src/api/registry.js';
import { arr, obj, ref, req, str } from '../../src/schema/dsl.js';
import {
  DEFINITIONS,
  definitionNameForKind,
  fieldOf,
  itemsOf,
  schemaForDefinition,
  schemaForKind,
  type SchemaNode,
} from '../../src/schema/index.js';

/** The node at a dotted path, stepping into list items with "[]". */
function at(root: SchemaNode | undefined, path: string): SchemaNode {
  let node = root;
  for (const part of path.split('.')) {
    node = part === '[]' ? itemsOf(node) : fieldOf(node, part);
    if (!node) throw new Error(`no schema at ${path} (${part})`);
  }
  return node as SchemaNode;
}

const pod = schemaForKind('v1', 'Pod');
const deployment = schemaForKind('apps/v1', 'Deployment');

describe('kind schemas', () => {
  it('exist for every kind in the registry, with apiVersion, kind and metadata', () => {
    for (const rt of RESOURCES) {
      const schema = schemaForKind(apiVersionOfResource(rt), rt.kind);
      expect(schema, `${rt.group}/${rt.kind}`).toBeDefined();
      expect(Object.keys(schema?.properties ?? {})).toEqual(expect.arrayContaining(['apiVersion', 'kind', 'metadata']));
      expect(at(schema, 'metadata').definition).toBe('io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta');
    }
  });

  it('are named as upstream names their definitions', () => {
    expect(definitionNameForKind('apps/v1', 'Deployment')).toBe('io.k8s.api.apps.v1.Deployment');
    expect(definitionNameForKind('rbac.authorization.k8s.io/v1', 'ClusterRole')).toBe('io.k8s.api.rbac.v1.ClusterRole');
    expect(definitionNameForKind('v1', 'PodList')).toBe('io.k8s.api.core.v1.PodList');
    expect(definitionNameForKind('autoscaling/v1', 'Scale')).toBe('io.k8s.api.autoscaling.v1.Scale');
    expect(definitionNameForKind('v1', 'NoSuchKind')).toBeUndefined();
    expect(schemaForKind('example.com/v1', 'Widget')).toBeUndefined();
  });

  it('resolve every definition, so no reference names a missing one', () => {
    for (const name of Object.keys(DEFINITIONS)) expect(schemaForDefinition(name), name).toBeDefined();
  });

  it('reach a pod template inside workloads', () => {
    expect(at(deployment, 'spec.template.spec.containers.[].image').type).toBe('string');
    expect(at(schemaForKind('batch/v1', 'CronJob'), 'spec.jobTemplate.spec.template.spec.restartPolicy').enum).toEqual([
      'Always',
      'Never',
      'OnFailure',
    ]);
  });

  it('are frozen, so no caller can change a shared node', () => {
    expect(Object.isFrozen(at(pod, 'spec.containers'))).toBe(true);
  });
});

describe('merge rules from upstream', () => {
  const cases: Array<[string, SchemaNode | undefined, string, Partial<SchemaNode>]> = [
    ['containers merge by name', pod, 'spec.containers', { patchStrategy: 'merge', patchMergeKey: 'name', listType: 'map', listMapKeys: ['name'] }],
    ['initContainers merge by name', pod, 'spec.initContainers', { patchStrategy: 'merge', patchMergeKey: 'name' }],
    ['env merges by name', pod, 'spec.containers.[].env', { patchStrategy: 'merge', patchMergeKey: 'name', listType: 'map', listMapKeys: ['name'] }],
    ['ports merge by containerPort and are keyed by containerPort+protocol', pod, 'spec.containers.[].ports', { patchStrategy: 'merge', patchMergeKey: 'containerPort', listType: 'map', listMapKeys: ['containerPort', 'protocol'] }],
    ['volumeMounts merge by mountPath', pod, 'spec.containers.[].volumeMounts', { patchStrategy: 'merge', patchMergeKey: 'mountPath' }],
    ['volumes merge by name and retain keys', pod, 'spec.volumes', { patchStrategy: 'merge,retainKeys', patchMergeKey: 'name' }],
    ['imagePullSecrets merge by name', pod, 'spec.imagePullSecrets', { patchStrategy: 'merge', patchMergeKey: 'name' }],
    ['tolerations are atomic', pod, 'spec.tolerations', { listType: 'atomic' }],
    ['pod conditions merge by type', pod, 'status.conditions', { patchStrategy: 'merge', patchMergeKey: 'type', listType: 'map', listMapKeys: ['type'] }],
    ['finalizers merge as a set', pod, 'metadata.finalizers', { patchStrategy: 'merge', listType: 'set' }],
    ['ownerReferences merge by uid', pod, 'metadata.ownerReferences', { patchStrategy: 'merge', patchMergeKey: 'uid', listType: 'map', listMapKeys: ['uid'] }],
    ['service ports merge by port and are keyed by port+protocol', schemaForKind('v1', 'Service'), 'spec.ports', { patchStrategy: 'merge', patchMergeKey: 'port', listMapKeys: ['port', 'protocol'] }],
    ['deployment conditions merge by type', deployment, 'status.conditions', { patchStrategy: 'merge', patchMergeKey: 'type' }],
    ['nodeSelector is an atomic map', pod, 'spec.nodeSelector', { mapType: 'atomic' }],
    ['label selectors are atomic structs', deployment, 'spec.selector', { mapType: 'atomic' }],
    ['a deployment strategy retains keys, so switching to Recreate drops rollingUpdate', deployment, 'spec.strategy', { patchStrategy: 'retainKeys', definition: 'io.k8s.api.apps.v1.DeploymentStrategy' }],
    ['a disruption budget selector is replaced whole', schemaForKind('policy/v1', 'PodDisruptionBudget'), 'spec.selector', { patchStrategy: 'replace' }],
    ['node taints are atomic', schemaForKind('v1', 'Node'), 'spec.taints', { listType: 'atomic' }],
  ];
  it.each(cases)('%s', (_name, root, path, expected) => {
    expect(at(root, path)).toMatchObject(expected);
  });

  it('leaves lists upstream gives no merge key without one', () => {
    expect(at(pod, 'spec.containers.[].args').patchMergeKey).toBeUndefined();
    expect(at(pod, 'spec.containers.[].args').listType).toBe('atomic');
  });
});

describe('value types', () => {
  it('marks int-or-string fields', () => {
    const targetPort = at(schemaForKind('v1', 'Service'), 'spec.ports.[].targetPort');
    expect(targetPort).toMatchObject({ intOrString: true, format: 'int-or-string' });
    expect(targetPort.type).toBeUndefined();
    expect(targetPort.description).toContain('named container port');
  });

  it('marks quantities inside resource maps', () => {
    const limits = at(pod, 'spec.containers.[].resources.limits');
    expect(limits.type).toBe('object');
    expect(limits.additionalProperties?.format).toBe('quantity');
  });

  it('marks required fields', () => {
    expect(at(pod, 'spec').required).toEqual(['containers']);
    expect(at(pod, 'spec.containers.[]').required).toEqual(['name']);
    expect(at(schemaForKind('v1', 'Service'), 'spec.ports.[]').required).toEqual(['port']);
  });

  it('keeps any field below embedded objects and unmodelled legacy volume sources', () => {
    expect(at(schemaForKind('apps/v1', 'ControllerRevision'), 'data').preserveUnknownFields).toBe(true);
    expect(at(pod, 'spec.volumes.[].awsElasticBlockStore').preserveUnknownFields).toBe(true);
    expect(at(pod, 'spec.volumes.[].configMap').preserveUnknownFields).toBeUndefined();
  });
});

describe('the definition language', () => {
  it('lists required fields in field order and keeps the marker out of the schema', () => {
    const def = obj('A thing.', { b: req(str('B.')), a: str('A.'), c: req(ref('x.C', 'C.')) });
    expect(def.required).toEqual(['b', 'c']);
    expect(def.properties?.['b']).toEqual({ type: 'string', description: 'B.' });
    expect(Object.getOwnPropertySymbols(def.properties?.['c'] ?? {})).toEqual([]);
  });

  it('spells list options as the x-kubernetes extensions they stand for', () => {
    expect(arr(str(), 'Items.', { patch: 'merge', mergeKey: 'k', list: 'map', keys: ['k', 'p'] })).toEqual({
      type: 'array',
      description: 'Items.',
      items: { type: 'string' },
      patchStrategy: 'merge',
      patchMergeKey: 'k',
      listType: 'map',
      listMapKeys: ['k', 'p'],
    });
  });
});
