/**
 * Which message an envelope's apiVersion and kind name: the group's first label is our package
 * ("" → core, "apps", "rbac.authorization.k8s.io" → rbac, "meta.k8s.io" → meta), then the
 * version and the kind: "apps/v1" Deployment → apps.v1.Deployment. Option kinds such as
 * DeleteOptions are registered in every group version upstream (metav1.AddToGroupVersion), so
 * a kind not found in its group falls back to meta.v1: "v1" DeleteOptions → meta.v1.DeleteOptions.
 */
export function messageNameFor(apiVersion: string, kind: string, has: (name: string) => boolean): string | undefined {
  const slash = apiVersion.indexOf('/');
  const group = slash < 0 ? '' : apiVersion.slice(0, slash);
  const version = slash < 0 ? apiVersion : apiVersion.slice(slash + 1);
  if (!version || !/^[A-Z]\w*$/.test(kind)) return undefined;
  const pkg = group === '' ? 'core' : group.split('.')[0];
  for (const name of [`${pkg}.${version}.${kind}`, `meta.v1.${kind}`]) {
    if (has(name)) return name;
  }
  return undefined;
}
