/**
 * The query and path parameters of kube-apiserver's REST operations, as its OpenAPI
 * documents list them per verb. `fieldValidation` on writes matters beyond documentation:
 * kubectl only leaves field validation to the server when the kind's PATCH lists it.
 */

export interface Parameter {
  name: string;
  in: 'path' | 'query';
  type: 'string' | 'integer' | 'boolean';
  description: string;
  required?: boolean;
}

const query = (name: string, type: Parameter['type'], description: string): Parameter => ({
  name,
  in: 'query',
  type,
  description,
});

const path = (name: string, description: string): Parameter => ({ name, in: 'path', type: 'string', required: true, description });

export const PRETTY = query('pretty', 'string', "Pretty-print the response when 'true'.");
export const NAMESPACE = path('namespace', 'Namespace of the objects.');
export const NAME = path('name', 'Name of the object.');

const dryRun = query('dryRun', 'string', "With 'All', the request is fully processed but nothing is persisted.");
const fieldManager = query(
  'fieldManager',
  'string',
  'Name of the actor making the change, recorded in managedFields; at most 128 printable characters. Required for apply patches.',
);
const fieldValidation = query(
  'fieldValidation',
  'string',
  'What happens to unknown or duplicate fields in the body: Ignore drops them silently, Warn drops them and returns ' +
    'a warning for each (the default), Strict fails the request with all of them listed.',
);
const force = query('force', 'boolean', 'Apply patches only: take over fields owned by other managers instead of failing with a conflict.');

/** List and watch: selectors, paging and watch options. */
export const LIST_PARAMS: readonly Parameter[] = [
  query('allowWatchBookmarks', 'boolean', 'Ask for BOOKMARK events in a watch.'),
  query('continue', 'string', 'Token from a previous page to fetch the next page of a list.'),
  query('fieldSelector', 'string', 'Select objects by fields, such as metadata.name=web. Defaults to everything.'),
  query('labelSelector', 'string', 'Select objects by labels, such as app=web. Defaults to everything.'),
  query('limit', 'integer', 'Most items to return; the list metadata carries a continue token when more remain.'),
  query('resourceVersion', 'string', 'The resource version the list or watch must be at least as new as, or start from.'),
  query('resourceVersionMatch', 'string', 'How resourceVersion applies to a list: NotOlderThan or Exact.'),
  query('sendInitialEvents', 'boolean', 'Start a watch with synthetic ADDED events for the current objects, then a bookmark.'),
  query('timeoutSeconds', 'integer', 'Time limit of the list or watch call.'),
  query('watch', 'boolean', 'Stream add, update and delete events instead of returning a list.'),
];

/** Create and replace. */
export const WRITE_PARAMS: readonly Parameter[] = [dryRun, fieldManager, fieldValidation];

export const PATCH_PARAMS: readonly Parameter[] = [dryRun, fieldManager, fieldValidation, force];

export const DELETE_PARAMS: readonly Parameter[] = [
  dryRun,
  query('gracePeriodSeconds', 'integer', 'Seconds before the object is deleted; 0 deletes immediately. Unset uses the kind default.'),
  query('ignoreStoreReadErrorWithClusterBreakingPotential', 'boolean', 'Delete an object that cannot be read from storage. Dangerous.'),
  query('orphanDependents', 'boolean', 'Deprecated: use propagationPolicy. True orphans the dependents.'),
  query('propagationPolicy', 'string', 'How dependents are garbage collected: Orphan, Background or Foreground.'),
];

export const LOG_PARAMS: readonly Parameter[] = [
  query('container', 'string', 'Container to read logs of; may be omitted when the pod has one container.'),
  query('follow', 'boolean', 'Keep streaming new log lines.'),
  query('limitBytes', 'integer', 'Stop after this many bytes.'),
  query('previous', 'boolean', 'Logs of the previous, terminated instance of the container.'),
  query('sinceSeconds', 'integer', 'Only lines newer than this many seconds.'),
  query('tailLines', 'integer', 'Only this many lines from the end.'),
  query('timestamps', 'boolean', 'Prefix each line with its RFC 3339 timestamp.'),
];

export const EXEC_PARAMS: readonly Parameter[] = [
  query('command', 'string', 'Command to run; repeat the parameter for each argument.'),
  query('container', 'string', 'Container to run the command in.'),
  query('stdin', 'boolean', 'Redirect standard input.'),
  query('stdout', 'boolean', 'Redirect standard output.'),
  query('stderr', 'boolean', 'Redirect standard error.'),
  query('tty', 'boolean', 'Allocate a terminal.'),
];
