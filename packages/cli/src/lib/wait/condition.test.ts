import { describe, expect, it } from 'vitest';
import { conditionMet, parseWaitFor } from './condition.js';

const pod = { metadata: { generation: 1 }, status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] } };

describe('kubectl wait --for', () => {
  it('reads conditions, delete and jsonpath with or without a value', () => {
    expect(parseWaitFor('condition=Ready')).toEqual({ kind: 'condition', type: 'Ready', status: 'True' });
    expect(parseWaitFor('condition=Ready=false')).toEqual({ kind: 'condition', type: 'Ready', status: 'false' });
    expect(parseWaitFor('delete')).toEqual({ kind: 'delete' });
    expect(parseWaitFor("jsonpath={.status.phase}=Running")).toEqual({ kind: 'jsonpath', path: '{.status.phase}', value: 'Running' });
    expect(parseWaitFor('jsonpath={.status.podIP}')).toEqual({ kind: 'jsonpath', path: '{.status.podIP}' });
    expect(() => parseWaitFor('ready')).toThrow('unrecognized condition: "ready"');
  });

  it('checks them against an object, names and values without regard to case', () => {
    expect(conditionMet(pod, parseWaitFor('condition=ready'))).toBe(true);
    expect(conditionMet(pod, parseWaitFor('condition=Ready=False'))).toBe(false);
    expect(conditionMet(pod, parseWaitFor('jsonpath={.status.phase}=Running'))).toBe(true);
    expect(conditionMet(pod, parseWaitFor('jsonpath={.status.podIP}'))).toBe(false);
  });
});
