/**
 * VolumeBinding, the basic form: a pod's PersistentVolumeClaims must be bindable on the node.
 *
 * PreFilter: a missing claim — `persistentvolumeclaim "data" not found` — or an unbound claim
 * whose class binds Immediately — "pod has unbound immediate PersistentVolumeClaims" — stops
 * the pod everywhere (UnschedulableAndUnresolvable).
 * Filter: a bound claim's volume must admit the node ("node(s) had volume node affinity
 * conflict"; a volume that does not exist: "node(s) unavailable due to one or more pvc(s)
 * bound to non-existent pv(s)"); a WaitForFirstConsumer claim needs an available volume that
 * admits the node, or a class with a provisioner whose allowedTopologies admit it ("node(s)
 * didn't find available persistent volumes to bind").
 * Reserve/PreBind: the chosen volumes are bound to their claims through the API (claimRef on
 * the volume, volumeName on the claim, both Bound, as the PV controller would), and claims
 * left to provisioning are annotated volume.kubernetes.io/selected-node. Unlike upstream,
 * PreBind does not wait for a provisioner: kubelab has none yet.
 */
import type { Node, PersistentVolume, PersistentVolumeClaim, StorageClass } from '../../api/types.js';
import type { CycleState, StateData } from '../../framework/cycle-state.js';
import { StateKey } from '../../framework/cycle-state.js';
import { ActionType, type ClusterEventWithHint } from '../../framework/events.js';
import type {
  EnqueueExtensions,
  FilterPlugin,
  Handle,
  PreBindPlugin,
  PreFilterPlugin,
  ReservePlugin,
} from '../../framework/interface.js';
import type { NodeInfo } from '../../framework/node-info.js';
import type { PodInfo } from '../../framework/pod-info.js';
import { Code, type Status, asStatus, newStatus, skip } from '../../framework/status.js';
import { Names } from '../names.js';
import { claimStorageClass, findMatchingVolume, pvNodeAffinityMatches } from './pv-matching.js';

export const ERR_REASON_BIND_CONFLICT = "node(s) didn't find available persistent volumes to bind";
export const ERR_REASON_NODE_CONFLICT = 'node(s) had volume node affinity conflict';
export const ERR_REASON_NOT_ENOUGH_SPACE = 'node(s) did not have enough free storage';
export const ERR_REASON_PV_NOT_EXIST = 'node(s) unavailable due to one or more pvc(s) bound to non-existent pv(s)';
export const ERR_UNBOUND_IMMEDIATE = 'pod has unbound immediate PersistentVolumeClaims';

export interface VolumeBindingArgs {
  bindTimeoutSeconds?: number;
}

interface PodVolumes {
  /** Claims bound to a chosen volume on this node. */
  staticBindings: Array<{ pvc: PersistentVolumeClaim; pv: PersistentVolume }>;
  /** Claims left to dynamic provisioning. */
  provisioned: PersistentVolumeClaim[];
}

class State implements StateData {
  podVolumesByNode = new Map<string, PodVolumes>();
  constructor(
    readonly bound: Array<{ pvc: PersistentVolumeClaim; pv: PersistentVolume | undefined }>,
    readonly toBind: Array<{ pvc: PersistentVolumeClaim; sc: StorageClass | undefined }>,
  ) {}

  clone(): StateData {
    return this;
  }
}

const STATE = new StateKey<State>(`PreFilter${Names.VolumeBinding}`);

export class VolumeBinding implements PreFilterPlugin, FilterPlugin, ReservePlugin, PreBindPlugin, EnqueueExtensions {
  readonly name = Names.VolumeBinding;
  /** Volumes chosen by pods still binding: pv name → claim key. */
  private readonly assumed = new Map<string, string>();

  constructor(
    args: VolumeBindingArgs,
    private readonly handle: Pick<Handle, 'listers' | 'api'>,
  ) {
    if ((args.bindTimeoutSeconds ?? 600) < 0) throw new Error('bindTimeoutSeconds: Invalid value: must not be negative');
  }

  preFilter(state: CycleState, pod: PodInfo): Status | null {
    const claims = podClaimNames(pod);
    if (claims.length === 0) return skip();
    const l = this.handle.listers;
    const bound: State['bound'] = [];
    const toBind: State['toBind'] = [];
    let immediate = false;
    for (const name of claims) {
      const pvc = l.persistentVolumeClaim(pod.namespace, name);
      if (!pvc) return newStatus(Code.UnschedulableAndUnresolvable, `persistentvolumeclaim "${name}" not found`);
      if (pvc.metadata?.deletionTimestamp) return newStatus(Code.UnschedulableAndUnresolvable, `persistentvolumeclaim "${name}" is being deleted`);
      const volumeName = pvc.spec?.volumeName;
      if (volumeName) {
        bound.push({ pvc, pv: l.persistentVolume(volumeName) });
        continue;
      }
      const cls = claimStorageClass(pvc);
      const sc = cls ? l.storageClass(cls) : undefined;
      if (sc?.volumeBindingMode === 'WaitForFirstConsumer') toBind.push({ pvc, sc });
      else immediate = true;
    }
    if (immediate) return newStatus(Code.UnschedulableAndUnresolvable, ERR_UNBOUND_IMMEDIATE);
    state.write(STATE, new State(bound, toBind));
    return null;
  }

