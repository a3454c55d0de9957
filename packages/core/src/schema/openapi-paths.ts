/**
 * The REST operations kube-apiserver describes in its OpenAPI documents, derived from the
 * registry: for every resource its collection and item paths (and the all-namespaces list
 * of namespaced ones), each verb it serves, and its subresources. Each operation carries
 * x-kubernetes-action and x-kubernetes-group-version-kind. Clients read these: kubectl
 * explain finds a resource's kind through them, and kubectl decides whether the server
 * validates fields itself by looking for the `fieldValidation` parameter on the kind's PATCH
 * operation (cli-runtime's QueryParamVerifierV3) — so every PATCH operation lists it.
 * Watch paths (/watch/...), deprecated upstream, are left out.
 */
import { RESOURCES, type ResourceType } from '../api/registry.js';
import type { GroupVersionKind } from './definitions/index.js';
import { authentication, autoscaling, core, definitionName, meta, policy } from './definitions/names.js';
import { PATCH } from './dsl.js';
import {
  DELETE_PARAMS,
  EXEC_PARAMS,
  LIST_PARAMS,
  LOG_PARAMS,
  NAME,
  NAMESPACE,
  PATCH_PARAMS,
  PRETTY,
  WRITE_PARAMS,
  type Parameter,
} from './openapi-parameters.js';

export type { Parameter } from './openapi-parameters.js';
export type HttpMethod = 'get' | 'put' | 'post' | 'delete' | 'patch';
export type Action = 'list' | 'get' | 'post' | 'put' | 'patch' | 'delete' | 'deletecollection' | 'connect';

export interface Response {
  code: number;
  description: string;
  /** Definition name of the body, or 'string' for plain text (logs, exec streams). */
  schema?: string;
}

export interface Operation {
  method: HttpMethod;
  action: Action;
  operationId: string;
  description: string;
  gvk: GroupVersionKind;
  /** Query parameters of this operation. */
  parameters: readonly Parameter[];
  /** Definition name of the request body; PATCH bodies use meta.v1.Patch. */
  body?: string;
  /** Content types of the request body. */
  consumes: string[];
  responses: Response[];
}

export interface PathItem {
  path: string;
  /** Path parameters plus `pretty`, shared by all operations of the path. */
  parameters: Parameter[];
  operations: Operation[];
}

export interface GroupVersionPaths {
  group: string;
  version: string;
  /** "api/v1", "apis/apps/v1": the key of the /openapi/v3 root document. */
  gvPath: string;
  /** Operation tag, such as "core_v1", "rbacAuthorization_v1". */
  tag: string;
  paths: PathItem[];
}

const JSON_BODY = ['*/*'];
const PATCH_BODY = [
  'application/apply-patch+yaml',
  'application/json-patch+json',
  'application/merge-patch+json',
  'application/strategic-merge-patch+json',
];

const UNAUTHORIZED: Response = { code: 401, description: 'Unauthorized' };
const TEXT: Response = { code: 200, description: 'OK', schema: 'string' };
const ok = (schema: string): Response => ({ code: 200, description: 'OK', schema });
const created = (schema: string): Response => ({ code: 201, description: 'Created', schema });
const accepted = (schema: string): Response => ({ code: 202, description: 'Accepted', schema });

/** What an operation acts on: the kind its body and responses carry, and how to say it. */
interface Target {
  gvk: GroupVersionKind;
  def: string;
  /** "a Pod", "the status of a Pod". */
  what: string;
}

type Verb = (t: Target, operationId: string) => Operation;

