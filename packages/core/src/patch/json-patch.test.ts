import { describe, expect, it } from 'vitest';
import { StatusError } from '../api/status.js';
import {
  applyJsonPatch,
  applyJsonPatchOperations,
  formatPointer,
  JsonPatchError,
  unescapePointerToken,
  type JsonPatchOperation,
} from './json-patch.js';

function deployment(): Record<string, unknown> {
  return {
    metadata: { name: 'web', labels: { app: 'web', 'app.kubernetes.io/name': 'web' } },
    spec: {
      replicas: 2,
      template: { spec: { containers: [{ name: 'nginx', image: 'nginx:1.25', args: ['-g', 'daemon off;'] }] } },
    },
  };
}

function thrownBy(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected a throw');
}

describe('applyJsonPatchOperations', () => {
  const applied: { name: string; ops: JsonPatchOperation[]; path: (d: any) => unknown; want: unknown }[] = [
    {
      name: 'add sets a new object member',
      ops: [{ op: 'add', path: '/metadata/annotations', value: { a: 'b' } }],
      path: (d) => d.metadata.annotations,
      want: { a: 'b' },
    },
    {
      name: 'add inserts into an array at an index',
      ops: [{ op: 'add', path: '/spec/template/spec/containers/0/args/1', value: 'x' }],
      path: (d) => d.spec.template.spec.containers[0].args,
      want: ['-g', 'x', 'daemon off;'],
    },
    {
      name: 'add with "-" appends to an array',
      ops: [{ op: 'add', path: '/spec/template/spec/containers/0/args/-', value: 'x' }],
      path: (d) => d.spec.template.spec.containers[0].args,
      want: ['-g', 'daemon off;', 'x'],
    },
    {
      name: 'a negative index counts from the end',
      ops: [{ op: 'replace', path: '/spec/template/spec/containers/0/args/-1', value: 'last' }],
      path: (d) => d.spec.template.spec.containers[0].args,
      want: ['-g', 'last'],
    },
    {
      name: 'replace of a missing object member adds it, as json-patch v4 does',
      ops: [{ op: 'replace', path: '/spec/paused', value: true }],
      path: (d) => d.spec.paused,
      want: true,
    },
    {
      name: '~1 in a token stands for a slash in a label key',
      ops: [{ op: 'remove', path: '/metadata/labels/app.kubernetes.io~1name' }],
      path: (d) => d.metadata.labels,
      want: { app: 'web' },
    },
    {
      name: 'an operation without a value writes null',
      ops: [{ op: 'add', path: '/spec/strategy' }],
      path: (d) => d.spec.strategy,
      want: null,
    },
    {
      name: 'move takes the value away from its old place',
      ops: [{ op: 'move', from: '/metadata/labels/app', path: '/metadata/labels/tier' }],
      path: (d) => d.metadata.labels,
      want: { 'app.kubernetes.io/name': 'web', tier: 'web' },
    },
    {
      name: 'copy duplicates a value without aliasing it',
      ops: [
        { op: 'copy', from: '/spec/template/spec/containers/0', path: '/spec/template/spec/containers/-' },
        { op: 'replace', path: '/spec/template/spec/containers/1/name', value: 'sidecar' },
      ],
      path: (d) => d.spec.template.spec.containers.map((c: any) => c.name),
      want: ['nginx', 'sidecar'],
    },
    {
      name: 'a passing test lets the following operations apply',
      ops: [
        { op: 'test', path: '/spec/replicas', value: 2 },
        { op: 'replace', path: '/spec/replicas', value: 5 },
      ],
      path: (d) => d.spec.replicas,
      want: 5,
    },
    {
      name: 'test treats a missing member as null',
      ops: [
        { op: 'test', path: '/spec/paused', value: null },
        { op: 'add', path: '/spec/paused', value: false },
      ],
      path: (d) => d.spec.paused,
      want: false,
    },
    {
      name: 'replace of the root swaps the whole document',
      ops: [{ op: 'replace', path: '', value: { kind: 'Other' } }],
      path: (d) => d,
      want: { kind: 'Other' },
    },
  ];

  it.each(applied)('$name', ({ ops, path, want }) => {
    expect(path(applyJsonPatchOperations(deployment(), ops))).toEqual(want);
  });

  it('leaves the input document untouched', () => {
    const doc = deployment();
    applyJsonPatchOperations(doc, [{ op: 'remove', path: '/spec' }]);
    expect(doc).toEqual(deployment());
  });

  const failures: { name: string; ops: JsonPatchOperation[]; message: string }[] = [
    {
      name: 'a failed test names the path',
      ops: [{ op: 'test', path: '/spec/replicas', value: 3 }],
      message: 'testing value /spec/replicas failed: test failed',
    },
    {
      name: 'add under a missing parent reports the missing path',
      ops: [{ op: 'add', path: '/spec/selector/matchLabels/app', value: 'web' }],
      message: 'add operation does not apply: doc is missing path: "/spec/selector/matchLabels/app": missing value',
    },
    {
      name: 'remove of a missing member reports the key',
      ops: [{ op: 'remove', path: '/metadata/labels/tier' }],
      message: "error in remove for path: '/metadata/labels/tier': Unable to remove nonexistent key: tier: missing value",
    },
    {
      name: 'replace of a missing array index reports the missing key',
      ops: [{ op: 'replace', path: '/spec/template/spec/containers/3', value: {} }],
      message: 'replace operation does not apply: doc is missing key: /spec/template/spec/containers/3: missing value',
    },
    {
      name: 'add past the end of an array is an invalid index',
      ops: [{ op: 'add', path: '/spec/template/spec/containers/0/args/5', value: 'x' }],
      message:
        "error in add for path: '/spec/template/spec/containers/0/args/5': Unable to access invalid index: 5: invalid index referenced",
    },
    {
      name: 'an unknown op is refused by name',
      ops: [{ op: 'increment', path: '/spec/replicas' }],
      message: 'Unexpected kind: increment',
    },
  ];

  it.each(failures)('$name', ({ ops, message }) => {
    const err = thrownBy(() => applyJsonPatchOperations(deployment(), ops));
    expect(err).toBeInstanceOf(JsonPatchError);
    expect((err as Error).message).toBe(message);
  });
});

