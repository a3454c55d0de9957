import { describe, expect, it } from 'vitest';
import type { QueuedPodInfo } from '../../../src/scheduler/framework/interface.js';
import { PodInfo } from '../../../src/scheduler/framework/pod-info.js';
import { PrioritySort } from '../../../src/scheduler/plugins/queuesort/priority-sort.js';
import { SchedulingGates } from '../../../src/scheduler/plugins/schedulinggates/scheduling-gates.js';
import { pod, verdict } from '../builders.js';

const queued = (priority: number, timestamp: number): QueuedPodInfo => ({
  podInfo: new PodInfo(pod(`p${priority}-${timestamp}`, { priority })),
  timestamp,
  attempts: 0,
  unschedulablePlugins: new Set(),
  pendingPlugins: new Set(),
  gated: false,
});

describe('PrioritySort', () => {
  const cases = [
    { name: 'a higher priority goes first', a: queued(100, 2), b: queued(0, 1), want: true },
    { name: 'a lower priority goes later, however early it came', a: queued(0, 1), b: queued(100, 2), want: false },
    { name: 'among equals, the one queued first goes first', a: queued(5, 1), b: queued(5, 2), want: true },
  ];
  it.each(cases)('$name', ({ a, b, want }) => {
    expect(new PrioritySort().less(a, b)).toBe(want);
  });
});

describe('SchedulingGates', () => {
  it('holds back a pod with scheduling gates and names them', () => {
    expect(verdict(new SchedulingGates().preEnqueue(pod('p', { schedulingGates: ['a', 'b'] })))).toBe('UnschedulableAndUnresolvable: waiting for scheduling gates: [a b]');
  });

  it('lets a pod without gates in', () => {
    expect(new SchedulingGates().preEnqueue(pod('p'))).toBeNull();
  });
});