const VERBS = {
  list: (t, operationId) => ({
    method: 'get',
    action: 'list',
    operationId,
    description: `list or watch ${t.what}`,
    gvk: t.gvk,
    parameters: LIST_PARAMS,
    consumes: [],
    responses: [ok(`${t.def}List`), UNAUTHORIZED],
  }),
  create: (t, operationId) => ({
    method: 'post',
    action: 'post',
    operationId,
    description: `create ${t.what}`,
    gvk: t.gvk,
    parameters: WRITE_PARAMS,
    body: t.def,
    consumes: JSON_BODY,
    responses: [ok(t.def), created(t.def), accepted(t.def), UNAUTHORIZED],
  }),
  deletecollection: (t, operationId) => ({
    method: 'delete',
    action: 'deletecollection',
    operationId,
    description: `delete a collection of ${t.what}`,
    gvk: t.gvk,
    parameters: [...DELETE_PARAMS, ...LIST_PARAMS],
    body: meta('DeleteOptions'),
    consumes: JSON_BODY,
    responses: [ok(meta('Status')), UNAUTHORIZED],
  }),
  read: (t, operationId) => ({
    method: 'get',
    action: 'get',
    operationId,
    description: `read ${t.what}`,
    gvk: t.gvk,
    parameters: [],
    consumes: [],
    responses: [ok(t.def), UNAUTHORIZED],
  }),
  replace: (t, operationId) => ({
    method: 'put',
    action: 'put',
    operationId,
    description: `replace ${t.what}`,
    gvk: t.gvk,
    parameters: WRITE_PARAMS,
    body: t.def,
    consumes: JSON_BODY,
    responses: [ok(t.def), created(t.def), UNAUTHORIZED],
  }),
  delete: (t, operationId) => ({
    method: 'delete',
    action: 'delete',
    operationId,
    description: `delete ${t.what}`,
    gvk: t.gvk,
    parameters: DELETE_PARAMS,
    body: meta('DeleteOptions'),
    consumes: JSON_BODY,
    responses: [ok(t.def), accepted(t.def), UNAUTHORIZED],
  }),
  patch: (t, operationId) => ({
    method: 'patch',
    action: 'patch',
    operationId,
    description: `partially update ${t.what}`,
    gvk: t.gvk,
    parameters: PATCH_PARAMS,
    body: PATCH,
    consumes: PATCH_BODY,
    responses: [ok(t.def), created(t.def), UNAUTHORIZED],
  }),
} satisfies Record<string, Verb>;

/** "apps" → "Apps", "rbac.authorization.k8s.io" → "RbacAuthorization", "" → "Core". */
function groupWord(group: string): string {
  if (group === '') return 'Core';
  return group
    .replace(/\.k8s\.io$/, '')
    .split('.')
    .map(capitalize)
    .join('');
}

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

function tagOf(group: string, version: string): string {
  const word = groupWord(group);
  return `${word.charAt(0).toLowerCase()}${word.slice(1)}_${version}`;
}

function resourcePaths(rt: ResourceType): PathItem[] {
  const prefix = rt.group === '' ? `/api/${rt.version}` : `/apis/${rt.group}/${rt.version}`;
  const target: Target = {
    gvk: { group: rt.group, version: rt.version, kind: rt.kind },
    def: definitionName(rt.group, rt.version, rt.kind),
    what: `a ${rt.kind}`,
  };
  const gv = `${groupWord(rt.group)}${capitalize(rt.version)}`;
  // Upstream's operation IDs: listCoreV1NamespacedPod, readAppsV1NamespacedDeploymentStatus.
  const id = (verb: string, suffix = ''): string => `${verb}${gv}${rt.namespaced ? 'Namespaced' : ''}${rt.kind}${suffix}`;
  const has = (verb: string): boolean => rt.verbs.includes(verb);
  const scope = rt.namespaced ? `${prefix}/namespaces/{namespace}/${rt.plural}` : `${prefix}/${rt.plural}`;
  const scopeParams = rt.namespaced ? [NAMESPACE] : [];
  const itemParams = [NAME, ...scopeParams, PRETTY];
  const items: PathItem[] = [];
  const many: Target = { ...target, what: `${rt.kind} objects` };

  const collection: Operation[] = [];
  if (has('list')) collection.push(VERBS.list(many, id('list')));
  if (has('create')) collection.push(VERBS.create(target, id('create')));
  if (has('deletecollection')) collection.push(VERBS.deletecollection(many, id('deleteCollection')));
  if (collection.length > 0) items.push({ path: scope, parameters: [...scopeParams, PRETTY], operations: collection });

  const item: Operation[] = [];
  if (has('get')) item.push(VERBS.read(target, id('read')));
  if (has('update')) item.push(VERBS.replace(target, id('replace')));
  if (has('delete')) item.push(VERBS.delete(target, id('delete')));
  if (has('patch')) item.push(VERBS.patch(target, id('patch')));
  if (item.length > 0) items.push({ path: `${scope}/{name}`, parameters: itemParams, operations: item });

  if (rt.namespaced && has('list')) {
    const everywhere = { ...target, what: `${rt.kind} objects in all namespaces` };
    const list = VERBS.list(everywhere, `list${gv}${rt.kind}ForAllNamespaces`);
    items.push({ path: `${prefix}/${rt.plural}`, parameters: [PRETTY], operations: [list] });
  }

  for (const sub of rt.subresources) {
    const operations = subresourceOperations(target, sub, (verb) => id(verb, capitalize(sub)));
    if (operations.length > 0) items.push({ path: `${scope}/{name}/${sub}`, parameters: itemParams, operations });
  }
  return items;
}

