/**
 * The schemas of every kind kubelab serves, as SchemaNode trees: what strict field
 * validation, strategic merge patch and server-side apply consult, and what the OpenAPI
 * documents are printed from.
 *
 * Coverage: every field upstream (Kubernetes 1.32) has on the served kinds is described,
 * with upstream's x-kubernetes-* extensions, except these subtrees, which are objects that
 * keep any field (preserveUnknownFields) so unknown fields go unreported below them:
 * - the deprecated in-tree volume plugins (awsElasticBlockStore, azureDisk, azureFile,
 *   cephfs, cinder, fc, flexVolume, flocker, gcePersistentDisk, gitRepo, glusterfs, iscsi,
 *   photonPersistentDisk, portworxVolume, quobyte, rbd, scaleIO, storageos, vsphereVolume)
 *   in pod volumes and PersistentVolume specs (definitions/legacy-volume.ts);
 * - Node spec.configSource and status.config (deprecated dynamic kubelet configuration);
 * - projected volume clusterTrustBundle sources (alpha);
 * - embedded objects by design: ControllerRevision data (RawExtension), managedFields fieldsV1.
 */
import { parseApiVersion } from '../api/meta.js';
import { DEFINITIONS, KINDS_BY_DEFINITION } from './definitions/index.js';
import type { SchemaNode } from './node.js';
import { DefinitionResolver } from './resolve.js';

export { DEFINITIONS, KINDS_BY_DEFINITION, type GroupVersionKind } from './definitions/index.js';
export type { Definitions, Schema } from './dsl.js';
export type { SchemaNode, SchemaType } from './node.js';
export { fieldOf, itemsOf } from './node.js';
export { strictDecodingMessage, strictFieldErrors, strictFieldMessage, unknownFields, duplicateFields } from './unknown-fields.js';
export type { StrictFieldError } from './unknown-fields.js';
export { openAPIV3Document, openAPIV3Paths, openAPIV3Root, type OpenAPIDocument } from './openapi-v3.js';
export { openAPIV2, openAPIV2Protobuf, openAPIV2Response } from './openapi-v2.js';

const resolver = new DefinitionResolver(DEFINITIONS);

const definitionByKind = new Map<string, string>();
for (const [name, gvks] of KINDS_BY_DEFINITION) {
  for (const gvk of gvks) definitionByKind.set(`${gvk.group}/${gvk.version}/${gvk.kind}`, name);
}

/**
 * The OpenAPI definition name of a top-level kind ("apps/v1", "Deployment") →
 * "io.k8s.api.apps.v1.Deployment"; undefined for kinds kubelab has no schema of.
 * List kinds ("PodList"), Status, DeleteOptions, Binding, Eviction, Scale and TokenRequest
 * are known too.
 */
export function definitionNameForKind(apiVersion: string, kind: string): string | undefined {
  const { group, version } = parseApiVersion(apiVersion);
  return definitionByKind.get(`${group}/${version}/${kind}`);
}

/**
 * Resolved schemas of the kinds asked for, by apiVersion and kind: every write asks several
 * times. Only kinds that have a schema are kept, so arbitrary names cannot grow it.
 */
const kindSchemas = new Map<string, Map<string, SchemaNode>>();

/** The resolved schema of a top-level kind, or undefined when kubelab has none. */
export function schemaForKind(apiVersion: string, kind: string): SchemaNode | undefined {
  const known = kindSchemas.get(apiVersion)?.get(kind);
  if (known) return known;
  const name = definitionNameForKind(apiVersion, kind);
  const schema = name === undefined ? undefined : resolver.resolve(name);
  if (schema) {
    let byKind = kindSchemas.get(apiVersion);
    if (!byKind) kindSchemas.set(apiVersion, (byKind = new Map()));
    byKind.set(kind, schema);
  }
  return schema;
}

/** The resolved schema of any definition by name ("io.k8s.api.core.v1.Container"). */
export function schemaForDefinition(name: string): SchemaNode | undefined {
  return resolver.resolve(name);
}

export { pruneUnknownFields } from './prune.js';
