/**
 * Resource amounts as the scheduler counts them (framework.Resource): cpu in millicores,
 * memory and ephemeral storage in bytes, the pod slots of a node, and any other ("scalar")
 * resource — hugepages, extended resources such as example.com/gpu — in its integer value.
 *
 * A pod's request (component-helpers' PodRequests, as kube-scheduler 1.32 uses it):
 *
 *   sum(containers) max= each init container, where a restartable init container (a sidecar,
 *   restartPolicy Always) also adds to the sum and to every later init container; then + overhead.
 *
 *   initContainers: ic1 {cpu 2, mem 1G}, ic2 {cpu 2, mem 3G}; containers c1 {2, 1G}, c2 {1, 1G}
 *   → cpu max(3, 2, 2) = 3, memory max(2G, 1G, 3G) = 3G
 *
 * The "non-zero" request used for scoring gives a container that asks for no cpu 100m and
 * one that asks for no memory 200 MiB (schedutil.DefaultMilliCPURequest / DefaultMemoryRequest),
 * so best-effort pods still spread.
 */
import { parseQuantity } from '../../quantity.js';
import type { Container, Pod, ResourceList } from '../api/types.js';

export const RESOURCE_CPU = 'cpu';
export const RESOURCE_MEMORY = 'memory';
export const RESOURCE_EPHEMERAL_STORAGE = 'ephemeral-storage';
export const RESOURCE_PODS = 'pods';

export const DEFAULT_MILLI_CPU_REQUEST = 100;
export const DEFAULT_MEMORY_REQUEST = 200 * 1024 * 1024;

export class Resource {
  milliCPU = 0;
  memory = 0;
  ephemeralStorage = 0;
  allowedPodNumber = 0;
  /** Other resources by name; undefined until one is seen (most pods have none). */
  scalar: Map<string, number> | undefined;

  static from(list: ResourceList | undefined): Resource {
    const r = new Resource();
    r.addList(list);
    return r;
  }

  clone(): Resource {
    const r = new Resource();
    r.milliCPU = this.milliCPU;
    r.memory = this.memory;
    r.ephemeralStorage = this.ephemeralStorage;
    r.allowedPodNumber = this.allowedPodNumber;
    if (this.scalar) r.scalar = new Map(this.scalar);
    return r;
  }

  /** The amount of one resource by its API name. */
  get(name: string): number {
    switch (name) {
      case RESOURCE_CPU:
        return this.milliCPU;
      case RESOURCE_MEMORY:
        return this.memory;
      case RESOURCE_EPHEMERAL_STORAGE:
        return this.ephemeralStorage;
      case RESOURCE_PODS:
        return this.allowedPodNumber;
      default:
        return this.scalar?.get(name) ?? 0;
    }
  }

  set(name: string, value: number): void {
    switch (name) {
      case RESOURCE_CPU:
        this.milliCPU = value;
        return;
      case RESOURCE_MEMORY:
        this.memory = value;
        return;
      case RESOURCE_EPHEMERAL_STORAGE:
        this.ephemeralStorage = value;
        return;
      case RESOURCE_PODS:
        this.allowedPodNumber = value;
        return;
      default:
        (this.scalar ??= new Map()).set(name, value);
    }
  }

  addList(list: ResourceList | undefined): void {
    if (!list) return;
    for (const [name, q] of Object.entries(list)) this.set(name, this.get(name) + quantityValue(name, q));
  }

  add(other: Resource, sign = 1): void {
    this.milliCPU += sign * other.milliCPU;
    this.memory += sign * other.memory;
    this.ephemeralStorage += sign * other.ephemeralStorage;
    this.allowedPodNumber += sign * other.allowedPodNumber;
    if (other.scalar) for (const [k, v] of other.scalar) (this.scalar ??= new Map()).set(k, (this.scalar.get(k) ?? 0) + sign * v);
  }

  /** Each dimension becomes the larger of the two. */
  max(other: Resource): void {
    this.milliCPU = Math.max(this.milliCPU, other.milliCPU);
    this.memory = Math.max(this.memory, other.memory);
    this.ephemeralStorage = Math.max(this.ephemeralStorage, other.ephemeralStorage);
    this.allowedPodNumber = Math.max(this.allowedPodNumber, other.allowedPodNumber);
    if (other.scalar) for (const [k, v] of other.scalar) (this.scalar ??= new Map()).set(k, Math.max(this.scalar.get(k) ?? 0, v));
  }

  isZero(): boolean {
    return this.milliCPU === 0 && this.memory === 0 && this.ephemeralStorage === 0 && (!this.scalar || this.scalar.size === 0);
  }
}

/** A quantity as the scheduler counts it: cpu as MilliValue, anything else as Value (rounded up). */
export function quantityValue(name: string, q: string | number): number {
  let v: number;
  try {
    v = parseQuantity(q);
  } catch {
    return 0;
  }
  return name === RESOURCE_CPU ? Math.ceil(Math.round(v * 1e6) / 1e3) : Math.ceil(v);
}

export interface PodRequestOptions {
  /** Apply the non-zero defaults to containers that do not ask for cpu or memory. */
  nonZero?: boolean;
}

function containerRequests(c: Container, nonZero: boolean): Resource {
  const requests = c.resources?.requests;
  const r = Resource.from(requests);
  if (nonZero) {
    if (requests?.[RESOURCE_CPU] === undefined) r.milliCPU += DEFAULT_MILLI_CPU_REQUEST;
    if (requests?.[RESOURCE_MEMORY] === undefined) r.memory += DEFAULT_MEMORY_REQUEST;
  }
  return r;
}

/** The pod's total request (resourcehelper.PodRequests), see the file comment. */
export function podRequests(pod: Pod, options: PodRequestOptions = {}): Resource {
  const nonZero = options.nonZero ?? false;
  const spec = pod.spec ?? {};
  const reqs = new Resource();
  for (const c of spec.containers ?? []) reqs.add(containerRequests(c, nonZero));
  const restartable = new Resource();
  const initMax = new Resource();
  for (const c of spec.initContainers ?? []) {
    const r = containerRequests(c, nonZero);
    if (c.restartPolicy === 'Always') {
      // A sidecar keeps running: it adds to the steady state and to every later init container.
      reqs.add(r);
      restartable.add(r);
      initMax.max(restartable);
    } else {
      r.add(restartable);
      initMax.max(r);
    }
  }
  reqs.max(initMax);
  if (spec.overhead) reqs.addList(spec.overhead);
  return reqs;
}

/** Resources outside the kubernetes.io domain (example.com/gpu): extended resources. */
export function isExtendedResourceName(name: string): boolean {
  if (isNativeResource(name)) return false;
  return !name.startsWith('requests.');
}

/** Resources the scheduler counts as "scalar": everything but cpu, memory, ephemeral-storage, pods. */
export function isScalarResourceName(name: string): boolean {
  return name !== RESOURCE_CPU && name !== RESOURCE_MEMORY && name !== RESOURCE_EPHEMERAL_STORAGE && name !== RESOURCE_PODS;
}

function isNativeResource(name: string): boolean {
  return !name.includes('/') || name.startsWith('kubernetes.io/');
}