describe('applyJsonPatch (the API server answer)', () => {
  it('answers a failed operation with the generic 422 and keeps the library text as cause', () => {
    const err = thrownBy(() => applyJsonPatch(deployment(), [{ op: 'test', path: '/spec/replicas', value: 9 }]));
    expect(err).toBeInstanceOf(StatusError);
    const status = (err as StatusError).status;
    expect(status).toMatchObject({
      code: 422,
      reason: 'Invalid',
      message: 'the server rejected our request due to an error in our request',
      details: {},
    });
    expect(((err as Error).cause as Error).message).toBe('testing value /spec/replicas failed: test failed');
  });

  it.each([
    { name: 'an object body', body: { op: 'add' }, message: 'json: cannot unmarshal object into Go value of type jsonpatch.Patch' },
    { name: 'a list of strings', body: ['add'], message: 'json: cannot unmarshal string into Go value of type jsonpatch.Operation' },
  ])('answers $name with a 400 naming the Go decode failure', ({ body, message }) => {
    const err = thrownBy(() => applyJsonPatch(deployment(), body)) as StatusError;
    expect(err.status).toMatchObject({ code: 400, reason: 'BadRequest', message });
  });

  it('refuses more than 10000 operations with a 413', () => {
    const ops = Array.from({ length: 10001 }, () => ({ op: 'test', path: '/spec/replicas', value: 2 }));
    const err = thrownBy(() => applyJsonPatch(deployment(), ops)) as StatusError;
    expect(err.status.code).toBe(413);
    expect(err.status.message).toBe(
      'Request entity too large: The allowed maximum operations in a JSON patch is 10000, got 10001',
    );
  });
});

describe('JSON pointers', () => {
  it.each([
    { token: 'a~1b', want: 'a/b' },
    { token: 'a~0b', want: 'a~b' },
    { token: '~01', want: '~1' },
  ])('decodes $token as $want', ({ token, want }) => {
    expect(unescapePointerToken(token)).toBe(want);
  });

  it('formats tokens with escapes', () => {
    expect(formatPointer(['metadata', 'labels', 'example.com/a~b'])).toBe('/metadata/labels/example.com~1a~0b');
  });
});
