import { describe, expect, it } from 'vitest';
import type { Container } from '../../src/scheduler/api/types.js';
import { podRequests } from '../../src/scheduler/framework/resource.js';
import { pod } from './builders.js';

const c = (name: string, cpu: string, memory: string, restartPolicy?: string): Container => ({ name, resources: { requests: { cpu, memory } }, restartPolicy });

describe('a pod request, as NodeResourcesFit counts it', () => {
  const cases: Array<{ name: string; containers: Container[]; init?: Container[]; overhead?: Record<string, string>; cpu: number; memory: number }> = [
    { name: 'sums the containers', containers: [c('a', '250m', '1Gi'), c('b', '500m', '1Gi')], cpu: 750, memory: 2 * 2 ** 30 },
    {
      name: 'takes the largest init container when it exceeds the containers (upstream worked example)',
      containers: [c('c1', '2', '1G'), c('c2', '1', '1G')],
      init: [c('ic1', '2', '1G'), c('ic2', '2', '3G')],
      cpu: 3000,
      memory: 3e9,
    },
    { name: 'adds the pod overhead', containers: [c('a', '100m', '100Mi')], overhead: { cpu: '50m', memory: '20Mi' }, cpu: 150, memory: 120 * 2 ** 20 },
    {
      name: 'adds a sidecar to the containers and to every later init container',
      containers: [c('app', '100m', '100Mi')],
      init: [c('sidecar', '200m', '50Mi', 'Always'), c('migrate', '1', '10Mi')],
      // steady state 100m + 200m; during "migrate" 1 + 200m (the sidecar runs) = 1200m
      cpu: 1200,
      memory: 150 * 2 ** 20,
    },
  ];
  it.each(cases)('$name', ({ containers, init, overhead, cpu, memory }) => {
    const p = pod('p', { containers, initContainers: init, overhead });
    const r = podRequests(p);
    expect(r.milliCPU).toBe(cpu);
    expect(r.memory).toBe(memory);
  });

  it('gives containers without cpu or memory requests 100m and 200Mi when scoring', () => {
    const r = podRequests(pod('p', { containers: [{ name: 'a' }, { name: 'b', resources: { requests: { cpu: '0' } } }] }), { nonZero: true });
    // An explicit 0 is a request: only missing requests get the default.
    expect(r.milliCPU).toBe(100);
    expect(r.memory).toBe(2 * 200 * 2 ** 20);
  });
});
