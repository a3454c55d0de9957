/**
 * The catalogue of definitions: every struct kubelab serves, by OpenAPI name, plus a List
 * definition per served kind, and which definitions are top-level kinds
 * (x-kubernetes-group-version-kind) — the mark kubectl uses to find a kind's schema.
 */
import { RESOURCES, groupVersions } from '../../api/registry.js';
import { arr, obj, ref, req, str, type Definitions } from '../dsl.js';
import { affinityDefinitions } from './affinity.js';
import { clusterDefinitions } from './cluster.js';
import { configDefinitions } from './config.js';
import { containerDefinitions } from './container.js';
import { cronjobDefinitions } from './cronjob.js';
import { daemonsetDefinitions } from './daemonset.js';
import { deploymentDefinitions } from './deployment.js';
import { endpointsDefinitions } from './endpoints.js';
import { envDefinitions } from './env.js';
import { eventDefinitions } from './event.js';
import { jobDefinitions } from './job.js';
import { legacyVolumeDefinitions } from './legacy-volume.js';
import { metaTypeDefinitions } from './meta-types.js';
import { metaDefinitions } from './meta.js';
import { namespaceDefinitions } from './namespace.js';
import { authentication, autoscaling, core, definitionName, meta, policy } from './names.js';
import { nodeDefinitions } from './node.js';
import { persistentVolumeClaimDefinitions } from './persistent-volume-claim.js';
import { persistentVolumeDefinitions } from './persistent-volume.js';
import { podStatusDefinitions } from './pod-status.js';
import { podDefinitions } from './pod.js';
import { probeDefinitions } from './probe.js';
import { projectedDefinitions } from './projected.js';
import { quotaDefinitions } from './quota.js';
import { rbacDefinitions } from './rbac.js';
import { securityDefinitions } from './security.js';
import { serviceDefinitions } from './service.js';
import { statefulsetDefinitions } from './statefulset.js';
import { statusDefinitions } from './status.js';
import { subresourceDefinitions } from './subresources.js';
import { volumeDefinitions } from './volume.js';

export interface GroupVersionKind {
  group: string;
  version: string;
  kind: string;
}

const LIST_API_VERSION = 'Versioned schema of this list, such as "v1" or "apps/v1".';
const LIST_KIND = 'Kind of the list, such as "PodList".';

/** `<Kind>List` for every served kind, the shape list responses have. */
function listDefinitions(): Definitions {
  const out: Definitions = {};
  for (const rt of RESOURCES) {
    const item = definitionName(rt.group, rt.version, rt.kind);
    out[`${item}List`] = obj(`A list of ${rt.kind} objects.`, {
      apiVersion: str(LIST_API_VERSION),
      items: req(arr(ref(item), `The ${rt.kind} objects.`)),
      kind: str(LIST_KIND),
      metadata: ref(meta('ListMeta'), 'Standard list metadata: resource version and continue token.'),
    });
  }
  return out;
}

export const DEFINITIONS: Readonly<Definitions> = {
  ...metaTypeDefinitions,
  ...metaDefinitions,
  ...statusDefinitions,
  ...podDefinitions,
  ...podStatusDefinitions,
  ...containerDefinitions,
  ...envDefinitions,
  ...probeDefinitions,
  ...securityDefinitions,
  ...affinityDefinitions,
  ...volumeDefinitions,
  ...projectedDefinitions,
  ...legacyVolumeDefinitions,
  ...persistentVolumeDefinitions,
  ...persistentVolumeClaimDefinitions,
  ...serviceDefinitions,
  ...endpointsDefinitions,
  ...nodeDefinitions,
  ...namespaceDefinitions,
  ...configDefinitions,
  ...eventDefinitions,
  ...quotaDefinitions,
  ...deploymentDefinitions,
  ...daemonsetDefinitions,
  ...statefulsetDefinitions,
  ...jobDefinitions,
  ...cronjobDefinitions,
  ...clusterDefinitions,
  ...rbacDefinitions,
  ...subresourceDefinitions,
  ...listDefinitions(),
};

function kindsByDefinition(): Map<string, GroupVersionKind[]> {
  const out = new Map<string, GroupVersionKind[]>();
  const add = (name: string, gvk: GroupVersionKind): void => {
    const list = out.get(name) ?? [];
    list.push(gvk);
    out.set(name, list);
  };
  for (const rt of RESOURCES) {
    const name = definitionName(rt.group, rt.version, rt.kind);
    add(name, { group: rt.group, version: rt.version, kind: rt.kind });
    add(`${name}List`, { group: rt.group, version: rt.version, kind: `${rt.kind}List` });
  }
  add(meta('Status'), { group: '', version: 'v1', kind: 'Status' });
  // DeleteOptions is registered in every group version, so upstream lists each of them.
  for (const gv of groupVersions()) add(meta('DeleteOptions'), { ...gv, kind: 'DeleteOptions' });
  add(core('Binding'), { group: '', version: 'v1', kind: 'Binding' });
  add(policy('Eviction'), { group: 'policy', version: 'v1', kind: 'Eviction' });
  add(autoscaling('Scale'), { group: 'autoscaling', version: 'v1', kind: 'Scale' });
  add(authentication('TokenRequest'), { group: 'authentication.k8s.io', version: 'v1', kind: 'TokenRequest' });
  return out;
}

/** Top-level kinds by definition name: the x-kubernetes-group-version-kind of each. */
export const KINDS_BY_DEFINITION: ReadonlyMap<string, readonly GroupVersionKind[]> = kindsByDefinition();
