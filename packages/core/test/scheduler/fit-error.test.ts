import { describe, expect, it } from 'vitest';
import { fitErrorMessage, newDiagnosis } from '../../src/scheduler/framework/fit-error.js';
import { defaultNormalizeScore } from '../../src/scheduler/framework/normalize.js';
import { Code, newStatus } from '../../src/scheduler/framework/status.js';

describe('the FitError message', () => {
  it('counts each reason over the nodes and sorts "<count> <reason>" as strings', () => {
    const d = newDiagnosis();
    d.nodeToStatus.set('w1', newStatus(Code.Unschedulable, 'Insufficient cpu'));
    d.nodeToStatus.set('w2', newStatus(Code.Unschedulable, 'Insufficient cpu', 'Insufficient memory'));
    d.nodeToStatus.set('cp', newStatus(Code.UnschedulableAndUnresolvable, 'node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }'));
    expect(fitErrorMessage(3, d)).toBe('0/3 nodes are available: 1 Insufficient memory, 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu.');
  });

  it('gives a PreFilter rejection once instead of per node', () => {
    const d = newDiagnosis();
    d.preFilterMsg = 'pod has unbound immediate PersistentVolumeClaims';
    d.nodeToStatus.absentNodesStatus = newStatus(Code.UnschedulableAndUnresolvable, d.preFilterMsg);
    expect(fitErrorMessage(3, d, ['a', 'b', 'c'])).toBe('0/3 nodes are available: pod has unbound immediate PersistentVolumeClaims.');
  });

  it('appends the PostFilter message as it is', () => {
    const d = newDiagnosis();
    d.nodeToStatus.set('n1', newStatus(Code.Unschedulable, 'Too many pods'));
    d.postFilterMsg = 'preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.';
    expect(fitErrorMessage(1, d)).toBe('0/1 nodes are available: 1 Too many pods. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.');
  });

  it('counts nodes covered by the absent-nodes status', () => {
    const d = newDiagnosis();
    d.nodeToStatus.set('a', newStatus(Code.Unschedulable, 'No preemption victims found for incoming pod'));
    d.nodeToStatus.absentNodesStatus = newStatus(Code.UnschedulableAndUnresolvable, 'Preemption is not helpful for scheduling');
    expect(fitErrorMessage(3, d, ['a', 'b', 'c'])).toBe('0/3 nodes are available: 1 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling.');
  });
});

describe('defaultNormalizeScore', () => {
  const cases = [
    { name: 'scales to the highest score', raw: [0, 2, 4], reverse: false, want: [0, 50, 100] },
    { name: 'reverses for fewer-is-better counts', raw: [0, 2, 4], reverse: true, want: [100, 50, 0] },
    { name: 'all zero stays zero', raw: [0, 0], reverse: false, want: [0, 0] },
    { name: 'all zero reversed is all best', raw: [0, 0], reverse: true, want: [100, 100] },
    { name: 'uses integer division', raw: [1, 3], reverse: false, want: [33, 100] },
  ];
  it.each(cases)('$name', ({ raw, reverse, want }) => {
    const s = [...raw];
    defaultNormalizeScore(100, reverse, s);
    expect(s).toEqual(want);
  });
});
