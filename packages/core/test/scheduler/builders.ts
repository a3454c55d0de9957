/**
 * Small builders for scheduler tests (as upstream's st.MakePod / st.MakeNode): a pod or a
 * node with just the fields a case is about, and a fake framework handle over a snapshot.
 */
import { FakeClock } from '../../src/clock.js';
import type {
  Affinity,
  Container,
  Node,
  PersistentVolume,
  PersistentVolumeClaim,
  Pod,
  PodDisruptionBudget,
  Service,
  StorageClass,
  Taint,
  Toleration,
  TopologySpreadConstraint,
  WorkloadWithSelector,
} from '../../src/scheduler/api/types.js';
import { newRandom } from '../../src/scheduler/algorithm/random.js';
import { CycleState } from '../../src/scheduler/framework/cycle-state.js';
import type { ClusterListers, Handle, PodNominator, SchedulerApi } from '../../src/scheduler/framework/interface.js';
import type { NodeInfo } from '../../src/scheduler/framework/node-info.js';
import { PodInfo } from '../../src/scheduler/framework/pod-info.js';
import { Snapshot } from '../../src/scheduler/framework/snapshot.js';
import type { Status } from '../../src/scheduler/framework/status.js';

let uid = 0;

export interface PodOptions {
  namespace?: string;
  labels?: Record<string, string>;
  cpu?: string;
  memory?: string;
  containers?: Container[];
  initContainers?: Container[];
  overhead?: Record<string, string>;
  nodeName?: string;
  nodeSelector?: Record<string, string>;
  affinity?: Affinity;
  tolerations?: Toleration[];
  priority?: number;
  preemptionPolicy?: string;
  topologySpreadConstraints?: TopologySpreadConstraint[];
  hostPorts?: Array<{ hostPort: number; protocol?: string; hostIP?: string }>;
  image?: string;
  nominatedNodeName?: string;
  ownerReferences?: Array<{ apiVersion: string; kind: string; name: string; uid: string; controller?: boolean }>;
  volumes?: NonNullable<Pod['spec']>['volumes'];
  deleting?: boolean;
  startTime?: string;
  schedulingGates?: string[];
}

export function pod(name: string, o: PodOptions = {}): Pod {
  const requests: Record<string, string> = {};
  if (o.cpu) requests['cpu'] = o.cpu;
  if (o.memory) requests['memory'] = o.memory;
  const container: Container = { name: 'app', image: o.image ?? 'nginx:1.27', resources: Object.keys(requests).length ? { requests } : {} };
  if (o.hostPorts) container.ports = o.hostPorts.map((p) => ({ containerPort: p.hostPort, ...p }));
  const p: Pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: o.namespace ?? 'default', uid: `uid-${name}-${++uid}`, labels: o.labels, ownerReferences: o.ownerReferences },
    spec: {
      containers: o.containers ?? [container],
      initContainers: o.initContainers,
      overhead: o.overhead,
      nodeName: o.nodeName,
      nodeSelector: o.nodeSelector,
      affinity: o.affinity,
      tolerations: o.tolerations,
      priority: o.priority ?? 0,
      preemptionPolicy: o.preemptionPolicy,
      topologySpreadConstraints: o.topologySpreadConstraints,
      volumes: o.volumes,
      schedulerName: 'default-scheduler',
      schedulingGates: o.schedulingGates?.map((n) => ({ name: n })),
    },
    status: { phase: o.nodeName ? 'Running' : 'Pending', nominatedNodeName: o.nominatedNodeName, startTime: o.startTime },
  };
  if (o.deleting) p.metadata!.deletionTimestamp = '2025-01-01T00:00:00Z';
  return p;
}

/** A pod bound to a node. */
export function podOn(name: string, nodeName: string, o: PodOptions = {}): Pod {
  return pod(name, { ...o, nodeName });
}

export function podWithTolerations(name: string, tolerations: Toleration[]): Pod {
  return pod(name, { tolerations });
}

export interface NodeOptions {
  cpu?: string;
  memory?: string;
  pods?: string;
  labels?: Record<string, string>;
  taints?: Taint[];
  unschedulable?: boolean;
  images?: Array<{ names: string[]; sizeBytes: number }>;
  scalar?: Record<string, string>;
  ephemeralStorage?: string;
}

export function node(name: string, o: NodeOptions = {}): Node {
  const allocatable: Record<string, string> = { cpu: o.cpu ?? '4', memory: o.memory ?? '8Gi', pods: o.pods ?? '110', ...(o.scalar ?? {}) };
  if (o.ephemeralStorage) allocatable['ephemeral-storage'] = o.ephemeralStorage;
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name, ...(o.labels ?? {}) } },
    spec: { taints: o.taints, unschedulable: o.unschedulable },
    status: { allocatable, capacity: allocatable, conditions: [{ type: 'Ready', status: 'True' }], images: o.images },
  };
}

