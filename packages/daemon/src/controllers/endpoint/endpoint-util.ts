/**
 * What the Endpoints and EndpointSlice controllers share (pkg/controller/util/endpoint and
 * podutil.FindPort upstream): which pods back a Service, the address of a pod for it, and
 * the port a Service port's targetPort means on one pod — a number as it is, a name looked
 * up among that pod's container ports (so pods of one Service may serve it on different
 * ports).
 */
import { type KubeObject, type LabelSelector, selectorFromLabelSelector } from '@kubelab/core';
import type { Lister } from '@kubelab/core/cache/lister';
import { type Pod, isPodTerminal } from './pod-util.js';

export interface ServicePort {
  name?: string;
  protocol?: string;
  appProtocol?: string;
  port: number;
  targetPort?: number | string;
  nodePort?: number;
}

export interface Service extends KubeObject {
  spec?: {
    type?: string;
    selector?: Record<string, string> | null;
    clusterIP?: string;
    ports?: ServicePort[];
    publishNotReadyAddresses?: boolean;
    ipFamilies?: string[];
    loadBalancerIP?: string;
    loadBalancerClass?: string;
  };
  status?: { loadBalancer?: { ingress?: Array<{ ip?: string; hostname?: string; ipMode?: string }> } };
}

/** The label marking the Endpoints and EndpointSlices of a headless Service (v1.IsHeadlessService). */
export const HEADLESS_LABEL = 'service.kubernetes.io/headless';
/** v1.EndpointsLastChangeTriggerTime. */
export const LAST_CHANGE_TRIGGER_TIME = 'endpoints.kubernetes.io/last-change-trigger-time';

/**
 * ShouldPodBeInEndpoints: not finished, has an IP, and — unless terminating pods are wanted
 * (publishNotReadyAddresses, or EndpointSlices, which report them as terminating) — not being
 * deleted.
 */
export function shouldPodBeInEndpoints(pod: Pod, includeTerminating: boolean): boolean {
  if (isPodTerminal(pod)) return false;
  if (!pod.status?.podIP && !(pod.status?.podIPs ?? []).length) return false;
  if (!includeTerminating && pod.metadata?.deletionTimestamp) return false;
  return true;
}

/** ShouldSetHostname: the pod asked for a hostname under this (headless) Service's subdomain. */
export function shouldSetHostname(pod: Pod, svc: Service): boolean {
  return !!pod.spec?.hostname && pod.spec.subdomain === svc.metadata?.name && pod.metadata?.namespace === svc.metadata?.namespace;
}

/** The pod's address in the Service's IP family (kubelab's clusters are IPv4 single-stack). */
export function podAddressForService(pod: Pod, svc: Service): string | undefined {
  const family = svc.spec?.ipFamilies?.[0] ?? 'IPv4';
  const ips = (pod.status?.podIPs ?? []).map((p) => p.ip);
  if (ips.length === 0 && pod.status?.podIP) ips.push(pod.status.podIP);
  return ips.find((ip) => (family === 'IPv6') === ip.includes(':'));
}

/**
 * podutil.FindPort: a numeric targetPort is the port; a named one is the containerPort of
 * the same name and protocol in the pod's containers (restartable init containers — sidecars
 * — count too). Undefined when the pod has no such port: it is left out of that port.
 */
export function findPort(pod: Pod, port: ServicePort): number | undefined {
  const target = port.targetPort ?? port.port;
  if (typeof target === 'number') return target;
  if (/^\d+$/.test(target)) return Number(target);
  const protocol = port.protocol ?? 'TCP';
  const containers = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? []).filter((c) => c.restartPolicy === 'Always')];
  for (const c of containers) {
    for (const p of c.ports ?? []) {
      if (p.name === target && (p.protocol ?? 'TCP') === protocol && p.containerPort) return p.containerPort;
    }
  }
  return undefined;
}

/** Services in the pod's namespace whose selector selects it (GetPodServiceMemberships). */
export function servicesSelecting(services: Lister<Service>, pod: Pod): Service[] {
  const ns = pod.metadata?.namespace;
  if (!ns) return [];
  return services
    .namespace(ns)
    .list()
    .filter((svc) => {
      const selector = svc.spec?.selector;
      if (!selector || svc.spec?.type === 'ExternalName') return false;
      return selectorFromLabelSelector({ matchLabels: selector } as LabelSelector)!.matches(pod.metadata?.labels);
    });
}

/** The pods a Service selects (a Service with no selector selects none: its endpoints are hand-made). */
export function podsSelectedBy(pods: Lister<Pod>, svc: Service): Pod[] {
  const selector = svc.spec?.selector;
  if (!selector) return [];
  const sel = selectorFromLabelSelector({ matchLabels: selector })!;
  return [...pods.namespace(svc.metadata!.namespace!).list(sel)];
}

/** True for a Service that is headless: no cluster IP (helper.IsServiceIPSet is false). */
export function isHeadless(svc: Service): boolean {
  const ip = svc.spec?.clusterIP;
  return !ip || ip === 'None';
}

/** The Service's labels plus the headless marker, as both controllers label what they make. */
export function endpointLabels(svc: Service): Record<string, string> {
  const labels: Record<string, string> = { ...(svc.metadata?.labels ?? {}) };
  if (isHeadless(svc)) labels[HEADLESS_LABEL] = '';
  else delete labels[HEADLESS_LABEL];
  return labels;
}

/**
 * The endpoints.kubernetes.io/last-change-trigger-time of a Service's endpoints: the latest
 * change among its pods (their Ready transition or creation) and the Service's creation —
 * an approximation of upstream's TriggerTimeTracker, which remembers per-sync changes.
 */
export function lastChangeTriggerTime(svc: Service, pods: Pod[]): string | undefined {
  let latest = svc.metadata?.creationTimestamp ?? undefined;
  for (const pod of pods) {
    const ready = pod.status?.conditions?.find((c) => c.type === 'Ready')?.lastTransitionTime;
    const t = ready ?? pod.metadata?.creationTimestamp ?? undefined;
    if (t && (!latest || t > latest)) latest = t;
  }
  return latest;
}

/** Deep equality of JSON values, ignoring object key order (apiequality.Semantic.DeepEqual for JSON). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}
