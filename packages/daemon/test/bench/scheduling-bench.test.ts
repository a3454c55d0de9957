/**
 * The scheduling benchmark at a tiny scale: it runs end to end through a real daemon and
 * reports figures of the right shape (it checks itself that the API shows every pod bound). Counts and
 * shapes only — never times, which belong to `npm run bench`.
 */
import { describe, expect, it } from 'vitest';
import { benchScheduling } from '../../src/bench/scheduling.js';
import { BENCH_NAMES } from '../../src/bench/suite.js';
import { TARGETS, evaluate } from '../../src/bench/targets.js';

describe('the scheduling benchmark', () => {
  it('schedules every pod in both runs and reports pods/s', async () => {
    const results = await benchScheduling({ nodes: 12, pods: 30 });
    expect(results.map((r) => r.name)).toEqual(['scheduling', 'scheduling-spread']);
    for (const r of results) {
      expect(r.figures.map((f) => f.key)).toEqual(['podsPerSecond', 'seconds']);
      expect(r.figures[0]!.value).toBeGreaterThan(0);
      expect(r.extra).toMatchObject({ bound: 30, complete: true });
      expect((r.notes ?? []).some((n) => n.startsWith('INCOMPLETE'))).toBe(false);
    }
    const target = TARGETS.find((t) => t.label.startsWith('scheduling: 10,000 pods'))!;
    expect(['met', 'missed']).toContain(evaluate(target, results).status);
  });

  it('is known to --only as "scheduling"', () => {
    expect(BENCH_NAMES).toContain('scheduling');
  });
});
