import { describe, expect, it } from 'vitest';
import type { Affinity, NodeSelectorRequirement, Pod } from '../../../src/scheduler/api/types.js';
import { Snapshot } from '../../../src/scheduler/framework/snapshot.js';
import { NodeAffinity } from '../../../src/scheduler/plugins/nodeaffinity/node-affinity.js';
import { node, nodeInfo, nodeWithLabels, pod } from '../builders.js';
import { filterVerdict, scores } from './harness.js';

const required = (...exprs: NodeSelectorRequirement[][]): Affinity => ({
  nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: exprs.map((e) => ({ matchExpressions: e })) } },
});
const MISMATCH = "UnschedulableAndUnresolvable: node(s) didn't match Pod's node affinity/selector";

describe('NodeAffinity filter', () => {
  const labels = { disktype: 'ssd', zone: 'a', cores: '8' };
  const cases: Array<{ name: string; pod: Pod; want: string }> = [
    { name: 'a pod with no selector or affinity fits (Filter skipped)', pod: pod('p'), want: 'Success' },
    { name: 'a matching nodeSelector fits', pod: pod('p', { nodeSelector: { disktype: 'ssd' } }), want: 'Success' },
    { name: 'a nodeSelector needs every label', pod: pod('p', { nodeSelector: { disktype: 'ssd', gpu: 'true' } }), want: MISMATCH },
    { name: 'In matches one of the values', pod: pod('p', { affinity: required([{ key: 'zone', operator: 'In', values: ['a', 'b'] }]) }), want: 'Success' },
    { name: 'NotIn rejects a listed value', pod: pod('p', { affinity: required([{ key: 'zone', operator: 'NotIn', values: ['a'] }]) }), want: MISMATCH },
    { name: 'DoesNotExist rejects a node with the label', pod: pod('p', { affinity: required([{ key: 'disktype', operator: 'DoesNotExist' }]) }), want: MISMATCH },
    { name: 'Gt compares integers', pod: pod('p', { affinity: required([{ key: 'cores', operator: 'Gt', values: ['4'] }]) }), want: 'Success' },
    { name: 'Lt compares integers', pod: pod('p', { affinity: required([{ key: 'cores', operator: 'Lt', values: ['4'] }]) }), want: MISMATCH },
    {
      name: 'terms are ORed',
      pod: pod('p', { affinity: required([{ key: 'zone', operator: 'In', values: ['z'] }], [{ key: 'disktype', operator: 'Exists' }]) }),
      want: 'Success',
    },
    {
      name: 'expressions in a term are ANDed',
      pod: pod('p', { affinity: required([{ key: 'zone', operator: 'In', values: ['a'] }, { key: 'gpu', operator: 'Exists' }]) }),
      want: MISMATCH,
    },
    {
      name: 'nodeSelector and node affinity must both hold',
      pod: pod('p', { nodeSelector: { disktype: 'hdd' }, affinity: required([{ key: 'zone', operator: 'In', values: ['a'] }]) }),
      want: MISMATCH,
    },
  ];
  it.each(cases)('$name', ({ pod: p, want }) => {
    expect(filterVerdict(new NodeAffinity(), p, nodeInfo(nodeWithLabels('n1', labels)))).toBe(want);
  });

  it('narrows the search to the nodes named by metadata.name (PreFilterResult)', () => {
    const affinity: Affinity = {
      nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['n2'] }] }] } },
    };
    const snap = Snapshot.fromObjects([node('n1'), node('n2')]);
    expect(filterVerdict(new NodeAffinity(), pod('p', { affinity }), snap.get('n1')!, snap.list())).toBe('not in PreFilterResult');
    expect(filterVerdict(new NodeAffinity(), pod('p', { affinity }), snap.get('n2')!, snap.list())).toBe('Success');
  });

  it("enforces the profile's addedAffinity with its own message", () => {
    const plugin = new NodeAffinity({ addedAffinity: required([{ key: 'pool', operator: 'In', values: ['batch'] }]).nodeAffinity });
    expect(filterVerdict(plugin, pod('p'), nodeInfo(nodeWithLabels('n1', { pool: 'web' })))).toBe(
      "UnschedulableAndUnresolvable: node(s) didn't match scheduler-enforced node affinity",
    );
    expect(filterVerdict(plugin, pod('p'), nodeInfo(nodeWithLabels('n1', { pool: 'batch' })))).toBe('Success');
  });
});

describe('NodeAffinity score', () => {
  it('sums the weights of matching preferred terms, normalised to the best node', () => {
    const affinity: Affinity = {
      nodeAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: [
          { weight: 2, preference: { matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] } },
          { weight: 8, preference: { matchExpressions: [{ key: 'disktype', operator: 'In', values: ['ssd'] }] } },
        ],
      },
    };
    const nodes = [nodeWithLabels('none', {}), nodeWithLabels('zone', { zone: 'a' }), nodeWithLabels('both', { zone: 'a', disktype: 'ssd' })].map((n) => nodeInfo(n));
    expect(scores(new NodeAffinity(), pod('p', { affinity }), nodes)).toEqual({ raw: [0, 2, 10], normalized: [0, 20, 100] });
  });

  it('skips scoring for a pod without preferences', () => {
    expect(scores(new NodeAffinity(), pod('p'), [nodeInfo(node('n1'))]).skipped).toBe(true);
  });
});
