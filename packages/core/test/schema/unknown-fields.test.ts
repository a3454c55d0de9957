/**
 * Strict field validation reports what kube-apiserver's strict decoder reports, in its words.
 */
import { describe, expect, it } from 'vitest';
import { schemaForKind, type SchemaNode } from '../../src/schema/index.js';
import { parseJsonEntries } from '../../src/schema/json-entries.js';
import {
  duplicateFields,
  strictDecodingMessage,
  strictFieldErrors,
  strictFieldMessage,
  unknownFields,
} from '../../src/schema/unknown-fields.js';

const deploymentSchema = schemaForKind('apps/v1', 'Deployment') as SchemaNode;
const podSchema = schemaForKind('v1', 'Pod') as SchemaNode;

function deployment(container: Record<string, unknown>): Record<string, unknown> {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', labels: { app: 'web', 'example.com/AnyKey': 'x' } },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { containers: [{ name: 'web', image: 'nginx' }, container] },
      },
    },
  };
}

const messages = (errors: ReturnType<typeof unknownFields>): string[] => errors.map(strictFieldMessage);

describe('unknown fields', () => {
  it('names a misspelled container field by its full path with the list index', () => {
    const errors = unknownFields(deployment({ name: 'side', image: 'busybox', imagePullPolicyy: 'Always' }), deploymentSchema);
    expect(messages(errors)).toEqual(['unknown field "spec.template.spec.containers[1].imagePullPolicyy"']);
  });

  it('reports nothing for a valid object, whatever keys its maps have', () => {
    expect(unknownFields(deployment({ name: 'side', resources: { limits: { cpu: '1', 'nvidia.com/gpu': 1 } } }), deploymentSchema)).toEqual([]);
  });

  it('matches field names case-sensitively, as the API server does', () => {
    const errors = unknownFields({ apiVersion: 'v1', kind: 'Pod', metadata: { Name: 'web' }, spec: { containers: [] } }, podSchema);
    expect(messages(errors)).toEqual(['unknown field "metadata.Name"']);
  });

  it('reports top-level unknown fields without a leading dot, in document order', () => {
    const errors = unknownFields({ apiVersion: 'v1', kind: 'Pod', specc: {}, metadata: { name: 'a', labelz: {} } }, podSchema);
    expect(messages(errors)).toEqual(['unknown field "specc"', 'unknown field "metadata.labelz"']);
  });

  it('does not look inside the value of an unknown field', () => {
    const errors = unknownFields({ spec: { containerz: [{ bogus: 1 }], containers: [{ name: 'a', bogus: 2 }] } }, podSchema);
    expect(messages(errors)).toEqual(['unknown field "spec.containerz"', 'unknown field "spec.containers[0].bogus"']);
  });

  it('accepts any field below embedded objects and unmodelled volume sources', () => {
    const revision = { apiVersion: 'apps/v1', kind: 'ControllerRevision', revision: 1, data: { spec: { anything: true } } };
    expect(unknownFields(revision, schemaForKind('apps/v1', 'ControllerRevision') as SchemaNode)).toEqual([]);
    const pod = { spec: { containers: [], volumes: [{ name: 'v', awsElasticBlockStore: { volumeID: 'x', future: 1 } }] } };
    expect(unknownFields(pod, podSchema)).toEqual([]);
  });

  it('leaves values of the wrong type to type checking', () => {
    expect(unknownFields({ spec: { containers: { name: 'a' }, nodeSelector: 'x' } }, podSchema)).toEqual([]);
  });

  it('checks fields of objects nested in maps and lists of int-or-string values alike', () => {
    const svc = { spec: { ports: [{ port: 80, targetPort: 'http', nodeport: 30080 }] } };
    expect(messages(unknownFields(svc, schemaForKind('v1', 'Service') as SchemaNode))).toEqual([
      'unknown field "spec.ports[0].nodeport"',
    ]);
  });
});

describe('duplicate fields in request bodies', () => {
  it('reports a repeated known field and unknown fields in the order they appear', () => {
    const text = '{"apiVersion":"v1","kind":"Pod","metadata":{"name":"a","name":"b"},"spec":{"containers":[{"name":"c","imagee":"x"}]}}';
    expect(messages(strictFieldErrors(text, podSchema))).toEqual([
      'duplicate field "metadata.name"',
      'unknown field "spec.containers[0].imagee"',
    ]);
  });

  it('reports a repeated map key as duplicate and a repeated unknown field once, as unknown', () => {
    const text = '{"metadata":{"labels":{"app":"a","app":"b"}},"foo":1,"foo":2}';
    expect(messages(strictFieldErrors(text, podSchema))).toEqual(['duplicate field "metadata.labels.app"', 'unknown field "foo"']);
  });

  it('finds duplicate keys at any depth of a patch body without a schema', () => {
    const patch = '{"spec":{"template":{"spec":{"containers":[{"name":"a","image":"x","image":"y"}]}}},"spec":{}}';
    expect(messages(duplicateFields(patch))).toEqual(['duplicate field "spec.template.spec.containers[0].image"', 'duplicate field "spec"']);
  });

  it('stops after 100 errors, as the decoder does', () => {
    const fields = Array.from({ length: 150 }, (_, i) => `"f${i}":1`).join(',');
    expect(strictFieldErrors(`{${fields}}`, podSchema)).toHaveLength(100);
  });

  it('rejects text that is not JSON', () => {
    expect(() => strictFieldErrors('{"a":1,}', podSchema)).toThrow(SyntaxError);
    expect(() => strictFieldErrors('{"a":1} x', podSchema)).toThrow(SyntaxError);
  });
});

describe('messages', () => {
  it('word the combined error as runtime.NewStrictDecodingError does', () => {
    expect(
      strictDecodingMessage([
        { type: 'unknown', path: 'spec.foo' },
        { type: 'duplicate', path: 'metadata.name' },
      ]),
    ).toBe('strict decoding error: unknown field "spec.foo", duplicate field "metadata.name"');
  });

  it('quote paths the way Go quotes strings', () => {
    expect(strictFieldMessage({ type: 'unknown', path: 'metadata.labels.a"b' })).toBe('unknown field "metadata.labels.a\\"b"');
    expect(strictFieldMessage({ type: 'unknown', path: 'spec.tab\there\u001bé' })).toBe('unknown field "spec.tab\\there\\x1bé"');
  });
});

describe('the order-keeping JSON parser', () => {
  it('keeps repeated keys, escapes and numbers', () => {
    expect(parseJsonEntries('{"a":1,"a":"x\\"y","b":[true,null,-1.5e3]}')).toEqual({
      kind: 'object',
      entries: [
        ['a', { kind: 'scalar', value: 1 }],
        ['a', { kind: 'scalar', value: 'x"y' }],
        [
          'b',
          {
            kind: 'array',
            items: [
              { kind: 'scalar', value: true },
              { kind: 'scalar', value: null },
              { kind: 'scalar', value: -1500 },
            ],
          },
        ],
      ],
    });
  });
});
