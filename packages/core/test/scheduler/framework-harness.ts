/**
 * A whole profile over a snapshot, as the scheduler runs it: the default configuration (or
 * a given one) built into a Framework with a fake handle, and the scheduling algorithm.
 */
import { FakeClock } from '../../src/clock.js';
import { newRandom } from '../../src/scheduler/algorithm/random.js';
import { type CycleOutcome, SchedulingAlgorithm } from '../../src/scheduler/algorithm/schedule-pod.js';
import { SeededTieBreak } from '../../src/scheduler/algorithm/tie-break.js';
import type { Pod } from '../../src/scheduler/api/types.js';
import { defaultConfiguration } from '../../src/scheduler/config/parse.js';
import type { CompletedConfiguration } from '../../src/scheduler/config/types.js';
import { CycleState } from '../../src/scheduler/framework/cycle-state.js';
import type { Framework } from '../../src/scheduler/framework/framework.js';
import { buildFramework } from '../../src/scheduler/framework/framework-build.js';
import type { PodNominator, PostFilterOutcome } from '../../src/scheduler/framework/interface.js';
import { PodInfo } from '../../src/scheduler/framework/pod-info.js';
import type { Snapshot } from '../../src/scheduler/framework/snapshot.js';
import { IN_TREE_REGISTRY } from '../../src/scheduler/plugins/registry.js';
import { type FakeCluster, type RecordedApi, fakeListers, recordingApi } from './builders.js';

export interface Harness {
  fwk: Framework;
  algorithm: SchedulingAlgorithm;
  api: RecordedApi;
  events: string[];
  /** One cycle for pod, and PostFilter when it fits nowhere. */
  schedule(p: Pod): { out: CycleOutcome; postFilter?: PostFilterOutcome; message?: string; state: CycleState };
}

export function harness(snapshot: Snapshot, cluster: FakeCluster = {}, options: { config?: CompletedConfiguration; seed?: number; nominator?: PodNominator } = {}): Harness {
  const api = recordingApi();
  const events: string[] = [];
  const random = newRandom(options.seed ?? 1);
  const config = options.config ?? defaultConfiguration();
  const fwk = buildFramework(
    config.profiles[0]!,
    {
      clock: new FakeClock(),
      snapshot: () => snapshot,
      listers: fakeListers(cluster),
      api,
      nominator: options.nominator ?? { nominatedPodsForNode: () => [] },
      random,
      event: (obj, type, reason, message) => void events.push(`${type} ${reason} ${obj.metadata?.name}: ${message}`),
    },
    IN_TREE_REGISTRY,
  );
  const tieBreak = options.seed === undefined ? undefined : new SeededTieBreak(options.seed);
  const algorithm = new SchedulingAlgorithm({ percentageOfNodesToScore: config.percentageOfNodesToScore, random, tieBreak });
  return {
    fwk,
    algorithm,
    api,
    events,
    schedule(p) {
      const state = new CycleState();
      const pi = new PodInfo(p);
      const out = algorithm.schedulePod(fwk, state, pi, snapshot);
      if (!out.fitError) return { out, state };
      const postFilter = fwk.runPostFilterPlugins(state, pi, out.fitError.diagnosis.nodeToStatus);
      out.fitError.diagnosis.postFilterMsg = postFilter.status?.message() ?? '';
      return { out, postFilter, message: out.fitError.message, state };
    },
  };
}
