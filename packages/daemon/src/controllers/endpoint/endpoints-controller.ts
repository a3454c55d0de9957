/**
 * The Endpoints controller (pkg/controller/endpoint/endpoints_controller.go): every Service
 * with a selector gets an Endpoints object of the same name listing the pods it selects —
 * ready pods under `addresses`, the others under `notReadyAddresses` (all of them under
 * `addresses` with publishNotReadyAddresses) — each with the port its targetPort means on
 * that pod. Subsets are repacked as upstream packs them: pods serving the same ports share a
 * subset, so a named targetPort resolving to different numbers gives several subsets.
 *
 *   - A Service without a selector is left alone: its Endpoints are written by hand.
 *   - ExternalName Services get none. A headless Service without ports lists bare addresses.
 *   - The Endpoints carry the Service's labels, plus service.kubernetes.io/headless when the
 *     Service is headless; at most 1000 addresses (the rest truncated, annotated
 *     endpoints.kubernetes.io/over-capacity: truncated).
 *   - The Endpoints of a deleted Service are deleted; at start every Endpoints is checked
 *     once, so leftovers of Services deleted while the controller was down go too.
 *
 * Keys are Service keys; pod changes enqueue the Services selecting the pod (before and
 * after the change).
 */
import { type KubeObject, resourceFor } from '@kubelab/core';
import type { SharedInformer } from '@kubelab/core/cache/informer';
import { deletedObject, metaNamespaceKey, splitMetaNamespaceKey } from '@kubelab/core/cache/keys';
import { RateLimitingQueue } from '@kubelab/core/workqueue/rate-limiting-queue';
import { type Controller, type ControllerContext, describeError, isExpected, isStatusCode, runWorkers } from '../controller.js';
import type { EventRecorder } from '../events.js';
import {
  LAST_CHANGE_TRIGGER_TIME,
  type Service,
  endpointLabels,
  findPort,
  jsonEqual,
  lastChangeTriggerTime,
  podAddressForService,
  podsSelectedBy,
  servicesSelecting,
  shouldPodBeInEndpoints,
  shouldSetHostname,
} from './endpoint-util.js';
import { type Pod, isPodReady } from './pod-util.js';

const SERVICES = resourceFor('', 'v1', 'services')!;
const PODS = resourceFor('', 'v1', 'pods')!;
const ENDPOINTS = resourceFor('', 'v1', 'endpoints')!;

/** maxCapacity: the most addresses one Endpoints object lists. */
export const MAX_ENDPOINTS_CAPACITY = 1000;
export const OVER_CAPACITY_ANNOTATION = 'endpoints.kubernetes.io/over-capacity';
/** Endpoints used as leader-election locks (resourcelock.LeaderElectionRecordAnnotationKey) are never cleaned up. */
const LEADER_ANNOTATION = 'control-plane.alpha.kubernetes.io/leader';

export interface EndpointAddress {
  ip: string;
  hostname?: string;
  nodeName?: string;
  targetRef?: { kind: string; namespace?: string; name?: string; uid?: string };
}

export interface EndpointPort {
  name?: string;
  port: number;
  protocol?: string;
  appProtocol?: string;
}

export interface EndpointSubset {
  addresses?: EndpointAddress[];
  notReadyAddresses?: EndpointAddress[];
  ports?: EndpointPort[];
}

interface Endpoints extends KubeObject {
  subsets?: EndpointSubset[];
}

export class EndpointsController implements Controller {
  readonly name = 'endpoints-controller';
  private readonly services: SharedInformer<Service>;
  private readonly pods: SharedInformer<Pod>;
  private readonly endpoints: SharedInformer<Endpoints>;
  private readonly queue: RateLimitingQueue<string>;
  private readonly recorder: EventRecorder;

  constructor(
    private readonly ctx: ControllerContext,
    private readonly workers = 2,
  ) {
    this.queue = new RateLimitingQueue<string>({ clock: ctx.clock, name: 'endpoint' });
    this.recorder = ctx.recorder('endpoint-controller');
    this.services = ctx.informers.informerFor<Service>(SERVICES);
    this.pods = ctx.informers.informerFor<Pod>(PODS);
    this.endpoints = ctx.informers.informerFor<Endpoints>(ENDPOINTS);
    this.services.addEventHandler({
      onAdd: (svc) => this.queue.add(metaNamespaceKey(svc)),
      onUpdate: (_old, svc) => this.queue.add(metaNamespaceKey(svc)),
      onDelete: (svc) => this.queue.add(metaNamespaceKey(deletedObject(svc))),
    });
    this.pods.addEventHandler({
      onAdd: (pod) => this.enqueueServicesOf(pod),
      onUpdate: (old, pod) => {
        this.enqueueServicesOf(pod);
        if (JSON.stringify(old.metadata?.labels ?? {}) !== JSON.stringify(pod.metadata?.labels ?? {})) this.enqueueServicesOf(old);
      },
      onDelete: (pod) => this.enqueueServicesOf(deletedObject(pod)),
    });
    this.endpoints.addEventHandler({ onDelete: (ep) => this.queue.add(metaNamespaceKey(deletedObject(ep))) });
  }

