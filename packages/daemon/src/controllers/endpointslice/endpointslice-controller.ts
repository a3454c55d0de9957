/**
 * The EndpointSlice controller (pkg/controller/endpointslice/endpointslice_controller.go):
 * the discovery.k8s.io/v1 view of a Service's backends, what kube-proxy reads. For every
 * Service with a selector it keeps slices labelled kubernetes.io/service-name=<service> and
 * endpointslice.kubernetes.io/managed-by=endpointslice-controller.k8s.io, owned by the
 * Service (the garbage collector removes them with it), each endpoint carrying
 *
 *   conditions.ready        Ready and not terminating (always true with publishNotReadyAddresses)
 *   conditions.serving      Ready, even while terminating
 *   conditions.terminating  being deleted — unlike Endpoints, terminating pods stay listed
 *
 * plus its node, the node's topology.kubernetes.io/zone, and its hostname under a headless
 * Service. Ports are resolved per pod (named targetPorts), so pods serving different port
 * numbers land in different slices. See reconciler.ts for how slices are filled.
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
} from '../endpoint/endpoint-util.js';
import { type Pod, isPodReady } from '../endpoint/pod-util.js';
import { type EndpointSlice, type PortGroup, type SliceContent, type SliceEndpoint, type SlicePort, planSlices } from './reconciler.js';

const SERVICES = resourceFor('', 'v1', 'services')!;
const PODS = resourceFor('', 'v1', 'pods')!;
const NODES = resourceFor('', 'v1', 'nodes')!;
const ENDPOINT_SLICES = resourceFor('discovery.k8s.io', 'v1', 'endpointslices')!;

export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';
export const MANAGED_BY_LABEL = 'endpointslice.kubernetes.io/managed-by';
export const CONTROLLER_MANAGED_BY = 'endpointslice-controller.k8s.io';
const ZONE_LABEL = 'topology.kubernetes.io/zone';

export class EndpointSliceController implements Controller {
  readonly name = 'endpointslice-controller';
  private readonly services: SharedInformer<Service>;
  private readonly pods: SharedInformer<Pod>;
  private readonly nodes: SharedInformer;
  private readonly slices: SharedInformer<EndpointSlice>;
  private readonly queue: RateLimitingQueue<string>;
  private readonly recorder: EventRecorder;

  constructor(
    private readonly ctx: ControllerContext,
    private readonly workers = 2,
  ) {
    this.queue = new RateLimitingQueue<string>({ clock: ctx.clock, name: 'endpoint_slice' });
    this.recorder = ctx.recorder('endpoint-slice-controller');
    this.services = ctx.informers.informerFor<Service>(SERVICES);
    this.pods = ctx.informers.informerFor<Pod>(PODS);
    this.nodes = ctx.informers.informerFor(NODES);
    this.slices = ctx.informers.informerFor<EndpointSlice>(ENDPOINT_SLICES);
    this.services.addEventHandler({
      onAdd: (svc) => this.queue.add(metaNamespaceKey(svc)),
      onUpdate: (_old, svc) => this.queue.add(metaNamespaceKey(svc)),
    });
    this.pods.addEventHandler({
      onAdd: (pod) => this.enqueueServicesOf(pod),
      onUpdate: (old, pod) => {
        this.enqueueServicesOf(pod);
        if (!jsonEqual(old.metadata?.labels ?? {}, pod.metadata?.labels ?? {})) this.enqueueServicesOf(old);
      },
      onDelete: (pod) => this.enqueueServicesOf(deletedObject(pod)),
    });
    // A node's zone shows in every endpoint on it.
    this.nodes.addEventHandler({
      onUpdate: (old, node) => {
        if (old.metadata?.labels?.[ZONE_LABEL] === node.metadata?.labels?.[ZONE_LABEL]) return;
        for (const svc of this.services.lister.list()) this.queue.add(metaNamespaceKey(svc));
      },
    });
    // Someone else changing or deleting our slices: put them right.
    const onSlice = (slice: EndpointSlice) => {
      const svc = slice.metadata?.labels?.[SERVICE_NAME_LABEL];
      if (svc && slice.metadata?.labels?.[MANAGED_BY_LABEL] === CONTROLLER_MANAGED_BY) this.queue.add(`${slice.metadata!.namespace}/${svc}`);
    };
    this.slices.addEventHandler({ onUpdate: (_old, s) => onSlice(s), onDelete: (s) => onSlice(deletedObject(s)) });
  }

  async run(): Promise<void> {
    for (const i of [this.services, this.pods, this.nodes, this.slices]) if (!(await i.waitForSync())) return;
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

  private async syncService(key: string): Promise<void> {
    const { namespace, name } = splitMetaNamespaceKey(key);
    const svc = this.services.lister.get(key);
    // A deleted Service's slices are the garbage collector's: they name it as their owner.
    if (!svc || svc.spec?.type === 'ExternalName' || !svc.spec?.selector) return;
    const pods = podsSelectedBy(this.pods.lister, svc);
    const groups = this.desiredGroups(svc, pods);
    const existing = this.slices.lister
      .namespace(namespace!)
      .list()
      .filter((s) => s.metadata?.labels?.[SERVICE_NAME_LABEL] === name && s.metadata?.labels?.[MANAGED_BY_LABEL] === CONTROLLER_MANAGED_BY);
    const labels = sliceLabels(svc);
    const trigger = lastChangeTriggerTime(svc, pods);
    const ours = existing.filter((s) => s.addressType === 'IPv4');
    const plan = planSlices(groups, ours, (s) => jsonEqual(s.metadata?.labels ?? {}, labels) && isOwnedBy(s, svc));
    plan.delete.push(...existing.filter((s) => s.addressType !== 'IPv4'));
    try {
      for (const content of plan.create) await this.ctx.client.create(ENDPOINT_SLICES, this.newSlice(svc, labels, trigger, content));
      for (const { slice, content } of plan.update) {
        const updated = withContent({ ...slice, metadata: { ...slice.metadata, labels, ownerReferences: [ownerReference(svc)] } }, content);
        setTrigger(updated, trigger);
        await this.ctx.client.update(ENDPOINT_SLICES, updated);
      }
      for (const slice of plan.delete) {
        try {
          await this.ctx.client.delete(ENDPOINT_SLICES, slice.metadata!.name!, { namespace, preconditions: { uid: slice.metadata!.uid } });
        } catch (err) {
          if (!isStatusCode(err, 404) && !isStatusCode(err, 409)) throw err;
        }
      }
    } catch (err) {
      // A terminating namespace refuses new slices: nothing to do until it is gone.
      if (isStatusCode(err, 403)) return;
      if (!isExpected(err)) {
        this.recorder.event(svc, 'Warning', 'FailedToUpdateEndpointSlices', `Error updating Endpoint Slices for Service ${namespace}/${name}: ${describeError(err)}`);
      }
      throw err;
    }
  }

  /** Endpoints grouped by the ports they serve (getEndpointPorts + the endpointMeta hash). */
  private desiredGroups(svc: Service, pods: Pod[]): PortGroup[] {
    const groups = new Map<string, PortGroup>();
    for (const pod of pods) {
      if (!shouldPodBeInEndpoints(pod, true)) continue;
      const ip = podAddressForService(pod, svc);
      if (!ip) continue;
      const ports: SlicePort[] = [];
      for (const sp of svc.spec?.ports ?? []) {
        const port = findPort(pod, sp);
        if (port === undefined) continue;
        const p: SlicePort = { name: sp.name ?? '', port, protocol: sp.protocol ?? 'TCP' };
        if (sp.appProtocol) p.appProtocol = sp.appProtocol;
        ports.push(p);
      }
      const key = JSON.stringify(ports.map((p) => [p.name, p.port, p.protocol, p.appProtocol ?? '']).sort());
      let group = groups.get(key);
      if (!group) groups.set(key, (group = { ports, endpoints: [] }));
      group.endpoints.push(this.podToEndpoint(pod, svc, ip));
    }
    for (const g of groups.values()) g.endpoints.sort((a, b) => compareIp(a.addresses[0]!, b.addresses[0]!));
    return [...groups.values()];
  }

  /** podToEndpoint: the conditions, the pod reference, the node and its zone. */
  private podToEndpoint(pod: Pod, svc: Service, ip: string): SliceEndpoint {
    const serving = isPodReady(pod);
    const terminating = !!pod.metadata?.deletionTimestamp;
    // Never "ready" while terminating, unless the Service publishes not-ready addresses.
    const ready = !!svc.spec?.publishNotReadyAddresses || (serving && !terminating);
    const ep: SliceEndpoint = {
      addresses: [ip],
      conditions: { ready, serving, terminating },
      targetRef: { kind: 'Pod', namespace: pod.metadata?.namespace, name: pod.metadata?.name, uid: pod.metadata?.uid },
    };
    if (shouldSetHostname(pod, svc)) ep.hostname = pod.spec!.hostname!;
    const nodeName = pod.spec?.nodeName;
    if (nodeName) {
      ep.nodeName = nodeName;
      const zone = this.nodes.lister.get(nodeName)?.metadata?.labels?.[ZONE_LABEL];
      if (zone) ep.zone = zone;
    }
    return ep;
  }

  private newSlice(svc: Service, labels: Record<string, string>, trigger: string | undefined, content: SliceContent): EndpointSlice {
    const slice: EndpointSlice = {
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: {
        generateName: `${svc.metadata!.name!.slice(0, 62)}-`,
        namespace: svc.metadata!.namespace,
        labels,
        ownerReferences: [ownerReference(svc)],
      },
      addressType: 'IPv4',
    };
    setTrigger(slice, trigger);
    return withContent(slice, content);
  }
}

