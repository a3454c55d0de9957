/**
 * The Namespace kind.
 */
import { obj, req, str, ref, arr, time, type Definitions } from '../dsl.js';
import { core, meta } from './names.js';

export const namespaceDefinitions: Definitions = {
  [core('Namespace')]: obj('A scope for names; most objects live in a namespace.', {
    apiVersion: str(
      'Versioned schema of this object, such as "v1" or "apps/v1". The server converts the schemas it knows and rejects others.',
    ),
    kind: str(
      'Kind of object, in CamelCase, such as "Pod". The server can infer it from the request path. Cannot be updated.',
    ),
    metadata: ref(meta('ObjectMeta'), 'Standard object metadata.'),
    spec: ref(core('NamespaceSpec'), 'Behaviour of the namespace.'),
    status: ref(core('NamespaceStatus'), 'Current state of the namespace. Read-only.'),
  }),
  [core('NamespaceSpec')]: obj('Behaviour of a namespace.', {
    finalizers: arr(
      str(),
      'Finalizers that must be cleared before the namespace is removed; "kubernetes" waits for its contents to be deleted.',
      { list: 'atomic' },
    ),
  }),
  [core('NamespaceStatus')]: obj('Current state of a namespace.', {
    phase: str('Active, or Terminating while its contents are deleted.', { enum: ['Active', 'Terminating'] }),
    conditions: arr(
      ref(core('NamespaceCondition')),
      'Current conditions of the namespace.',
      { patch: 'merge', mergeKey: 'type', list: 'map', keys: ['type'] },
    ),
  }),
  [core('NamespaceCondition')]: obj('One aspect of a namespace\'s state.', {
    type: req(str('Condition type, such as NamespaceDeletionContentFailure.')),
    status: req(str('True, False or Unknown.')),
    lastTransitionTime: time('When the status last changed.'),
    reason: str('CamelCase reason for the last transition.'),
    message: str('Human-readable detail about the last transition.'),
  }),
};
