/**
 * The EndpointSlice reconciler (k8s.io/endpointslice/reconciler.go, simplified): given the
 * endpoints a Service should have — grouped by the ports they serve, since a named targetPort
 * can resolve differently per pod — and the slices that exist, decide which slices to
 * create, update and delete.
 *
 *   - Each port group fills slices of at most maxEndpointsPerSlice (100) endpoints, reusing
 *     the existing slices with the same ports first (so their names stay stable).
 *   - A slice whose endpoints, ports and labels already match is left alone.
 *   - With no endpoints at all the Service keeps exactly one empty "placeholder" slice.
 *   - Leftover slices (ports nobody serves now, fewer slices needed) are deleted.
 *
 * Upstream also packs partially filled slices across syncs to keep churn low; kubelab
 * rewrites a group's slices in endpoint order, which gives the same contents.
 */
import type { KubeObject } from '@kubelab/core';
import { jsonEqual } from '../endpoint/endpoint-util.js';

export const MAX_ENDPOINTS_PER_SLICE = 100;

export interface SliceEndpoint {
  addresses: string[];
  conditions: { ready: boolean; serving: boolean; terminating: boolean };
  hostname?: string;
  targetRef?: { kind: string; namespace?: string; name?: string; uid?: string };
  nodeName?: string;
  zone?: string;
}

export interface SlicePort {
  name: string;
  port: number;
  protocol: string;
  appProtocol?: string;
}

export interface EndpointSlice extends KubeObject {
  addressType?: string;
  endpoints?: SliceEndpoint[] | null;
  ports?: SlicePort[] | null;
}

export interface PortGroup {
  ports: SlicePort[];
  endpoints: SliceEndpoint[];
}

export interface SliceContent {
  ports: SlicePort[];
  endpoints: SliceEndpoint[];
}

export interface Plan {
  create: SliceContent[];
  /** Existing slices with their new content. */
  update: Array<{ slice: EndpointSlice; content: SliceContent }>;
  delete: EndpointSlice[];
}

/**
 * Plans the writes. `labelsMatch` says whether an existing slice's labels and annotations are
 * already what they should be (a slice is rewritten when they are not).
 */
export function planSlices(groups: PortGroup[], existing: EndpointSlice[], labelsMatch: (s: EndpointSlice) => boolean): Plan {
  const plan: Plan = { create: [], update: [], delete: [] };
  const unused = [...existing].sort((a, b) => (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? ''));
  const take = (ports: SlicePort[]): EndpointSlice | undefined => {
    const i = unused.findIndex((s) => jsonEqual(s.ports ?? [], ports));
    return i >= 0 ? unused.splice(i, 1)[0] : undefined;
  };
  const place = (content: SliceContent) => {
    const slice = take(content.ports);
    if (!slice) plan.create.push(content);
    else if (!jsonEqual(slice.endpoints ?? [], content.endpoints) || !labelsMatch(slice)) plan.update.push({ slice, content });
  };
  const nonEmpty = groups.filter((g) => g.endpoints.length > 0);
  for (const group of nonEmpty) {
    for (let i = 0; i < group.endpoints.length; i += MAX_ENDPOINTS_PER_SLICE) {
      place({ ports: group.ports, endpoints: group.endpoints.slice(i, i + MAX_ENDPOINTS_PER_SLICE) });
    }
  }
  if (nonEmpty.length === 0) {
    // The placeholder: an empty slice, so every Service has at least one.
    const placeholder: SliceContent = { ports: [], endpoints: [] };
    const slice = unused.find((s) => (s.endpoints ?? []).length === 0) ?? unused[0];
    if (slice) {
      unused.splice(unused.indexOf(slice), 1);
      if ((slice.endpoints ?? []).length > 0 || (slice.ports ?? []).length > 0 || !labelsMatch(slice)) plan.update.push({ slice, content: placeholder });
    } else {
      plan.create.push(placeholder);
    }
  }
  plan.delete.push(...unused);
  return plan;
}