export function nodeWithTaints(name: string, taints: Taint[]): Node {
  return node(name, { taints });
}

export function nodeWithLabels(name: string, labels: Record<string, string>): Node {
  return node(name, { labels });
}

/** The NodeInfo of node in a snapshot holding pods. */
export function nodeInfo(n: Node, pods: Pod[] = []): NodeInfo {
  return Snapshot.fromObjects([n], pods.map((p) => ({ ...p, spec: { ...p.spec, nodeName: n.metadata!.name } }))).get(n.metadata!.name!)!;
}

export interface FakeCluster {
  services?: Service[];
  replicaSets?: WorkloadWithSelector[];
  statefulSets?: WorkloadWithSelector[];
  namespaces?: Array<{ metadata: { name: string; labels?: Record<string, string> } }>;
  pdbs?: PodDisruptionBudget[];
  pvcs?: PersistentVolumeClaim[];
  pvs?: PersistentVolume[];
  storageClasses?: StorageClass[];
  pods?: Pod[];
}

export function fakeListers(c: FakeCluster = {}): ClusterListers {
  const byNs = <T extends { metadata?: { namespace?: string; name?: string } }>(list: T[] | undefined, ns: string, name: string) =>
    (list ?? []).find((o) => o.metadata?.namespace === ns && o.metadata?.name === name);
  return {
    pod: (ns, name) => byNs(c.pods, ns, name),
    pdbs: () => c.pdbs ?? [],
    services: (ns) => (c.services ?? []).filter((s) => s.metadata?.namespace === ns),
    replicaSet: (ns, name) => byNs(c.replicaSets, ns, name),
    statefulSet: (ns, name) => byNs(c.statefulSets, ns, name),
    namespaces: () => c.namespaces ?? [{ metadata: { name: 'default' } }],
    persistentVolumeClaim: (ns, name) => byNs(c.pvcs, ns, name),
    persistentVolume: (name) => (c.pvs ?? []).find((p) => p.metadata?.name === name),
    persistentVolumes: () => c.pvs ?? [],
    storageClass: (name) => (c.storageClasses ?? []).find((s) => s.metadata?.name === name),
  };
}

/** API calls a test can inspect. */
export interface RecordedApi extends SchedulerApi {
  calls: string[];
}

export function recordingApi(): RecordedApi {
  const calls: string[] = [];
  return {
    calls,
    bind: async (p, n) => void calls.push(`bind ${p.metadata?.name} ${n}`),
    preemptPod: async (v, p, n) => void calls.push(`preempt ${v.metadata?.name} for ${p.metadata?.name} on ${n}`),
    clearNominatedNodeName: async (p) => void calls.push(`clear-nomination ${p.metadata?.name}`),
    updatePersistentVolume: async (pv) => (calls.push(`update pv ${pv.metadata?.name}`), pv),
    updatePersistentVolumeClaim: async (pvc) => (calls.push(`update pvc ${pvc.metadata?.name}`), pvc),
  };
}

export const noNominations: PodNominator = { nominatedPodsForNode: () => [] };

/** A Handle over a snapshot, for plugins that read it; the framework runners are stubs. */
export function fakeHandle(snapshot: Snapshot, cluster: FakeCluster = {}, extra: Partial<Handle> = {}): Handle {
  return {
    schedulerName: 'default-scheduler',
    clock: new FakeClock(),
    snapshot: () => snapshot,
    listers: fakeListers(cluster),
    api: recordingApi(),
    nominator: noNominations,
    random: newRandom(1),
    event: () => undefined,
    runFilterPluginsWithNominatedPods: () => null,
    runPreFilterExtensionAddPod: () => null,
    runPreFilterExtensionRemovePod: () => null,
    ...extra,
  };
}

/** "Success", or "<Code>: reason, reason" — what a table row expects. */
export function verdict(s: Status | null): string {
  if (!s || s.code === 0) return 'Success';
  const names = ['Success', 'Error', 'Unschedulable', 'UnschedulableAndUnresolvable', 'Wait', 'Skip', 'Pending'];
  return s.reasons.length ? `${names[s.code]}: ${s.reasons.join(', ')}` : names[s.code]!;
}

export function info(p: Pod): PodInfo {
  return new PodInfo(p);
}

export function state(): CycleState {
  return new CycleState();
}
