import { describe, expect, it } from 'vitest';
import { RESOURCES, apiVersionOfResource } from '../api/registry.js';
import { messageNameFor } from './kinds.js';
import { Schema } from './schema.js';
import { ALL_TABLES } from './tables/index.js';

describe('the protobuf schema', () => {
  const schema = new Schema(ALL_TABLES);
  const has = (name: string) => schema.message(name) !== undefined;

  it('parses every table, and every message a field refers to is defined', () => {
    expect(schema.names().length).toBeGreaterThan(250);
  });

  it('has a message for every kind the registry serves', () => {
    const missing = RESOURCES.filter((r) => !messageNameFor(apiVersionOfResource(r), r.kind, has)).map((r) => r.kind);
    expect(missing).toEqual([]);
  });

  it('has a message for the subresource and option kinds kubectl sends', () => {
    expect(messageNameFor('v1', 'Binding', has)).toBe('core.v1.Binding');
    expect(messageNameFor('policy/v1', 'Eviction', has)).toBe('policy.v1.Eviction');
    expect(messageNameFor('authentication.k8s.io/v1', 'TokenRequest', has)).toBe('authentication.v1.TokenRequest');
    expect(messageNameFor('autoscaling/v1', 'Scale', has)).toBe('autoscaling.v1.Scale');
    expect(messageNameFor('v1', 'DeleteOptions', has)).toBe('meta.v1.DeleteOptions');
    expect(messageNameFor('apps/v1', 'DeleteOptions', has)).toBe('meta.v1.DeleteOptions');
    expect(messageNameFor('networking.k8s.io/v1', 'Ingress', has)).toBeUndefined();
  });

  it('reads a field spec as number, JSON name, shape, type and flags', () => {
    const spec = schema.message('apps.v1.DeploymentSpec')!;
    expect(spec.byNumber.get(1)).toEqual({ number: 1, json: 'replicas', shape: 'pointer', value: { scalar: 'int32' }, omitempty: true, inline: false });
    expect(spec.byNumber.get(3)).toMatchObject({ json: 'template', shape: 'single', value: { message: 'core.v1.PodTemplateSpec' } });
    const volume = schema.message('core.v1.Volume')!;
    expect(volume.byNumber.get(2)).toMatchObject({ json: '-', inline: true, value: { message: 'core.v1.VolumeSource' } });
    const meta = schema.message('meta.v1.ObjectMeta')!;
    expect(meta.byNumber.get(11)).toMatchObject({ json: 'labels', shape: 'map', value: { scalar: 'string' }, omitempty: true });
  });

  it('refuses a malformed field spec, naming the message', () => {
    expect(() => new Schema([{ package: 't', messages: { M: ['one name string'] } }])).toThrow(/t\.M: malformed field spec 'one name string'/);
  });

  it('refuses a field number used twice', () => {
    expect(() => new Schema([{ package: 't', messages: { M: ['1 a string', '1 b string'] } }])).toThrow(/t\.M has field number 1 twice/);
  });

  it('refuses a reference to a message no table defines', () => {
    expect(() => new Schema([{ package: 't', messages: { M: ['1 spec MSpec'] } }])).toThrow(/t\.M\.spec refers to t\.MSpec, which no table defines/);
  });

  it('refuses inline on anything but a single message field named "-"', () => {
    expect(() => new Schema([{ package: 't', messages: { M: ['1 - []N inline'], N: [] } }])).toThrow(/only a single message field/);
  });
});
