import { FakeClock } from '@kubelab/core';
import { describe, expect, it } from 'vitest';
import { BatchedClock } from '../../src/node/batched-clock.js';

describe('the batched clock', () => {
  it('keeps one underlying timer for any number of its own, firing them in due order', () => {
    const fake = new FakeClock();
    const clock = new BatchedClock(fake);
    const fired: string[] = [];
    for (let i = 0; i < 1000; i++) clock.setInterval(() => fired.push(`lease-${i}`), 10_000);
    clock.setTimeout(() => fired.push('probe'), 5_000);
    const cancelled = clock.setTimeout(() => fired.push('cancelled'), 7_000);
    expect(fake.pending()).toBe(1);
    expect(clock.pending).toBe(1002);
    cancelled.clear();
    fake.advance(10_000);
    expect(fired[0]).toBe('probe');
    expect(fired.length).toBe(1001);
    expect(fired).not.toContain('cancelled');
    fake.advance(10_000);
    expect(fired.length).toBe(2001);
    expect(fake.pending()).toBe(1);
  });

  it('runs a timer set while firing on a later turn, even when it is already due', () => {
    const fake = new FakeClock();
    const clock = new BatchedClock(fake);
    let chain = 0;
    const again = () => {
      chain++;
      if (chain < 5) clock.setTimeout(again, 0);
    };
    clock.setTimeout(again, 0);
    fake.advance(0);
    expect(chain).toBe(5);
    expect(clock.pending).toBe(0);
  });
});
