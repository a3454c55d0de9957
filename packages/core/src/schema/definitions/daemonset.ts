/**
 * DaemonSet and ControllerRevision (apps/v1).
 */
import { obj, req, str, int32, int64, ref, arr, time, intOrString, rawExtension, type Definitions } from '../dsl.js';
import { core, apps, meta } from './names.js';

export const daemonsetDefinitions: Definitions = {
  [apps('DaemonSet')]: obj('Runs a copy of a pod on every eligible node.', {
    apiVersion: str(
      'Versioned schema of this object, such as "v1" or "apps/v1". The server converts the schemas it knows and rejects others.',
    ),
    kind: str(
      'Kind of object, in CamelCase, such as "Pod". The server can infer it from the request path. Cannot be updated.',
    ),
    metadata: ref(meta('ObjectMeta'), 'Standard object metadata.'),
    spec: ref(apps('DaemonSetSpec'), 'Desired behaviour of the daemon set.'),
    status: ref(apps('DaemonSetStatus'), 'Most recently observed state of the daemon set. Read-only.'),
  }),
  [apps('DaemonSetSpec')]: obj('The desired state of a daemon set.', {
    selector: req(
      ref(
        meta('LabelSelector'),
        'Labels of the pods the daemon set manages; must match the template\'s labels. Immutable.',
      ),
    ),
    template: req(ref(core('PodTemplateSpec'), 'The pod run on each node; its restartPolicy must be Always.')),
    updateStrategy: ref(apps('DaemonSetUpdateStrategy'), 'How pods are replaced when the template changes.'),
    minReadySeconds: int32('Seconds a new pod must be ready to count as available. Defaults to 0.'),
    revisionHistoryLimit: int32('Old revisions to keep for rollback. Defaults to 10.'),
  }),
  [apps('DaemonSetUpdateStrategy')]: obj('How a daemon set replaces its pods.', {
    type: str(
      'RollingUpdate (the default) or OnDelete (replace a pod only when it is deleted).',
      { enum: ['OnDelete', 'RollingUpdate'] },
    ),
    rollingUpdate: ref(apps('RollingUpdateDaemonSet'), 'Parameters of a rolling update.'),
  }),
  [apps('RollingUpdateDaemonSet')]: obj('Pace of a daemon set\'s rolling update.', {
    maxUnavailable: intOrString(
      'Most nodes whose pod may be unavailable during the update, as a number or a percentage. Defaults to 1.',
    ),
    maxSurge: intOrString(
      'Most nodes that may run an extra, updated pod before the old one is removed, as a number or a percentage. Defaults to 0.',
    ),
  }),
  [apps('DaemonSetStatus')]: obj('The observed state of a daemon set.', {
    currentNumberScheduled: req(int32('Nodes running at least one daemon pod that should run one.')),
    numberMisscheduled: req(int32('Nodes running a daemon pod that should not.')),
    desiredNumberScheduled: req(int32('Nodes that should run the daemon pod.')),
    numberReady: req(int32('Nodes whose daemon pod is ready.')),
    observedGeneration: int64('Generation last acted on by the controller.'),
    updatedNumberScheduled: int32('Nodes running the updated daemon pod.'),
    numberAvailable: int32('Nodes whose daemon pod has been available for minReadySeconds.'),
    numberUnavailable: int32('Nodes that should run the daemon pod but have none available.'),
    collisionCount: int32('Count of hash collisions; used to make revision names unique.'),
    conditions: arr(
      ref(apps('DaemonSetCondition')),
      'Current conditions of the daemon set.',
      { patch: 'merge', mergeKey: 'type', list: 'map', keys: ['type'] },
    ),
  }),
  [apps('DaemonSetCondition')]: obj('One aspect of a daemon set\'s state.', {
    type: req(str('Condition type.')),
    status: req(str('True, False or Unknown.')),
    lastTransitionTime: time('When the status last changed.'),
    reason: str('CamelCase reason for the last transition.'),
    message: str('Human-readable detail about the last transition.'),
  }),
  [apps('ControllerRevision')]: obj('An immutable snapshot of state, used by DaemonSet and StatefulSet controllers for updates and rollbacks.', {
    apiVersion: str(
      'Versioned schema of this object, such as "v1" or "apps/v1". The server converts the schemas it knows and rejects others.',
    ),
    kind: str(
      'Kind of object, in CamelCase, such as "Pod". The server can infer it from the request path. Cannot be updated.',
    ),
    metadata: ref(meta('ObjectMeta'), 'Standard object metadata.'),
    data: rawExtension('The serialized state.'),
    revision: req(int64('Revision number of the state.')),
  }),
};
