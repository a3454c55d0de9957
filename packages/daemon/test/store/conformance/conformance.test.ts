/**
 * The store conformance suite: backend.ts's contract, topic by topic, against every backend
 * in backends.ts. Each topic is a function of the backend under test, so a new backend is one
 * entry in backendsUnderTest() and a new topic one line here.
 */
import { describe, expect, it } from 'vitest';
import { backendsUnderTest } from './backends.js';
import { compaction } from './compaction.js';
import { leases } from './leases.js';
import { putAndDelete } from './put-delete.js';
import { reopen } from './reopen.js';
import { revisionsAndRanges } from './revisions-and-ranges.js';
import { transactions } from './txn.js';
import { watches } from './watch.js';

const inCi = process.env['CI'] === 'true';

for (const b of backendsUnderTest()) {
  if (b.missing) {
    // A backend that cannot run is never skipped quietly: a warning locally, a failure in CI.
    if (inCi) it(`the ${b.name} backend can run, as CI requires`, () => expect.fail(b.missing));
    else console.warn(`\n⚠ SKIPPING the store conformance suite for the ${b.name} backend: ${b.missing}\n`);
  }
  describe.skipIf(!!b.missing)(`${b.name} backend${b.missing ? ` (SKIPPED: ${b.missing})` : ''}`, () => {
    revisionsAndRanges(b);
    putAndDelete(b);
    transactions(b);
    compaction(b);
    watches(b);
    leases(b);
    reopen(b);
  });
}
