/**
 * Status (what every error response is) and DeleteOptions, the bodies of operations that do
 * not return an object.
 */
import { obj, str, int32, int64, bool, ref, arr, type Definitions } from '../dsl.js';
import { meta } from './names.js';

export const statusDefinitions: Definitions = {
  [meta('Status')]: obj('Result of an operation that returns no object, most often an error.', {
    apiVersion: str(
      'Versioned schema of this object, such as "v1" or "apps/v1". The server converts the schemas it knows and rejects others.',
    ),
    kind: str(
      'Kind of object, in CamelCase, such as "Pod". The server can infer it from the request path. Cannot be updated.',
    ),
    metadata: ref(meta('ListMeta'), 'Standard list metadata.'),
    status: str('"Success" or "Failure".'),
    message: str('Human-readable description of what happened.'),
    reason: str(
      'Machine-readable CamelCase reason such as NotFound, AlreadyExists, Conflict or Invalid; empty when none applies.',
    ),
    details: ref(meta('StatusDetails'), 'More data about the reason, depending on it.'),
    code: int32('HTTP status code of the response.'),
  }),
  [meta('StatusDetails')]: obj('Extra data about a Status, such as the object an error is about and the invalid fields.', {
    name: str('Name of the object the status is about.'),
    group: str('API group of the object.'),
    kind: str('Kind of the object.'),
    uid: str('UID of the object, when known.'),
    causes: arr(
      ref(meta('StatusCause')),
      'Individual problems behind the status, such as each invalid field.',
      { list: 'atomic' },
    ),
    retryAfterSeconds: int32('Seconds a client should wait before retrying.'),
  }),
  [meta('StatusCause')]: obj('One problem behind a Status.', {
    reason: str('Machine-readable cause, such as FieldValueInvalid.'),
    message: str('Human-readable description of the cause.'),
    field: str('Path of the field at fault, such as "spec.containers[0].name".'),
  }),
  [meta('DeleteOptions')]: obj('Options for a delete request.', {
    apiVersion: str(
      'Versioned schema of this object, such as "v1" or "apps/v1". The server converts the schemas it knows and rejects others.',
    ),
    kind: str(
      'Kind of object, in CamelCase, such as "Pod". The server can infer it from the request path. Cannot be updated.',
    ),
    gracePeriodSeconds: int64(
      'Seconds before the object is deleted; 0 means immediately, unset uses the kind\'s default.',
    ),
    preconditions: ref(meta('Preconditions'), 'Conditions the object must satisfy for the delete to happen.'),
    orphanDependents: bool('Deprecated: use propagationPolicy. True orphans dependents instead of deleting them.'),
    propagationPolicy: str('Whether and how dependents are garbage collected: Orphan, Background or Foreground.'),
    dryRun: arr(str(), 'When "All", the request is processed but nothing is persisted.', { list: 'atomic' }),
    ignoreStoreReadErrorWithClusterBreakingPotential: bool(
      'Deletes an object that cannot be read from storage (corrupt or undecryptable), bypassing finalizers and checks. Dangerous; requires extra authorization.',
    ),
  }),
  [meta('Preconditions')]: obj('Conditions an object must meet for an operation to proceed.', {
    uid: str('The UID the object must have.'),
    resourceVersion: str('The resourceVersion the object must have.'),
  }),
};