  async run(): Promise<void> {
    for (const i of [this.services, this.pods, this.endpoints]) if (!(await i.waitForSync())) return;
    this.checkLeftoverEndpoints();
    await runWorkers(this.queue, this.workers, (key) => this.syncService(key), (key, err) => {
      if (!isExpected(err)) this.ctx.log.error(`${this.name}: service ${key}: ${describeError(err)}`);
    });
  }

  stop(): void {
    this.queue.shutDown();
  }

  private enqueueServicesOf(pod: Pod): void {
    for (const svc of servicesSelecting(this.services.lister, pod)) this.queue.add(metaNamespaceKey(svc));
  }

  /** Every Endpoints once: those whose Service is gone are deleted by the sync. */
  private checkLeftoverEndpoints(): void {
    for (const ep of this.endpoints.lister.list()) {
      if (ep.metadata?.annotations?.[LEADER_ANNOTATION] !== undefined) continue;
      this.queue.add(metaNamespaceKey(ep));
    }
  }

  private async syncService(key: string): Promise<void> {
    const { namespace, name } = splitMetaNamespaceKey(key);
    const svc = this.services.lister.get(key);
    if (!svc) {
      try {
        await this.ctx.client.delete(ENDPOINTS, name, { namespace });
      } catch (err) {
        if (!isStatusCode(err, 404)) throw err;
      }
      return;
    }
    if (svc.spec?.type === 'ExternalName' || !svc.spec?.selector) return;
    const pods = podsSelectedBy(this.pods.lister, svc);
    const subsets = repackSubsets(computeEntries(svc, pods));
    const current = this.endpoints.lister.get(key);
    const labels = endpointLabels(svc);
    if (current && jsonEqual(current.subsets ?? [], subsets) && jsonEqual(current.metadata?.labels ?? {}, labels) && !truncationPending(current, subsets)) {
      return;
    }
    const annotations = { ...(current?.metadata?.annotations ?? {}) };
    const trigger = lastChangeTriggerTime(svc, pods);
    if (trigger) annotations[LAST_CHANGE_TRIGGER_TIME] = trigger;
    else delete annotations[LAST_CHANGE_TRIGGER_TIME];
    if (truncateEndpoints(subsets)) annotations[OVER_CAPACITY_ANNOTATION] = 'truncated';
    else delete annotations[OVER_CAPACITY_ANNOTATION];
    const desired: Endpoints = {
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: { ...(current?.metadata ?? { name, namespace }), labels, annotations },
    };
    // subsets has omitempty upstream: an Endpoints with no backends has none.
    if (subsets.length) desired.subsets = subsets;
    try {
      if (current) await this.ctx.client.update(ENDPOINTS, desired);
      else await this.ctx.client.create(ENDPOINTS, desired);
    } catch (err) {
      // A terminating namespace refuses new objects: nothing will change that, drop the key.
      if (!current && isStatusCode(err, 403)) return;
      if (!isExpected(err)) {
        if (current) this.recorder.event(desired, 'Warning', 'FailedToUpdateEndpoint', `Failed to update endpoint ${namespace}/${name}: ${describeError(err)}`);
        else this.recorder.event(desired, 'Warning', 'FailedToCreateEndpoint', `Failed to create endpoint for service ${namespace}/${name}: ${describeError(err)}`);
      }
      throw err;
    }
  }
}

interface Entry {
  address: EndpointAddress;
  ready: boolean;
  port?: EndpointPort;
}

/** One entry per (pod, resolved port): what addEndpointSubset appends before repacking. */
function computeEntries(svc: Service, pods: Pod[]): Entry[] {
  const publishNotReady = !!svc.spec?.publishNotReadyAddresses;
  const ports = svc.spec?.ports ?? [];
  const entries: Entry[] = [];
  for (const pod of pods) {
    if (!shouldPodBeInEndpoints(pod, publishNotReady)) continue;
    const ip = podAddressForService(pod, svc);
    if (!ip) continue;
    const address: EndpointAddress = { ip };
    if (shouldSetHostname(pod, svc)) address.hostname = pod.spec!.hostname!;
    if (pod.spec?.nodeName) address.nodeName = pod.spec.nodeName;
    address.targetRef = { kind: 'Pod', namespace: pod.metadata?.namespace, name: pod.metadata?.name, uid: pod.metadata?.uid };
    const ready = publishNotReady || isPodReady(pod);
    if (ports.length === 0) {
      // Only a headless Service may have no ports; it then lists bare addresses.
      if (svc.spec?.clusterIP === 'None') entries.push({ address, ready });
      continue;
    }
    for (const sp of ports) {
      const port = findPort(pod, sp);
      if (port === undefined) continue;
      const epp: EndpointPort = { name: sp.name ?? '', port, protocol: sp.protocol ?? 'TCP' };
      if (!sp.name) delete epp.name;
      if (sp.appProtocol) epp.appProtocol = sp.appProtocol;
      entries.push({ address, ready, port: epp });
    }
  }
  return entries;
}