  filter(state: CycleState, _pod: PodInfo, nodeInfo: NodeInfo): Status | null {
    const s = state.read(STATE);
    if (!s) return null;
    const node = nodeInfo.node!;
    const reasons: string[] = [];
    for (const { pv } of s.bound) {
      if (!pv) {
        reasons.push(ERR_REASON_PV_NOT_EXIST);
        break;
      }
      if (!pvNodeAffinityMatches(pv, node)) {
        reasons.push(ERR_REASON_NODE_CONFLICT);
        break;
      }
    }
    const volumes: PodVolumes = { staticBindings: [], provisioned: [] };
    if (s.toBind.length > 0) {
      const taken = new Set(this.assumed.keys());
      const all = this.handle.listers.persistentVolumes();
      for (const { pvc, sc } of s.toBind) {
        const pv = findMatchingVolume(pvc, all, node, taken);
        if (pv) {
          taken.add(pv.metadata!.name!);
          volumes.staticBindings.push({ pvc, pv });
        } else if (sc?.provisioner && sc.provisioner !== 'kubernetes.io/no-provisioner' && topologyAllows(sc, node)) {
          volumes.provisioned.push(pvc);
        } else {
          reasons.push(ERR_REASON_BIND_CONFLICT);
          break;
        }
      }
    }
    if (reasons.length > 0) return newStatus(Code.UnschedulableAndUnresolvable, ...reasons);
    s.podVolumesByNode.set(nodeInfo.name, volumes);
    return null;
  }

  reserve(state: CycleState, pod: PodInfo, nodeName: string): Status | null {
    const v = state.read(STATE)?.podVolumesByNode.get(nodeName);
    for (const b of v?.staticBindings ?? []) this.assumed.set(b.pv.metadata!.name!, `${pod.namespace}/${b.pvc.metadata?.name}`);
    return null;
  }

  unreserve(state: CycleState, _pod: PodInfo, nodeName: string): void {
    const v = state.read(STATE)?.podVolumesByNode.get(nodeName);
    for (const b of v?.staticBindings ?? []) this.assumed.delete(b.pv.metadata!.name!);
  }

  async preBind(state: CycleState, _pod: PodInfo, nodeName: string): Promise<Status | null> {
    const v = state.read(STATE)?.podVolumesByNode.get(nodeName);
    if (!v) return null;
    const api = this.handle.api;
    try {
      for (const { pvc, pv } of v.staticBindings) {
        const claimRef = { kind: 'PersistentVolumeClaim', apiVersion: 'v1', namespace: pvc.metadata?.namespace, name: pvc.metadata?.name, uid: pvc.metadata?.uid };
        await api.updatePersistentVolume({ ...pv, spec: { ...pv.spec, claimRef }, status: { ...pv.status, phase: 'Bound' } });
        const annotations = { ...(pvc.metadata?.annotations ?? {}), 'pv.kubernetes.io/bind-completed': 'yes', 'pv.kubernetes.io/bound-by-controller': 'yes' };
        await api.updatePersistentVolumeClaim({ ...pvc, metadata: { ...pvc.metadata, annotations }, spec: { ...pvc.spec, volumeName: pv.metadata!.name! } });
        this.assumed.delete(pv.metadata!.name!);
      }
      for (const pvc of v.provisioned) {
        const annotations = { ...(pvc.metadata?.annotations ?? {}), 'volume.kubernetes.io/selected-node': nodeName };
        await api.updatePersistentVolumeClaim({ ...pvc, metadata: { ...pvc.metadata, annotations } });
      }
    } catch (err) {
      return asStatus(err);
    }
    return null;
  }

  eventsToRegister(): ClusterEventWithHint[] {
    return [
      { event: { resource: 'PersistentVolumeClaim', actionType: ActionType.Add | ActionType.UpdateOther } },
      { event: { resource: 'PersistentVolume', actionType: ActionType.Add | ActionType.UpdateOther } },
      { event: { resource: 'StorageClass', actionType: ActionType.Add | ActionType.UpdateOther } },
      { event: { resource: 'Node', actionType: ActionType.Add | ActionType.UpdateNodeLabel | ActionType.UpdateNodeTaint } },
    ];
  }
}

/** The claims a pod uses: persistentVolumeClaim volumes, and generic ephemeral volumes (<pod>-<volume>). */
export function podClaimNames(pod: PodInfo): string[] {
  const out: string[] = [];
  for (const v of pod.pod.spec?.volumes ?? []) {
    if (v.persistentVolumeClaim?.claimName) out.push(v.persistentVolumeClaim.claimName);
    else if (v.ephemeral) out.push(`${pod.pod.metadata?.name}-${v.name}`);
  }
  return out;
}

function topologyAllows(sc: StorageClass, node: Node): boolean {
  const terms = sc.allowedTopologies ?? [];
  if (terms.length === 0) return true;
  const labels = node.metadata?.labels ?? {};
  return terms.some((t) => (t.matchLabelExpressions ?? []).every((e) => labels[e.key] !== undefined && e.values.includes(labels[e.key]!)));
}
