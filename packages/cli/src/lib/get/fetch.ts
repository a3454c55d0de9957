/**
 * The reads behind `get`: a server-side Table (what kubectl asks for to print columns) or
 * the objects themselves, for one name or a whole list, in a namespace or across all.
 */
import type { KubeObject } from '@kubelab/core/api/meta';
import { apiVersionOfResource } from '@kubelab/core/api/registry';
import { resourcePath } from '@kubelab/core/client/client';
import { statusErrorFromResponse } from '@kubelab/core/client/transport';
import type { StatusError } from '@kubelab/core/api/status';
import type { Table } from '@kubelab/core/print/table-types';
import type { Session } from '../kube/session.js';
import type { ResourceRequest } from '../kube/resource-args.js';

/** kubectl's Accept for tables (with the plain JSON fallback). */
export const ACCEPT_TABLE = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';

export interface ReadScope {
  namespace: string;
  allNamespaces: boolean;
  labelSelector?: string | undefined;
  fieldSelector?: string | undefined;
}

export function requestPath(req: ResourceRequest, scope: ReadScope, query: Record<string, string | undefined> = {}): string {
  const namespace = req.rt.namespaced && !(scope.allNamespaces && req.name === undefined) ? scope.namespace : undefined;
  const q = new URLSearchParams();
  if (req.name === undefined) {
    if (scope.labelSelector) q.set('labelSelector', scope.labelSelector);
    if (scope.fieldSelector) q.set('fieldSelector', scope.fieldSelector);
  }
  for (const [k, v] of Object.entries(query)) if (v !== undefined) q.set(k, v);
  const qs = q.toString();
  return resourcePath(req.rt, { namespace, ...(req.name !== undefined ? { name: req.name } : {}) }) + (qs ? `?${qs}` : '');
}

export async function fetchTable(session: Session, req: ResourceRequest, scope: ReadScope, includeObject?: 'Object'): Promise<Table> {
  const res = await session.transport.request('GET', requestPath(req, scope, { includeObject }), { accept: ACCEPT_TABLE });
  if (res.status < 200 || res.status > 299) throw listError(req, scope, res.status, res.body);
  return JSON.parse(res.body) as Table;
}

/**
 * A failed list names what it looked for, as kubectl's resource helper words it:
 * `Unable to find "/v1, Resource=pods" that match label selector "", field selector "x=1": …`.
 */
function listError(req: ResourceRequest, scope: ReadScope, status: number, body: string): StatusError {
  const err = statusErrorFromResponse(status, body);
  if (req.name === undefined && (err.code === 400 || err.code === 404)) {
    const gvr = `${req.rt.group}/${req.rt.version}, Resource=${req.rt.plural}`;
    err.status.message = `Unable to find ${JSON.stringify(gvr)} that match label selector ${JSON.stringify(scope.labelSelector ?? '')}, field selector ${JSON.stringify(scope.fieldSelector ?? '')}: ${err.status.message ?? ''}`;
  }
  return err;
}

/** kubectl hides managedFields unless --show-managed-fields. */
export function withoutManagedFields(obj: KubeObject): KubeObject {
  if (!obj.metadata?.managedFields) return obj;
  const { managedFields: _, ...metadata } = obj.metadata;
  return { ...obj, metadata };
}

/** The objects named by req, each with its apiVersion and kind (list items carry neither). */
export async function fetchObjects(session: Session, req: ResourceRequest, scope: ReadScope): Promise<{ items: KubeObject[]; resourceVersion?: string }> {
  const res = await session.transport.request('GET', requestPath(req, scope));
  if (res.status < 200 || res.status > 299) throw listError(req, scope, res.status, res.body);
  const body = JSON.parse(res.body) as KubeObject & { items?: KubeObject[]; metadata?: { resourceVersion?: string } };
  const typed = (o: KubeObject): KubeObject => ({ apiVersion: apiVersionOfResource(req.rt), kind: req.rt.kind, ...o });
  if (req.name !== undefined) return { items: [typed(body)] };
  return { items: (body.items ?? []).map(typed), ...(body.metadata?.resourceVersion ? { resourceVersion: body.metadata.resourceVersion } : {}) };
}
