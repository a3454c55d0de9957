/**
 * Pod columns: READY, STATUS, RESTARTS, AGE, and with -o wide IP, NODE, NOMINATED NODE,
 * READINESS GATES — computed as kube-apiserver's printPod does
 * (kubernetes/pkg/printers/internalversion/printers.go).
 *
 * STATUS is the one users read most, and it is a precedence of sources, each overriding the
 * last:
 *   1. status.phase, replaced by status.reason when set ("Evicted", "NodeLost"),
 *   2. "SchedulingGated" while the PodScheduled condition carries that reason,
 *   3. the first init container that has not finished: "Init:<reason>" for a waiting reason
 *      other than PodInitializing or a failed run ("Init:Error", "Init:CrashLoopBackOff",
 *      "Init:ExitCode:2", "Init:Signal:9"), otherwise "Init:<done>/<total>"; sidecars
 *      (restartPolicy: Always) that have started count as done,
 *   4. once initialised, the first regular container (in spec order) that is waiting or
 *      terminated: its reason ("ImagePullBackOff", "CrashLoopBackOff", "Completed",
 *      "OOMKilled", "Error"), or "ExitCode:N" / "Signal:N" without one; a "Completed" pod
 *      that still has a running, ready container reads "Running" (or "NotReady" without the
 *      Ready condition),
 *   5. a pod being deleted reads "Terminating", or "Unknown" when its node was lost.
 */
import type { KubeObject } from '../../api/meta.js';
import type { Cell, TableRowCondition } from '../table-types.js';
import {
  AGE_COLUMN,
  NAME_COLUMN,
  age,
  column,
  int,
  nameOf,
  parseTime,
  since,
  text,
  wide,
  type ContainerView,
  type Printer,
} from './common.js';

interface ContainerStateView {
  waiting?: { reason?: string } | null;
  running?: { startedAt?: string } | null;
  terminated?: { exitCode?: number; signal?: number; reason?: string; finishedAt?: string } | null;
}

interface ContainerStatusView {
  name?: string;
  ready?: boolean;
  started?: boolean;
  restartCount?: number;
  state?: ContainerStateView;
  lastState?: ContainerStateView;
}

interface ConditionView {
  type?: string;
  status?: string;
  reason?: string;
}

interface PodView extends KubeObject {
  spec?: {
    nodeName?: string;
    containers?: ContainerView[];
    initContainers?: ContainerView[];
    readinessGates?: Array<{ conditionType?: string }>;
  };
  status?: {
    phase?: string;
    reason?: string;
    podIPs?: Array<{ ip?: string }>;
    nominatedNodeName?: string;
    conditions?: ConditionView[];
    initContainerStatuses?: ContainerStatusView[];
    containerStatuses?: ContainerStatusView[];
  };
}

/** The reason the node lifecycle controller gives pods on a node that stopped reporting. */
const NODE_UNREACHABLE_REASON = 'NodeLost';

export const podPrinter: Printer = {
  columns: [
    NAME_COLUMN,
    column('Ready', 'string', 'Ready containers out of all containers (sidecar init containers included).'),
    column('Status', 'string', "A one-word summary of the pod's state, derived from its phase and container states."),
    column('Restarts', 'string', 'Container restarts, and how long ago the latest one ended.'),
    AGE_COLUMN,
    wide('IP', 'string', "The pod's first IP address (status.podIPs[0])."),
    wide('Node', 'string', 'The node the pod is bound to (spec.nodeName).'),
    wide('Nominated Node', 'string', 'The node preemption has freed room on for this pod (status.nominatedNodeName).'),
    wide('Readiness Gates', 'string', 'Readiness gates whose condition is True, out of all gates.'),
  ],
  cells: (obj, now) => podCells(obj as PodView, now),
  conditions: (obj) => podRowConditions(obj as PodView),
};

function podCells(pod: PodView, now: number): Cell[] {
  const s = summarize(pod);
  const restarts =
    s.restarts !== 0 && s.lastRestart !== undefined ? `${s.restarts} (${since(s.lastRestart, now)} ago)` : String(s.restarts);
  return [
    nameOf(pod),
    `${s.ready}/${s.total}`,
    s.reason,
    restarts,
    age(pod, now),
    pod.status?.podIPs?.[0]?.ip || '<none>',
    pod.spec?.nodeName || '<none>',
    pod.status?.nominatedNodeName || '<none>',
    readinessGates(pod),
  ];
}

interface Summary {
  ready: number;
  total: number;
  reason: string;
  restarts: number;
  /** The latest lastState.terminated.finishedAt among the counted containers, as a timestamp string. */
  lastRestart: string | undefined;
}

/** Keeps the latest restart time, comparing as instants (metav1.Time.Before). */
class RestartClock {
  count = 0;
  private latest: number | undefined;
  private latestText: string | undefined;

  add(status: ContainerStatusView): void {
    this.count += int(status.restartCount);
    const finished = status.lastState?.terminated?.finishedAt;
    const t = parseTime(finished);
    if (t !== undefined && (this.latest === undefined || this.latest < t)) {
      this.latest = t;
      this.latestText = finished;
    }
  }

