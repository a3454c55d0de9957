/**
 * StatefulSet (apps/v1).
 */
import { obj, req, str, int32, int64, ref, arr, time, intOrString, type Definitions } from '../dsl.js';
import { core, apps, meta } from './names.js';

export const statefulsetDefinitions: Definitions = {
  [apps('StatefulSet')]: obj('Pods with stable identities (ordinal names and their own storage), created and updated in order.', {
    apiVersion: str(
      'Versioned schema of this object, such as "v1" or "apps/v1". The server converts the schemas it knows and rejects others.',
    ),
    kind: str(
      'Kind of object, in CamelCase, such as "Pod". The server can infer it from the request path. Cannot be updated.',
    ),
    metadata: ref(meta('ObjectMeta'), 'Standard object metadata.'),
    spec: ref(apps('StatefulSetSpec'), 'Desired behaviour of the stateful set.'),
    status: ref(apps('StatefulSetStatus'), 'Most recently observed state of the stateful set. Read-only.'),
  }),
  [apps('StatefulSetSpec')]: obj('The desired state of a stateful set.', {
    replicas: int32('Number of desired pods. Defaults to 1.'),
    selector: req(
      ref(
        meta('LabelSelector'),
        'Labels of the pods the stateful set manages; must match the template\'s labels. Immutable.',
      ),
    ),
    template: req(ref(core('PodTemplateSpec'), 'The pods to create; each gets a name "<set name>-<ordinal>".')),
    volumeClaimTemplates: arr(
      ref(core('PersistentVolumeClaim')),
      'Claims each pod gets, named "<template name>-<pod name>", mounted where the template\'s volumeMounts name them.',
      { list: 'atomic' },
    ),
    serviceName: req(str('Headless service giving the pods their network identity "<pod>.<service>.<namespace>.svc".')),
    podManagementPolicy: str(
      'OrderedReady (the default, one pod at a time in order) or Parallel.',
      { enum: ['OrderedReady', 'Parallel'] },
    ),
    updateStrategy: ref(apps('StatefulSetUpdateStrategy'), 'How pods are replaced when the template changes.'),
    revisionHistoryLimit: int32('Old revisions to keep. Defaults to 10.'),
    minReadySeconds: int32('Seconds a new pod must be ready to count as available. Defaults to 0.'),
    persistentVolumeClaimRetentionPolicy: ref(
      apps('StatefulSetPersistentVolumeClaimRetentionPolicy'),
      'Whether claims from volumeClaimTemplates are kept or deleted when the set is deleted or scaled down.',
    ),
    ordinals: ref(apps('StatefulSetOrdinals'), 'Numbering of the pods.'),
  }),
  [apps('StatefulSetUpdateStrategy')]: obj('How a stateful set replaces its pods.', {
    type: str('RollingUpdate (the default) or OnDelete.', { enum: ['OnDelete', 'RollingUpdate'] }),
    rollingUpdate: ref(apps('RollingUpdateStatefulSetStrategy'), 'Parameters of a rolling update.'),
  }),
  [apps('RollingUpdateStatefulSetStrategy')]: obj('Parameters of a stateful set\'s rolling update.', {
    partition: int32('Only pods with an ordinal at or above this are updated. Defaults to 0.'),
    maxUnavailable: intOrString(
      'Most pods that may be unavailable during the update, as a number or a percentage (alpha). Defaults to 1.',
    ),
  }),
  [apps('StatefulSetPersistentVolumeClaimRetentionPolicy')]: obj('What happens to a stateful set\'s claims.', {
    whenDeleted: str('Retain (default) or Delete the claims when the set is deleted.'),
    whenScaled: str('Retain (default) or Delete the claims of pods removed by scaling down.'),
  }),
  [apps('StatefulSetOrdinals')]: obj('Numbering of a stateful set\'s pods.', {
    start: int32('First ordinal; pods are numbered from start to start + replicas - 1. Defaults to 0.'),
  }),
  [apps('StatefulSetStatus')]: obj('The observed state of a stateful set.', {
    observedGeneration: int64('Generation last acted on by the controller.'),
    replicas: req(int32('Pods created by the controller.')),
    readyReplicas: int32('Pods with a Ready condition.'),
    currentReplicas: int32('Pods created from the currentRevision.'),
    updatedReplicas: int32('Pods created from the updateRevision.'),
    currentRevision: str('Revision used for pods with ordinals below the update progress.'),
    updateRevision: str('Revision the set is updating to.'),
    collisionCount: int32('Count of hash collisions; used to make revision names unique.'),
    conditions: arr(
      ref(apps('StatefulSetCondition')),
      'Current conditions of the stateful set.',
      { patch: 'merge', mergeKey: 'type', list: 'map', keys: ['type'] },
    ),
    availableReplicas: int32('Pods that have been ready for at least minReadySeconds.'),
  }),
  [apps('StatefulSetCondition')]: obj('One aspect of a stateful set\'s state.', {
    type: req(str('Condition type.')),
    status: req(str('True, False or Unknown.')),
    lastTransitionTime: time('When the status last changed.'),
    reason: str('CamelCase reason for the last transition.'),
    message: str('Human-readable detail about the last transition.'),
  }),
};
