import { describe, expect, it } from 'vitest';
import type { Taint, Toleration } from '../../../src/scheduler/api/types.js';
import { TaintToleration } from '../../../src/scheduler/plugins/tainttoleration/taint-toleration.js';
import { nodeInfo, nodeWithTaints, podWithTolerations } from '../builders.js';
import { filterVerdict, scores } from './harness.js';

const controlPlane: Taint = { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' };

describe('TaintToleration filter', () => {
  const cases: Array<{ name: string; taints: Taint[]; tolerations: Toleration[]; want: string }> = [
    { name: 'a node without taints takes any pod', taints: [], tolerations: [], want: 'Success' },
    {
      name: 'an untolerated NoSchedule taint keeps the pod off, named with its key and value',
      taints: [controlPlane],
      tolerations: [],
      want: 'UnschedulableAndUnresolvable: node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }',
    },
    {
      name: 'a taint with a value shows the value',
      taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoExecute' }],
      tolerations: [],
      want: 'UnschedulableAndUnresolvable: node(s) had untolerated taint {dedicated: gpu}',
    },
    { name: 'an Equal toleration with the same value tolerates', taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }], tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'gpu', effect: 'NoSchedule' }], want: 'Success' },
    {
      name: 'an Equal toleration with another value does not tolerate',
      taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }],
      tolerations: [{ key: 'dedicated', value: 'cpu', effect: 'NoSchedule' }],
      want: 'UnschedulableAndUnresolvable: node(s) had untolerated taint {dedicated: gpu}',
    },
    { name: 'an Exists toleration without effect tolerates every effect of its key', taints: [controlPlane], tolerations: [{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists' }], want: 'Success' },
    {
      name: 'a toleration for another effect does not tolerate',
      taints: [controlPlane],
      tolerations: [{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoExecute' }],
      want: 'UnschedulableAndUnresolvable: node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }',
    },
    { name: 'PreferNoSchedule taints never filter', taints: [{ key: 'k', effect: 'PreferNoSchedule' }], tolerations: [], want: 'Success' },
    { name: 'an empty key with Exists tolerates everything', taints: [controlPlane, { key: 'x', value: 'y', effect: 'NoExecute' }], tolerations: [{ operator: 'Exists' }], want: 'Success' },
  ];
  it.each(cases)('$name', ({ taints, tolerations, want }) => {
    expect(filterVerdict(new TaintToleration(), podWithTolerations('p', tolerations), nodeInfo(nodeWithTaints('n1', taints)))).toBe(want);
  });
});

describe('TaintToleration score', () => {
  it('prefers nodes with fewer untolerated PreferNoSchedule taints, reversed into [0, 100]', () => {
    const prefer = (key: string): Taint => ({ key, effect: 'PreferNoSchedule' });
    const nodes = [nodeWithTaints('clean', []), nodeWithTaints('one', [prefer('a')]), nodeWithTaints('two', [prefer('a'), prefer('b')])].map((n) => nodeInfo(n));
    expect(scores(new TaintToleration(), podWithTolerations('p', []), nodes)).toEqual({ raw: [0, 1, 2], normalized: [100, 50, 0] });
  });

  it('counts a tolerated PreferNoSchedule taint as no taint', () => {
    const nodes = [nodeWithTaints('a', [{ key: 'k', effect: 'PreferNoSchedule' }]), nodeWithTaints('b', [])].map((n) => nodeInfo(n));
    const tolerating = podWithTolerations('p', [{ key: 'k', operator: 'Exists', effect: 'PreferNoSchedule' }]);
    expect(scores(new TaintToleration(), tolerating, nodes).normalized).toEqual([100, 100]);
  });
});
