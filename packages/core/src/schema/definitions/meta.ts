/**
 * apimachinery's shared shapes (io.k8s.apimachinery.pkg.apis.meta.v1): ObjectMeta and its owner
 * references and managed fields, ListMeta, LabelSelector and the generic Condition.
 * OwnerReference and LabelSelector are atomic structs, as upstream marks them.
 */
import { obj, req, str, int64, bool, ref, arr, map, time, fieldsV1, type Definitions } from '../dsl.js';
import { meta } from './names.js';

export const metaDefinitions: Definitions = {
  [meta('ObjectMeta')]: obj('Metadata every persisted object carries: its name and namespace, labels and annotations, owners, finalizers and the bookkeeping the server maintains.', {
    name: str(
      'Unique name of the object within its namespace (or the cluster, for cluster-scoped kinds). Required when creating unless generateName is set; cannot be updated.',
    ),
    generateName: str(
      'Prefix the server uses to make a unique name when name is empty; a random suffix is appended. The name may still collide, in which case creation fails with 409 AlreadyExists.',
    ),
    namespace: str(
      'Namespace the object lives in; empty means "default" for namespaced kinds. Cluster-scoped objects have no namespace. Cannot be updated.',
    ),
    selfLink: str('Deprecated and never set by the server since 1.20.'),
    uid: str(
      'Identifier the server assigns at creation, unique across time and space, used to tell apart objects that reuse a name. Read-only.',
    ),
    resourceVersion: str(
      'Opaque version of the object, changed on every write. Clients pass it back for optimistic concurrency on updates and to start watches; they must not interpret it. Read-only.',
    ),
    generation: int64('Sequence number of the desired state, bumped by the server when the spec changes. Read-only.'),
    creationTimestamp: time(
      'When the server created the object (RFC 3339, UTC). Read-only; null for objects not yet created.',
    ),
    deletionTimestamp: time(
      'When the object was asked to be deleted. Set by the server on a graceful delete or while finalizers remain; once set it cannot be cleared, and the object goes away when its finalizers are empty. Read-only.',
    ),
    deletionGracePeriodSeconds: int64(
      'Seconds the object is allowed to terminate gracefully before it is removed; set together with deletionTimestamp. Read-only.',
    ),
    labels: map(
      str(),
      'Key/value pairs used to organise and select objects; selectors on services, controllers and queries match against them.',
    ),
    annotations: map(
      str(),
      'Arbitrary key/value data stored with the object for tools and people; not used for selection.',
    ),
    ownerReferences: arr(
      ref(meta('OwnerReference')),
      'Objects this one depends on. When every owner is gone the garbage collector deletes this object; at most one owner may be the managing controller.',
      { patch: 'merge', mergeKey: 'uid', list: 'map', keys: ['uid'] },
    ),
    finalizers: arr(
      str(),
      'Keys that must each be removed before the object is deleted from storage. While any remain, a deleted object stays visible with its deletionTimestamp set.',
      { patch: 'merge', list: 'set' },
    ),
    managedFields: arr(
      ref(meta('ManagedFieldsEntry')),
      'Which field manager owns which fields, kept by server-side apply. Mostly internal; clients other than apply tools rarely need it.',
      { list: 'atomic' },
    ),
  }),
  [meta('OwnerReference')]: obj('Identifies an owning object, which must be in the same namespace as the dependent or cluster-scoped.', {
    apiVersion: req(str('API version of the owner.')),
    kind: req(str('Kind of the owner.')),
    name: req(str('Name of the owner.')),
    uid: req(str('UID of the owner.')),
    controller: bool('True when the owner is the managing controller of this object.'),
    blockOwnerDeletion: bool('When true, a foreground deletion of the owner waits until this dependent is deleted.'),
  }, { mapType: 'atomic' }),
  [meta('ManagedFieldsEntry')]: obj('One field manager\'s claim on a set of fields of an object, as server-side apply tracks it.', {
    manager: str('Name of the workflow that manages the fields.'),
    operation: str('Kind of request that set the fields: Apply or Update.'),
    apiVersion: str('API version the field set is expressed in; the set is only meaningful in that version.'),
    time: time('When the fields were last changed by this manager.'),
    fieldsType: str('Format of the field set; only "FieldsV1" exists.'),
    fieldsV1: fieldsV1('The owned fields, in FieldsV1 form.'),
    subresource: str('Subresource the request went to ("status", "scale"); empty for the main resource.'),
  }),
  [meta('ListMeta')]: obj('Metadata of a list response: its resource version and the token for the next page.', {
    selfLink: str('Deprecated and never set by the server since 1.20.'),
    resourceVersion: str(
      'Version of the collection at the time it was read; pass it to a watch to receive changes after this list.',
    ),
    continue: str(
      'Token for fetching the next page with the same query. Empty when there are no more items; it may expire, after which the list has to start over.',
    ),
    remainingItemCount: int64('Estimate of how many items follow this page, when the server can tell.'),
  }),
  [meta('LabelSelector')]: obj('A label query: every matchLabels pair and every matchExpressions requirement must hold. An empty selector matches everything; a null one matches nothing.', {
    matchLabels: map(
      str(),
      'Labels that must all be present with exactly these values; shorthand for "In" requirements with a single value.',
    ),
    matchExpressions: arr(
      ref(meta('LabelSelectorRequirement')),
      'Requirements on labels, all of which must hold.',
      { list: 'atomic' },
    ),
  }, { mapType: 'atomic' }),
  [meta('LabelSelectorRequirement')]: obj('A selector requirement: a label key, an operator and a set of values.', {
    key: req(str('The label key the requirement applies to.')),
    operator: req(str('How the key relates to the values: In, NotIn, Exists or DoesNotExist.')),
    values: arr(
      str(),
      'Values for In and NotIn (must be non-empty); must be empty for Exists and DoesNotExist.',
      { list: 'atomic' },
    ),
  }),
  [meta('Condition')]: obj('One aspect of an object\'s current state, in the shape shared across the API.', {
    type: req(str('Condition type in CamelCase (or domain/CamelCase).')),
    status: req(str('True, False or Unknown.')),
    observedGeneration: int64('The metadata.generation the condition was computed from.'),
    lastTransitionTime: req(time('When the status last changed.')),
    reason: req(str('Programmatic CamelCase reason for the last transition.')),
    message: req(str('Human-readable detail about the transition.')),
  }),
};
