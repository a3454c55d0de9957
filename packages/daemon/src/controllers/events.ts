/**
 * The event recorder (client-go tools/record): controllers explain what they did and why
 * with core/v1 Events on the object concerned — what `kubectl describe` prints at the bottom
 * and `kubectl get events` lists.
 *
 *   - An Event lives in its object's namespace ("default" for cluster-scoped objects) and is
 *     named "<object name>.<hex nanoseconds>", as upstream names it.
 *   - A repeat — same source, object, type, reason and message — is not a new Event: the
 *     first one's count goes up and its lastTimestamp moves (EventCorrelator's EventLogger),
 *     so a loop failing every few seconds shows as "x12 over 3m", not as 12 rows.
 *   - Recording never blocks or fails the caller: writes are queued in order and a failed
 *     write is logged and dropped (an Event is best effort upstream too).
 *
 * Reasons are upstream's words (e.g. "LeaderElection", "OwnerRefInvalidNamespace",
 * "FailedCreate"): scripts and people search for them.
 */
import { type Clock, type KubeObject, type ResourceType, apiVersionOfResource, resourceFor, timestamp } from '@kubelab/core';
import type { KubeClient } from '@kubelab/core/client/client';
import type { Logger } from './controller.js';

export type EventType = 'Normal' | 'Warning';

/** core/v1 ObjectReference: what an Event is about. */
export interface ObjectReference {
  kind?: string;
  namespace?: string;
  name?: string;
  uid?: string;
  apiVersion?: string;
  resourceVersion?: string;
  fieldPath?: string;
}

export interface EventSource {
  /** "namespace-controller", "kube-controller-manager", "default-scheduler". */
  component: string;
  host?: string;
}

export interface EventRecorderOptions {
  client: KubeClient;
  clock: Clock;
  source: EventSource;
  log?: Logger;
  /** Distinct repeats remembered for aggregation (upstream: 4096). */
  cacheSize?: number;
}

const EVENTS = resourceFor('', 'v1', 'events')!;

interface Recorded {
  event: KubeObject;
  count: number;
}

export class EventRecorder {
  private readonly cache = new Map<string, Recorded>();
  private readonly cacheSize: number;
  private chain: Promise<void> = Promise.resolve();
  private sequence = 0;

  constructor(private readonly options: EventRecorderOptions) {
    this.cacheSize = options.cacheSize ?? 4096;
  }

  /** Records an Event about obj (an object, or a reference to one). */
  event(obj: KubeObject | ObjectReference, type: EventType, reason: string, message: string): void {
    const ref = isReference(obj) ? obj : referenceTo(obj);
    // The time of the happening, not of the (queued) write.
    const at = this.options.clock.now();
    this.chain = this.chain.then(() => this.write(ref, type, reason, message, at)).catch((err: unknown) => {
      this.options.log?.error(`event ${reason} on ${ref.kind ?? ''} ${ref.namespace ?? ''}/${ref.name ?? ''} dropped: ${String(err)}`);
    });
  }

  /** Resolves once every Event recorded so far has been written (or dropped). */
  flush(): Promise<void> {
    return this.chain;
  }

  private async write(ref: ObjectReference, type: EventType, reason: string, message: string, at: number): Promise<void> {
    const { source, client } = this.options;
    const now = timestamp(at);
    const key = [source.component, source.host ?? '', ref.kind, ref.namespace, ref.name, ref.fieldPath, ref.uid, ref.apiVersion, type, reason, message].join('\u0000');
    const seen = this.cache.get(key);
    if (seen) {
      // A repeat: bump the existing Event. PUT recreates it if it has been deleted meanwhile
      // (Events may be created by update), as upstream falls back to a create.
      this.cache.delete(key);
      const { resourceVersion: _rv, ...metadata } = seen.event.metadata ?? {};
      const written = await client.update(EVENTS, { ...seen.event, metadata, count: seen.count + 1, lastTimestamp: now });
      this.remember(key, { event: written, count: seen.count + 1 });
      return;
    }
    const namespace = ref.namespace || 'default';
    const event: KubeObject = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: this.eventName(ref.name ?? 'unknown', at), namespace },
      involvedObject: ref,
      reason,
      message,
      source: source.host ? { component: source.component, host: source.host } : { component: source.component },
      firstTimestamp: now,
      lastTimestamp: now,
      count: 1,
      type,
      eventTime: null,
      reportingComponent: source.component,
      reportingInstance: source.host ?? '',
    };
    const written = await client.create(EVENTS, event);
    this.remember(key, { event: written, count: 1 });
  }

  private remember(key: string, entry: Recorded): void {
    this.cache.set(key, entry);
    // Map keeps insertion order: the first key is the least recently recorded.
    if (this.cache.size > this.cacheSize) this.cache.delete(this.cache.keys().next().value!);
  }

  /** "<name>.<hex of the time in nanoseconds>"; the sequence keeps names within one ms apart. */
  private eventName(name: string, at: number): string {
    const nanos = BigInt(at) * 1_000_000n + BigInt(this.sequence++ % 1_000_000);
    return `${name}.${nanos.toString(16)}`;
  }
}

/** The reference an Event carries for obj; `rt` fills kind and apiVersion when obj lacks them. */
export function referenceTo(obj: KubeObject, rt?: ResourceType): ObjectReference {
  const m = obj.metadata ?? {};
  const ref: ObjectReference = {
    kind: obj.kind ?? rt?.kind,
    apiVersion: obj.apiVersion ?? (rt ? apiVersionOfResource(rt) : undefined),
    name: m.name,
    uid: m.uid,
    resourceVersion: m.resourceVersion,
  };
  if (m.namespace) ref.namespace = m.namespace;
  return ref;
}

function isReference(obj: KubeObject | ObjectReference): obj is ObjectReference {
  return !('metadata' in obj);
}
