import { describe, expect, it } from 'vitest';
import { addNodeRequest, formatJournal } from './drills.js';

describe('node add flags', () => {
  it('sends the labels and taints as the Node will carry them', () => {
    expect(addNodeRequest('gpu-1', { cpu: '2', memory: '4Gi', pods: 20, labels: 'accelerator=nvidia,zone=a', taints: 'gpu=true:NoSchedule,dedicated:NoExecute', runtime: 'cri-o' })).toEqual({
      name: 'gpu-1',
      cpu: '2',
      memory: '4Gi',
      pods: 20,
      runtime: 'cri-o',
      labels: { accelerator: 'nvidia', zone: 'a' },
      taints: [{ key: 'gpu', value: 'true', effect: 'NoSchedule' }, { key: 'dedicated', effect: 'NoExecute' }],
    });
    expect(addNodeRequest('plain', {})).toEqual({ name: 'plain' });
  });

  it("refuses what kubectl would: a bad quantity, a label without '=', a taint without an effect", () => {
    expect(() => addNodeRequest('x', { memory: '4 GB' })).toThrow(`invalid argument "4 GB" for "--memory" flag: quantities must match the regular expression`);
    expect(() => addNodeRequest('x', { labels: 'zone' })).toThrow('invalid label spec: zone');
    expect(() => addNodeRequest('x', { taints: 'gpu=true' })).toThrow('invalid taint spec: gpu=true');
  });
});

describe("the kubelet's journal", () => {
  it("prints journalctl's short format, or its note for none", () => {
    const time = new Date(2025, 10, 4, 9, 5, 7).getTime();
    expect(formatJournal('worker-1', [{ time, identifier: 'kubelet', pid: 1234, message: 'I1104 09:05:07.000000    1234 kubelet.go] "Starting kubelet"' }])).toBe(
      'Nov 04 09:05:07 worker-1 kubelet[1234]: I1104 09:05:07.000000    1234 kubelet.go] "Starting kubelet"\n',
    );
    expect(formatJournal('worker-1', [])).toBe('-- No entries --\n');
  });
});
