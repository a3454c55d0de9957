/**
 * How many pods a PodDisruptionBudget should expect when it is given as a fraction
 * (getExpectedScale and the controller finders in pkg/controller/disruption): the sum of the
 * scales of the controllers of its pods — a Deployment through its ReplicaSet, a bare
 * ReplicaSet, a StatefulSet, or any kind with a scale subresource. Pods without a controller
 * are "unmanaged" and left out; a controller that cannot be found is an error ("found no
 * controllers for pod").
 */
import { RESOURCES, type KubeObject, parseApiVersion, resourceFor } from '@kubelab/core';
import type { KubeClient } from '@kubelab/core/client/client';
import { isStatusCode } from '../controller.js';
import { type Pod, controllerOf } from '../endpoint/pod-util.js';

const REPLICA_SETS = resourceFor('apps', 'v1', 'replicasets')!;
const DEPLOYMENTS = resourceFor('apps', 'v1', 'deployments')!;
const STATEFUL_SETS = resourceFor('apps', 'v1', 'statefulsets')!;

interface ControllerAndScale {
  uid: string;
  scale: number;
}

interface Ref {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
}

/**
 * intstr.GetScaledValueFromIntOrPercent with rounding up: an integer as it is, "N%" of total
 * rounded up; any other string is an error.
 */
export function scaledValue(value: number | string, total: number): number {
  if (typeof value === 'number') return value;
  const m = /^(\d+)%$/.exec(value);
  if (!m) throw new Error(`invalid value for IntOrString: invalid value "${value}": ${value.endsWith('%') ? 'invalid percentage' : 'not a percentage'}`);
  return Math.ceil((Number(m[1]) * total) / 100);
}

export class ExpectedScale {
  constructor(private readonly client: KubeClient) {}

  async getExpectedScale(pods: Pod[]): Promise<{ expectedCount: number; unmanagedPods: string[] }> {
    const scales = new Map<string, number>();
    const unmanagedPods: string[] = [];
    for (const pod of pods) {
      const ref = controllerOf(pod);
      if (!ref) {
        unmanagedPods.push(pod.metadata!.name!);
        continue;
      }
      if (scales.has(ref.uid)) continue;
      const found = await this.find(ref, pod.metadata!.namespace!);
      if (!found) throw new Error(`found no controllers for pod "${pod.metadata!.name}"`);
      scales.set(found.uid, found.scale);
    }
    let expectedCount = 0;
    for (const s of scales.values()) expectedCount += s;
    return { expectedCount, unmanagedPods };
  }

  /** The finders, in upstream's order: Deployment (via its ReplicaSet), ReplicaSet, StatefulSet, any scale subresource. */
  private async find(ref: Ref, namespace: string): Promise<ControllerAndScale | undefined> {
    const { group } = parseApiVersion(ref.apiVersion);
    if (group === 'apps' && ref.kind === 'ReplicaSet') {
      const rs = await this.get(REPLICA_SETS, ref.name, namespace);
      if (!rs || rs.metadata?.uid !== ref.uid) return undefined;
      const owner = controllerOf(rs);
      if (owner && owner.kind === 'Deployment' && parseApiVersion(owner.apiVersion).group === 'apps') {
        const d = await this.get(DEPLOYMENTS, owner.name, namespace);
        if (!d || d.metadata?.uid !== owner.uid) return undefined;
        return { uid: owner.uid, scale: replicas(d) };
      }
      return { uid: ref.uid, scale: replicas(rs) };
    }
    if (group === 'apps' && ref.kind === 'StatefulSet') {
      const ss = await this.get(STATEFUL_SETS, ref.name, namespace);
      return ss && ss.metadata?.uid === ref.uid ? { uid: ref.uid, scale: replicas(ss) } : undefined;
    }
    // getScaleController: any kind served with a scale subresource.
    const rt = RESOURCES.find((r) => r.group === group && r.kind === ref.kind && r.subresources.includes('scale'));
    if (!rt) return undefined;
    const owner = await this.get(rt, ref.name, namespace);
    if (!owner || owner.metadata?.uid !== ref.uid) return undefined;
    try {
      const scale = await this.client.transport.request('GET', `/apis/${rt.group}/${rt.version}/namespaces/${namespace}/${rt.plural}/${ref.name}/scale`, {});
      if (scale.status !== 200) return undefined;
      return { uid: ref.uid, scale: (JSON.parse(scale.body) as { spec?: { replicas?: number } }).spec?.replicas ?? 0 };
    } catch {
      return undefined;
    }
  }

  private async get(rt: (typeof RESOURCES)[number], name: string, namespace: string): Promise<KubeObject | undefined> {
    try {
      return await this.client.get(rt, name, { namespace });
    } catch (err) {
      if (isStatusCode(err, 404)) return undefined;
      throw err;
    }
  }
}

function replicas(obj: KubeObject): number {
  return (obj['spec'] as { replicas?: number } | undefined)?.replicas ?? 1;
}