/**
 * endpoints.RepackSubsets: map each port to the addresses offering it, then group ports
 * offered by exactly the same addresses into one subset. Addresses sort by IP, ports by name
 * and number, subsets by their first address (upstream orders the last two by hash).
 */
export function repackSubsets(entries: Entry[]): EndpointSubset[] {
  const byPort = new Map<string, { port?: EndpointPort; addrs: Map<string, Entry> }>();
  for (const e of entries) {
    const pk = e.port ? JSON.stringify([e.port.name ?? '', e.port.port, e.port.protocol, e.port.appProtocol ?? '']) : '';
    let group = byPort.get(pk);
    if (!group) byPort.set(pk, (group = { port: e.port, addrs: new Map() }));
    group.addrs.set(`${e.address.ip}/${e.address.targetRef?.uid ?? ''}`, e);
  }
  const byAddresses = new Map<string, { entries: Entry[]; ports: EndpointPort[] }>();
  for (const { port, addrs } of byPort.values()) {
    const key = [...addrs.entries()].map(([k, e]) => `${k}:${e.ready}`).sort().join(',');
    let group = byAddresses.get(key);
    if (!group) byAddresses.set(key, (group = { entries: [...addrs.values()], ports: [] }));
    if (port) group.ports.push(port);
  }
  const subsets: EndpointSubset[] = [];
  for (const { entries: es, ports } of byAddresses.values()) {
    const subset: EndpointSubset = {};
    const ready = es.filter((e) => e.ready).map((e) => e.address).sort(byIp);
    const notReady = es.filter((e) => !e.ready).map((e) => e.address).sort(byIp);
    if (ready.length) subset.addresses = ready;
    if (notReady.length) subset.notReadyAddresses = notReady;
    if (ports.length) subset.ports = ports.sort((a, b) => (a.name ?? '').localeCompare(b.name ?? '') || a.port - b.port);
    subsets.push(subset);
  }
  const first = (s: EndpointSubset) => (s.addresses?.[0] ?? s.notReadyAddresses?.[0])?.ip ?? '';
  return subsets.sort((a, b) => byIp({ ip: first(a) }, { ip: first(b) }) || JSON.stringify(a.ports).localeCompare(JSON.stringify(b.ports)));
}

function byIp(a: EndpointAddress, b: EndpointAddress): number {
  const pa = a.ip.split('.').map(Number);
  const pb = b.ip.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0 && !Number.isNaN(d)) return d;
  }
  return a.ip.localeCompare(b.ip) || (a.targetRef?.uid ?? '').localeCompare(b.targetRef?.uid ?? '');
}

function countAddresses(subsets: EndpointSubset[]): number {
  return subsets.reduce((n, s) => n + (s.addresses?.length ?? 0) + (s.notReadyAddresses?.length ?? 0), 0);
}

/** capacityAnnotationSetCorrectly, negated: over capacity, or annotated while no longer over. */
function truncationPending(current: Endpoints, subsets: EndpointSubset[]): boolean {
  const annotated = current.metadata?.annotations?.[OVER_CAPACITY_ANNOTATION] !== undefined;
  return countAddresses(subsets) > MAX_ENDPOINTS_CAPACITY || annotated;
}

/**
 * truncateEndpoints: keeps at most MAX_ENDPOINTS_CAPACITY addresses, ready ones first, each
 * subset keeping its proportional share. Answers whether anything was cut.
 */
export function truncateEndpoints(subsets: EndpointSubset[]): boolean {
  const totalReady = subsets.reduce((n, s) => n + (s.addresses?.length ?? 0), 0);
  const totalNotReady = subsets.reduce((n, s) => n + (s.notReadyAddresses?.length ?? 0), 0);
  if (totalReady + totalNotReady <= MAX_ENDPOINTS_CAPACITY) return false;
  const truncateReady = totalReady > MAX_ENDPOINTS_CAPACITY;
  const max = truncateReady ? MAX_ENDPOINTS_CAPACITY : MAX_ENDPOINTS_CAPACITY - totalReady;
  const total = truncateReady ? totalReady : totalNotReady;
  let canBeAdded = max;
  for (const s of subsets) {
    const inSubset = truncateReady ? (s.addresses?.length ?? 0) : (s.notReadyAddresses?.length ?? 0);
    const toBeAdded = Math.min(Math.ceil((inSubset / total) * max), canBeAdded);
    if (truncateReady) {
      s.addresses = (s.addresses ?? []).slice(0, toBeAdded);
      delete s.notReadyAddresses;
      canBeAdded -= s.addresses.length;
    } else {
      s.notReadyAddresses = (s.notReadyAddresses ?? []).slice(0, toBeAdded);
      canBeAdded -= s.notReadyAddresses.length;
    }
  }
  return true;
}

