/**
 * `kubelab describe`: fetch what each kubectl describer fetches (the object, its events, the
 * pods or replica sets it relates to) and render it with that describer; kinds without one
 * get kubectl's generic describer.
 */
import type { ResourceType } from '@kubelab/core/api/registry';
import { apiVersionOfResource, resolveResource } from '@kubelab/core/api/registry';
import type { Session } from '../kube/session.js';
import { type Obj } from './common.js';
import { describeGeneric } from './generic.js';
import { describeNode } from './node.js';
import { describePod } from './pod.js';
import { schedulingOf } from '../why/fetch.js';
import { describeService } from './service.js';
import { describeConfigMap, describeNamespace, describeSecret, describeServiceAccount } from './simple.js';
import { describePersistentVolume, describePersistentVolumeClaim } from './storage.js';
import { describeDaemonSet, describeDeployment, describeJob, describeReplicaSet, describeStatefulSet, podCounts } from './workloads.js';

const rt = (name: string): ResourceType => resolveResource(name)!;

async function list(s: Session, plural: string, namespace: string | undefined, query: { labelSelector?: string; fieldSelector?: string } = {}): Promise<Obj[]> {
  const r = rt(plural);
  return (await s.client.list(r, { ...(r.namespaced && namespace ? { namespace } : {}), ...query })).items as Obj[];
}

/** The events of an object: involvedObject name, namespace, kind and uid (kubectl's searchEvents). */
export async function eventsFor(s: Session, obj: Obj, kind: string, uid = obj['metadata']?.['uid']): Promise<Obj[]> {
  const m = obj['metadata'] ?? {};
  const parts = [`involvedObject.name=${m['name']}`, `involvedObject.namespace=${m['namespace'] ?? ''}`, `involvedObject.kind=${kind}`];
  if (uid) parts.push(`involvedObject.uid=${uid}`);
  return list(s, 'events', m['namespace'] ?? undefined, { fieldSelector: parts.join(',') });
}

function selectorString(sel: Obj | undefined): string {
  const ml = Object.entries((sel?.['matchLabels'] ?? {}) as Record<string, string>).map(([k, v]) => `${k}=${v}`);
  const me = ((sel?.['matchExpressions'] ?? []) as Obj[]).map((e) => {
    const op = String(e['operator']);
    if (op === 'Exists') return e['key'];
    if (op === 'DoesNotExist') return `!${e['key']}`;
    return `${e['key']} ${op.toLowerCase()} (${(e['values'] ?? []).join(',')})`;
  });
  return [...ml, ...me].join(',');
}

async function ownedPods(s: Session, owner: Obj, showEvents: boolean): Promise<Obj[]> {
  const pods = await list(s, 'pods', owner['metadata']['namespace'], { labelSelector: selectorString(owner['spec']?.['selector']) });
  void showEvents;
  return pods.filter((p) => (p['metadata']?.['ownerReferences'] ?? []).some((r: Obj) => r['controller'] && r['uid'] === owner['metadata']['uid']));
}