/** setEndpointSliceLabels: the Service's labels, the headless marker, and the two reserved labels. */
function sliceLabels(svc: Service): Record<string, string> {
  return { ...endpointLabels(svc), [SERVICE_NAME_LABEL]: svc.metadata!.name!, [MANAGED_BY_LABEL]: CONTROLLER_MANAGED_BY };
}

function ownerReference(svc: Service) {
  return { apiVersion: 'v1', kind: 'Service', name: svc.metadata!.name!, uid: svc.metadata!.uid!, controller: true, blockOwnerDeletion: true };
}

function isOwnedBy(slice: EndpointSlice, svc: Service): boolean {
  const refs = slice.metadata?.ownerReferences ?? [];
  return refs.length === 1 && refs[0]!.uid === svc.metadata?.uid;
}

function withContent(slice: EndpointSlice, content: SliceContent): EndpointSlice {
  const out: EndpointSlice = { ...slice, endpoints: content.endpoints.length ? content.endpoints : null };
  if (content.ports.length) out.ports = content.ports;
  else delete out.ports;
  return out;
}

function setTrigger(slice: KubeObject, trigger: string | undefined): void {
  const annotations = { ...(slice.metadata?.annotations ?? {}) };
  if (trigger) annotations[LAST_CHANGE_TRIGGER_TIME] = trigger;
  else delete annotations[LAST_CHANGE_TRIGGER_TIME];
  slice.metadata = { ...slice.metadata, annotations };
}

function compareIp(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 4; i++) if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) - (pb[i] ?? 0);
  return a.localeCompare(b);
}