/** Operations of a subresource; `target` is the resource's own kind. */
function subresourceOperations(target: Target, sub: string, id: (verb: string) => string): Operation[] {
  const kind = target.gvk.kind;
  const readReplacePatch = (t: Target): Operation[] => [
    VERBS.read(t, id('read')),
    VERBS.replace(t, id('replace')),
    VERBS.patch(t, id('patch')),
  ];
  const other = (group: string, otherKind: string, def: string, what: string): Target => ({
    gvk: { group, version: 'v1', kind: otherKind },
    def,
    what,
  });
  switch (sub) {
    case 'status':
      return readReplacePatch({ ...target, what: `the status of a ${kind}` });
    case 'scale':
      return readReplacePatch(other('autoscaling', 'Scale', autoscaling('Scale'), `the scale of a ${kind}`));
    case 'binding':
      return [VERBS.create(other('', 'Binding', core('Binding'), `a Binding of a ${kind}`), id('create'))];
    case 'eviction':
      return [VERBS.create(other('policy', 'Eviction', policy('Eviction'), `an Eviction of a ${kind}`), id('create'))];
    case 'token':
      return [
        VERBS.create(other('authentication.k8s.io', 'TokenRequest', authentication('TokenRequest'), `a token of a ${kind}`), id('create')),
      ];
    case 'finalize':
      return [VERBS.replace({ ...target, what: `the finalizers of a ${kind}` }, id('replace'))];
    case 'log': {
      const read = VERBS.read({ ...target, what: `the log of a ${kind}` }, id('read'));
      return [{ ...read, parameters: LOG_PARAMS, responses: [TEXT, UNAUTHORIZED] }];
    }
    case 'exec':
      return (['get', 'post'] as const).map((method) => ({
        method,
        action: 'connect',
        operationId: id(`connect${capitalize(method)}`),
        description: `connect ${method.toUpperCase()} requests to exec of a ${kind}`,
        gvk: { group: '', version: 'v1', kind: `${kind}ExecOptions` },
        parameters: EXEC_PARAMS,
        consumes: [],
        responses: [TEXT, UNAUTHORIZED],
      }));
    default:
      return [];
  }
}

/** Paths of every served group version, in discovery order. */
export function groupVersionPaths(): GroupVersionPaths[] {
  const byGv = new Map<string, GroupVersionPaths>();
  for (const rt of RESOURCES) {
    const gvPath = rt.group === '' ? `api/${rt.version}` : `apis/${rt.group}/${rt.version}`;
    let gv = byGv.get(gvPath);
    if (!gv) {
      gv = { group: rt.group, version: rt.version, gvPath, tag: tagOf(rt.group, rt.version), paths: [] };
      byGv.set(gvPath, gv);
    }
    gv.paths.push(...resourcePaths(rt));
  }
  return [...byGv.values()];
}

/** Every definition an operation's request or response names. */
export function operationDefinitions(gv: GroupVersionPaths): string[] {
  const names = new Set<string>();
  for (const item of gv.paths) {
    for (const o of item.operations) {
      if (o.body) names.add(o.body);
      for (const r of o.responses) if (r.schema && r.schema !== 'string') names.add(r.schema);
    }
  }
  return [...names];
}
