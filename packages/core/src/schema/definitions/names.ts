/**
 * OpenAPI definition names as kube-apiserver spells them: the Go package path of the type,
 * reversed domain first ("io.k8s.api.core.v1.Pod", "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta").
 * Clients (kubectl explain, kubectl apply's patch metadata lookups) match on these names.
 */

/** The Go package of an API group's types: "" → core, "rbac.authorization.k8s.io" → rbac. */
export function packageOfGroup(group: string): string {
  if (group === '') return 'core';
  return group.split('.')[0] ?? group;
}

/** The definition name of a kind in a group version: ("apps", "v1", "Deployment") → io.k8s.api.apps.v1.Deployment. */
export function definitionName(group: string, version: string, kind: string): string {
  return `io.k8s.api.${packageOfGroup(group)}.${version}.${kind}`;
}

export const core = (kind: string): string => `io.k8s.api.core.v1.${kind}`;
export const apps = (kind: string): string => `io.k8s.api.apps.v1.${kind}`;
export const batch = (kind: string): string => `io.k8s.api.batch.v1.${kind}`;
export const coordination = (kind: string): string => `io.k8s.api.coordination.v1.${kind}`;
export const discovery = (kind: string): string => `io.k8s.api.discovery.v1.${kind}`;
export const policy = (kind: string): string => `io.k8s.api.policy.v1.${kind}`;
export const scheduling = (kind: string): string => `io.k8s.api.scheduling.v1.${kind}`;
export const storage = (kind: string): string => `io.k8s.api.storage.v1.${kind}`;
export const rbac = (kind: string): string => `io.k8s.api.rbac.v1.${kind}`;
export const autoscaling = (kind: string): string => `io.k8s.api.autoscaling.v1.${kind}`;
export const authentication = (kind: string): string => `io.k8s.api.authentication.v1.${kind}`;
export const meta = (kind: string): string => `io.k8s.apimachinery.pkg.apis.meta.v1.${kind}`;