  get last(): string | undefined {
    return this.latestText;
  }
}

function summarize(pod: PodView): Summary {
  const spec = pod.spec ?? {};
  const status = pod.status ?? {};
  const initSpecs = spec.initContainers ?? [];
  // Looked up by name like upstream's map (a later duplicate would win; validation forbids them).
  const initByName = new Map(initSpecs.map((c) => [c.name ?? '', c]));
  const isSidecar = (s: ContainerStatusView): boolean => initByName.get(s.name ?? '')?.restartPolicy === 'Always';

  const total = (spec.containers ?? []).length + initSpecs.filter((c) => c.restartPolicy === 'Always').length;
  let ready = 0;
  let reason = status.reason || text(status.phase);
  if ((status.conditions ?? []).some((c) => c.type === 'PodScheduled' && c.reason === 'SchedulingGated')) {
    reason = 'SchedulingGated';
  }

  const all = new RestartClock();
  const sidecars = new RestartClock();
  let initializing = false;
  const initStatuses = status.initContainerStatuses ?? [];
  for (const [i, c] of initStatuses.entries()) {
    all.add(c);
    if (isSidecar(c)) sidecars.add(c);
    const terminated = c.state?.terminated;
    if (terminated && int(terminated.exitCode) === 0) continue;
    if (isSidecar(c) && c.started === true) {
      if (c.ready === true) ready++;
      continue;
    }
    initializing = true;
    if (terminated) {
      reason = terminated.reason
        ? `Init:${terminated.reason}`
        : int(terminated.signal) !== 0
          ? `Init:Signal:${int(terminated.signal)}`
          : `Init:ExitCode:${int(terminated.exitCode)}`;
    } else if (c.state?.waiting?.reason && c.state.waiting.reason !== 'PodInitializing') {
      reason = `Init:${c.state.waiting.reason}`;
    } else {
      reason = `Init:${i}/${initSpecs.length}`;
    }
    break;
  }

  let restarts = all.count;
  let lastRestart = all.last;
  if (!initializing || firstConditionIsTrue(status.conditions, 'Initialized')) {
    // Once initialised, finished init containers' restarts no longer count; sidecars' do.
    const counted = sidecars;
    let hasRunning = false;
    const statuses = status.containerStatuses ?? [];
    // Walked from last to first so the first container's state has the final say.
    for (let i = statuses.length - 1; i >= 0; i--) {
      const c = statuses[i]!;
      counted.add(c);
      const st = c.state ?? {};
      if (st.waiting && st.waiting.reason) {
        reason = st.waiting.reason;
      } else if (st.terminated && st.terminated.reason) {
        reason = st.terminated.reason;
      } else if (st.terminated) {
        reason = int(st.terminated.signal) !== 0 ? `Signal:${int(st.terminated.signal)}` : `ExitCode:${int(st.terminated.exitCode)}`;
      } else if (c.ready === true && st.running) {
        hasRunning = true;
        ready++;
      }
    }
    if (reason === 'Completed' && hasRunning) {
      reason = anyConditionIsTrue(status.conditions, 'Ready') ? 'Running' : 'NotReady';
    }
    restarts = counted.count;
    lastRestart = counted.last;
  }

  if (pod.metadata?.deletionTimestamp && status.reason === NODE_UNREACHABLE_REASON) {
    reason = 'Unknown';
  } else if (pod.metadata?.deletionTimestamp && status.phase !== 'Succeeded' && status.phase !== 'Failed') {
    reason = 'Terminating';
  }

  return { ready, total, reason, restarts, lastRestart };
}

/** isPodInitializedConditionTrue: decided by the first condition of the type. */
function firstConditionIsTrue(conditions: readonly ConditionView[] | undefined, type: string): boolean {
  return (conditions ?? []).find((c) => c.type === type)?.status === 'True';
}

/** hasPodReadyCondition: any condition of the type that is True. */
function anyConditionIsTrue(conditions: readonly ConditionView[] | undefined, type: string): boolean {
  return (conditions ?? []).some((c) => c.type === type && c.status === 'True');
}

/** "<true>/<gates>", counting the first condition of each gate's type; "<none>" without gates. */
function readinessGates(pod: PodView): string {
  const gates = pod.spec?.readinessGates ?? [];
  if (gates.length === 0) return '<none>';
  const conditions = pod.status?.conditions ?? [];
  const passing = gates.filter((g) => conditions.find((c) => c.type === g.conditionType)?.status === 'True').length;
  return `${passing}/${gates.length}`;
}

/** Succeeded and Failed pods carry a Completed row condition (the server's hint to clients). */
function podRowConditions(pod: PodView): TableRowCondition[] | undefined {
  switch (pod.status?.phase) {
    case 'Succeeded':
      return [{ type: 'Completed', status: 'True', reason: 'Succeeded', message: 'All containers of the pod ran to success.' }];
    case 'Failed':
      return [{ type: 'Completed', status: 'True', reason: 'Failed', message: 'The pod ran to completion and failed.' }];
    default:
      return undefined;
  }
}
