/**
 * The simulated nodes' benchmarks (issue 5), for suite.ts: nodes-pods (1,000 nodes, 10,000
 * pods to Running), nodes-idle-cpu (3 idle nodes over 60 s), nodes-heartbeat-db (an hour of
 * heartbeats on the database).
 */
import { benchNodeHeartbeats } from './node-heartbeats.js';
import { benchNodeIdle } from './node-idle.js';
import { benchNodesPods } from './nodes-pods.js';
import type { BenchResult } from './result.js';

export const NODE_BENCH_NAMES = ['nodes-pods', 'nodes-idle-cpu', 'nodes-heartbeat-db'] as const;

export interface NodeBenchScale {
  nodes: number;
  pods: number;
  idleNodes: number;
  idleWindowMs: number;
  idleSettleMs: number;
  heartbeatNodes: number;
  heartbeatDurationMs: number;
}

export const NODE_BENCH_SCALE: NodeBenchScale = {
  nodes: 1_000,
  pods: 10_000,
  idleNodes: 3,
  idleWindowMs: 60_000,
  idleSettleMs: 10_000,
  heartbeatNodes: 3,
  heartbeatDurationMs: 60 * 60_000,
};

export async function runNodeBenches(
  names: readonly string[],
  scale: NodeBenchScale,
  daemonNodeArgs: readonly string[] | undefined,
  progress: (line: string) => void,
): Promise<BenchResult[]> {
  const out: BenchResult[] = [];
  if (names.includes('nodes-pods')) {
    progress(`nodes-pods (${scale.nodes} nodes, ${scale.pods} pods)`);
    out.push(await benchNodesPods({ nodes: scale.nodes, pods: scale.pods, daemonNodeArgs }, progress));
  }
  if (names.includes('nodes-idle-cpu')) {
    progress(`nodes-idle-cpu (${scale.idleNodes} nodes, ${scale.idleWindowMs / 1000} s)`);
    out.push(await benchNodeIdle({ nodes: scale.idleNodes, windowMs: scale.idleWindowMs, settleMs: scale.idleSettleMs, daemonNodeArgs }));
  }
  if (names.includes('nodes-heartbeat-db')) {
    progress('nodes-heartbeat-db (an hour of simulated time)');
    out.push(await benchNodeHeartbeats({ nodes: scale.heartbeatNodes, durationMs: scale.heartbeatDurationMs, stepMs: 1000 }, progress));
  }
  return out;
}