/** showScheduling: kubelab's Scheduling section in a pod's description (kubectl has none). */
export async function describeObject(s: Session, type: ResourceType, obj: Obj, showEvents = true, showScheduling = false): Promise<string> {
  const ns = obj['metadata']?.['namespace'];
  const events = async (kind = type.kind, uid?: string) => (showEvents ? eventsFor(s, obj, kind, uid) : undefined);
  switch (type.kind) {
    case 'Pod':
      return describePod(obj, await events(), Date.now(), showScheduling ? await schedulingOf(s, obj) : undefined);
    case 'Deployment': {
      const rss = (await list(s, 'replicasets', ns, { labelSelector: selectorString(obj['spec']?.['selector']) })).filter((rs) =>
        (rs['metadata']?.['ownerReferences'] ?? []).some((r: Obj) => r['controller'] && r['uid'] === obj['metadata']['uid']),
      );
      const revision = obj['metadata']?.['annotations']?.['deployment.kubernetes.io/revision'];
      const isNew = (rs: Obj) => sameTemplate(rs['spec']?.['template'], obj['spec']?.['template']) || (revision !== undefined && rs['metadata']?.['annotations']?.['deployment.kubernetes.io/revision'] === revision && false);
      const newRS = rss.filter(isNew).slice(0, 1);
      const oldRS = rss.filter((rs) => !newRS.includes(rs));
      return describeDeployment(obj, oldRS, newRS, await events());
    }
    case 'ReplicaSet':
      return describeReplicaSet(obj, await events(), podCounts(await ownedPods(s, obj, showEvents)));
    case 'DaemonSet':
      return describeDaemonSet(obj, await events(), podCounts(await ownedPods(s, obj, showEvents)));
    case 'StatefulSet':
      return describeStatefulSet(obj, await events(), podCounts(await ownedPods(s, obj, showEvents)));
    case 'Job':
      return describeJob(obj, await events());
    case 'Service': {
      const slices = await list(s, 'endpointslices', ns, { labelSelector: `kubernetes.io/service-name=${obj['metadata']['name']}` });
      return describeService(obj, slices, await events());
    }
    case 'Node': {
      const name = obj['metadata']['name'];
      const pods = await list(s, 'pods', undefined, { fieldSelector: `spec.nodeName=${name},status.phase!=Succeeded,status.phase!=Failed` });
      let lease: Obj | undefined;
      try {
        lease = (await s.client.get(rt('leases'), name, { namespace: 'kube-node-lease' })) as Obj;
      } catch {
        lease = undefined;
      }
      const evs = showEvents ? [...(await eventsFor(s, obj, 'Node')), ...(await eventsFor(s, obj, 'Node', name))] : undefined;
      return describeNode(obj, pods, lease, evs);
    }
    case 'Namespace': {
      const name = obj['metadata']['name'];
      return describeNamespace(obj, await list(s, 'resourcequotas', name), await list(s, 'limitranges', name));
    }
    case 'ConfigMap':
      return describeConfigMap(obj, await events());
    case 'Secret':
      return describeSecret(obj);
    case 'PersistentVolumeClaim': {
      const pods = (await list(s, 'pods', ns)).filter((p) => ((p['spec']?.['volumes'] ?? []) as Obj[]).some((v) => v['persistentVolumeClaim']?.['claimName'] === obj['metadata']['name']));
      return describePersistentVolumeClaim(obj, pods, await events());
    }
    case 'ServiceAccount': {
      const secrets = await list(s, 'secrets', ns);
      const name = obj['metadata']['name'];
      const tokens = secrets.filter((x) => x['type'] === 'kubernetes.io/service-account-token' && x['metadata']?.['annotations']?.['kubernetes.io/service-account.name'] === name).map((x) => x['metadata']['name'] as string);
      const existing = new Set(secrets.map((x) => x['metadata']['name'] as string));
      const missing = new Set(((obj['secrets'] ?? []) as Obj[]).map((x) => x['name'] as string).filter((n) => !existing.has(n)));
      return describeServiceAccount(obj, tokens, missing, await events());
    }
    case 'PersistentVolume':
      return describePersistentVolume(obj, await events());
    default:
      return describeGeneric({ apiVersion: apiVersionOfResource(type), kind: type.kind, ...obj }, await events());
  }
}

/** The deployment controller's "new" replica set: the one whose template equals the deployment's (hash label aside). */
function sameTemplate(a: Obj | undefined, b: Obj | undefined): boolean {
  const strip = (t: Obj | undefined) => {
    const copy = structuredClone(t ?? {});
    delete copy['metadata']?.['labels']?.['pod-template-hash'];
    return JSON.stringify(sortDeep(copy));
  };
  return strip(a) === strip(b);
}

function sortDeep(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortDeep);
  if (v && typeof v === 'object') return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortDeep((v as Obj)[k])]));
  return v;
}
