/**
 * slowStartBatch (pkg/controller/replicaset/replica_set.go, and the same loop in the Job,
 * DaemonSet and StatefulSet controllers): run `count` calls in batches of 1, 2, 4, 8, …, each
 * batch in parallel, and stop at the first batch with a failure.
 *
 * A ReplicaSet of 500 replicas in a namespace whose quota allows none makes one failing
 * create, one event and one retry later — not 500 of each.
 */

/** Initial batch size (controller.SlowStartInitialBatchSize). */
export const SLOW_START_INITIAL_BATCH_SIZE = 1;

export interface SlowStartResult {
  /** Calls that succeeded. */
  successes: number;
  /** The first error of the failing batch, if one failed. */
  error?: unknown;
}

/** fn(i) is called with the overall index i of the call, 0 ≤ i < count. */
export async function slowStartBatch(
  count: number,
  initialBatchSize: number,
  fn: (index: number) => Promise<void>,
): Promise<SlowStartResult> {
  let remaining = count;
  let successes = 0;
  let index = 0;
  for (let batch = Math.min(remaining, initialBatchSize); batch > 0; batch = Math.min(2 * batch, remaining)) {
    const start = index;
    index += batch;
    const results = await Promise.allSettled(Array.from({ length: batch }, (_, i) => fn(start + i)));
    let error: unknown;
    for (const r of results) {
      if (r.status === 'fulfilled') successes++;
      else if (error === undefined) error = r.reason ?? new Error('failed');
    }
    if (error !== undefined) return { successes, error };
    remaining -= batch;
  }
  return { successes };
}
