/**
 * What a request is about, read from its path and method the way kube-apiserver's
 * RequestInfoFactory reads it:
 *
 *   /api/v1/namespaces/default/pods/web-1/status
 *     → group "", version v1, namespace default, resource pods, name web-1, subresource status
 *   /apis/apps/v1/deployments?watch=1
 *     → group apps, version v1, resource deployments (all namespaces), verb watch
 *
 * Namespaces are themselves a resource: /api/v1/namespaces/foo is the namespace "foo".
 */
export type Verb = 'get' | 'list' | 'watch' | 'create' | 'update' | 'patch' | 'delete' | 'deletecollection';

export interface ResourceRequestInfo {
  group: string;
  version: string;
  namespace: string | undefined;
  resource: string;
  name: string | undefined;
  subresource: string | undefined;
  verb: Verb;
}

/** Returns undefined for paths that are not resource requests (discovery, /healthz, ...). */
export function resourceRequestInfo(
  method: string,
  pathname: string,
  query: URLSearchParams,
): ResourceRequestInfo | undefined {
  const parts = pathname.split('/').filter((p) => p !== '');
  let group: string;
  let version: string;
  let rest: string[];
  if (parts[0] === 'api' && parts.length >= 3) {
    group = '';
    version = parts[1]!;
    rest = parts.slice(2);
  } else if (parts[0] === 'apis' && parts.length >= 4) {
    group = parts[1]!;
    version = parts[2]!;
    rest = parts.slice(3);
  } else {
    return undefined;
  }
  if (pathname.includes('%')) rest = rest.map(decodeURIComponent);
  let namespace: string | undefined;
  // /namespaces/{ns}/{resource}/... — but /namespaces/{name}[/status|/finalize] is a namespace.
  if (rest[0] === 'namespaces' && rest.length >= 3 && rest[2] !== 'status' && rest[2] !== 'finalize') {
    namespace = rest[1];
    rest = rest.slice(2);
  }
  const [resource, name, subresource, ...extra] = rest;
  if (!resource || extra.length > 0) return undefined;
  if (resource === 'namespaces' && name) namespace = undefined;
  const watch = query.get('watch');
  const isWatch = watch === 'true' || watch === '1';
  let verb: Verb;
  switch (method) {
    case 'GET':
    case 'HEAD':
      verb = name ? 'get' : isWatch ? 'watch' : 'list';
      break;
    case 'POST':
      verb = 'create';
      break;
    case 'PUT':
      verb = 'update';
      break;
    case 'PATCH':
      verb = 'patch';
      break;
    case 'DELETE':
      verb = name ? 'delete' : 'deletecollection';
      break;
    default:
      return undefined;
  }
  return { group, version, namespace, resource, name, subresource, verb };
}
