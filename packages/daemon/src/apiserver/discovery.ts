/**
 * API discovery, built from the resource registry, in both shapes kubectl 1.32 understands:
 *
 *   - aggregated discovery (apidiscovery.k8s.io/v2 APIGroupDiscoveryList at /api and /apis,
 *     when the Accept header asks for it): every group, version and resource in two
 *     requests, which is what makes kubectl's first call fast;
 *   - the legacy documents (APIVersions at /api, APIGroupList at /apis, APIResourceList at
 *     /api/v1 and /apis/<group>/<version>) for every other client.
 */
import { createHash } from 'node:crypto';
import { RESOURCES, type ResourceType, apiVersionOf } from '@kubelab/core';

/**
 * What discovery lists: the stored resources, then those served by routes (access reviews,
 * the metrics API), which declare themselves on their ExtraRoute.
 */
export type Served = readonly ResourceType[];

/** Group versions in order, the core group first, each once. */
function groupVersionsOf(served: Served): Array<{ group: string; version: string }> {
  const seen = new Map<string, { group: string; version: string }>();
  for (const r of served) seen.set(apiVersionOf(r.group, r.version), { group: r.group, version: r.version });
  return [...seen.values()];
}

const SUBRESOURCE_VERBS: Record<string, string[]> = {
  status: ['get', 'patch', 'update'],
  scale: ['get', 'patch', 'update'],
  binding: ['create'],
  eviction: ['create'],
  log: ['get'],
  exec: ['create', 'get'],
  token: ['create'],
  finalize: ['update'],
};

/** The kind a subresource answers with. */
function subresourceKind(rt: ResourceType, sub: string): { group: string; version: string; kind: string } {
  switch (sub) {
    case 'scale':
      return { group: 'autoscaling', version: 'v1', kind: 'Scale' };
    case 'binding':
      return { group: '', version: 'v1', kind: 'Binding' };
    case 'eviction':
      return { group: 'policy', version: 'v1', kind: 'Eviction' };
    case 'token':
      return { group: 'authentication.k8s.io', version: 'v1', kind: 'TokenRequest' };
    case 'log':
      return { group: '', version: 'v1', kind: 'Pod' };
    case 'exec':
      return { group: '', version: 'v1', kind: 'PodExecOptions' };
    case 'attach':
      return { group: '', version: 'v1', kind: 'PodAttachOptions' };
    default:
      return { group: rt.group, version: rt.version, kind: rt.kind };
  }
}

/** A stable hash of the resource's shape, as storageVersionHash lets clients notice changes. */
function storageVersionHash(rt: ResourceType): string {
  return createHash('sha256').update(`${rt.group}/${rt.version}/${rt.kind}`).digest('base64').slice(0, 12);
}

export function apiVersions(serverAddress: string) {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  };
}

export function apiGroupList(served: Served = RESOURCES) {
  const groups = groupVersionsOf(served).filter((gv) => gv.group !== '');
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: groups.map((gv) => {
      const v = { groupVersion: apiVersionOf(gv.group, gv.version), version: gv.version };
      return { name: gv.group, versions: [v], preferredVersion: v };
    }),
  };
}

export function apiGroup(group: string, served: Served = RESOURCES) {
  const gv = groupVersionsOf(served).find((g) => g.group === group);
  if (!gv) return undefined;
  const v = { groupVersion: apiVersionOf(gv.group, gv.version), version: gv.version };
  return { kind: 'APIGroup', apiVersion: 'v1', name: group, versions: [v], preferredVersion: v };
}

/** APIResourceList for one group version, or undefined when it is not served. */
export function apiResourceList(group: string, version: string, served: Served = RESOURCES) {
  const resources = served.filter((r) => r.group === group && r.version === version);
  if (resources.length === 0) return undefined;
  const out: unknown[] = [];
  for (const rt of resources) {
    const entry: Record<string, unknown> = {
      name: rt.plural,
      singularName: rt.singular,
      namespaced: rt.namespaced,
      kind: rt.kind,
      verbs: rt.verbs,
    };
    if (rt.shortNames.length) entry['shortNames'] = rt.shortNames;
    if (rt.categories.length) entry['categories'] = rt.categories;
    entry['storageVersionHash'] = storageVersionHash(rt);
    out.push(entry);
    for (const sub of rt.subresources) {
      const k = subresourceKind(rt, sub);
      const e: Record<string, unknown> = {
        name: `${rt.plural}/${sub}`,
        singularName: '',
        namespaced: rt.namespaced,
        kind: k.kind,
        verbs: SUBRESOURCE_VERBS[sub] ?? ['get'],
      };
      // A subresource answering in another group names its group and version both, as
      // upstream does (pods/eviction: policy/v1) — kubectl drain looks for exactly that.
      if (k.group !== rt.group || k.version !== rt.version) {
        e['group'] = k.group;
        e['version'] = k.version;
      }
      out.push(e);
    }
  }
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: apiVersionOf(group, version), resources: out };
}

export const DISCOVERY_V2_CONTENT_TYPE = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';

/** Aggregated discovery: the core group (legacy = true, for /api) or every named group (/apis). */
export function aggregatedDiscovery(legacy: boolean, served: Served = RESOURCES) {
  const gvs = groupVersionsOf(served).filter((gv) => (legacy ? gv.group === '' : gv.group !== ''));
  const byGroup = new Map<string, string[]>();
  for (const gv of gvs) byGroup.set(gv.group, [...(byGroup.get(gv.group) ?? []), gv.version]);
  return {
    kind: 'APIGroupDiscoveryList',
    apiVersion: 'apidiscovery.k8s.io/v2',
    metadata: {},
    items: [...byGroup].map(([group, versions]) => ({
      metadata: legacy ? { creationTimestamp: null } : { name: group, creationTimestamp: null },
      versions: versions.map((version) => ({
        version,
        resources: served.filter((r) => r.group === group && r.version === version).map((rt) => {
          const r: Record<string, unknown> = {
            resource: rt.plural,
            responseKind: { group: rt.group, version: rt.version, kind: rt.kind },
            scope: rt.namespaced ? 'Namespaced' : 'Cluster',
            singularResource: rt.singular,
            verbs: rt.verbs,
          };
          if (rt.shortNames.length) r['shortNames'] = rt.shortNames;
          if (rt.categories.length) r['categories'] = rt.categories;
          if (rt.subresources.length) {
            r['subresources'] = rt.subresources.map((sub) => ({
              subresource: sub,
              responseKind: subresourceKind(rt, sub),
              verbs: SUBRESOURCE_VERBS[sub] ?? ['get'],
            }));
          }
          return r;
        }),
        freshness: 'Current',
      })),
    })),
  };
}
