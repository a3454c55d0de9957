/**
 * Deployment and ReplicaSet (apps/v1).
 */
import { obj, req, str, int32, int64, bool, ref, arr, time, intOrString, type Definitions } from '../dsl.js';
import { core, apps, meta } from './names.js';

export const deploymentDefinitions: Definitions = {
  [apps('Deployment')]: obj('Declarative updates for pods and ReplicaSets: it rolls out a new ReplicaSet when the pod template changes and scales the old ones down.', {
    apiVersion: str(
      'Versioned schema of this object, such as "v1" or "apps/v1". The server converts the schemas it knows and rejects others.',
    ),
    kind: str(
      'Kind of object, in CamelCase, such as "Pod". The server can infer it from the request path. Cannot be updated.',
    ),
    metadata: ref(meta('ObjectMeta'), 'Standard object metadata.'),
    spec: ref(apps('DeploymentSpec'), 'Desired behaviour of the deployment.'),
    status: ref(apps('DeploymentStatus'), 'Most recently observed state of the deployment. Read-only.'),
  }),
  [apps('DeploymentSpec')]: obj('The desired state of a deployment.', {
    replicas: int32('Number of desired pods. Defaults to 1.'),
    selector: req(
      ref(
        meta('LabelSelector'),
        'Labels of the pods the deployment manages; must match the template\'s labels. Immutable.',
      ),
    ),
    template: req(ref(core('PodTemplateSpec'), 'The pods to create.')),
    strategy: ref(apps('DeploymentStrategy'), 'How old pods are replaced by new ones.', { patch: 'retainKeys' }),
    minReadySeconds: int32(
      'Seconds a new pod must be ready, without any container crashing, to count as available. Defaults to 0.',
    ),
    revisionHistoryLimit: int32('Old ReplicaSets to keep for rollback. Defaults to 10.'),
    paused: bool('Pause the rollout: template changes are not rolled out until resumed.'),
    progressDeadlineSeconds: int32(
      'Seconds without progress after which the deployment is reported as failed (condition Progressing with reason ProgressDeadlineExceeded). Defaults to 600.',
    ),
  }),
  [apps('DeploymentStrategy')]: obj('How a deployment replaces its pods.', {
    type: str(
      'Recreate (delete all old pods first) or RollingUpdate (the default).',
      { enum: ['Recreate', 'RollingUpdate'] },
    ),
    rollingUpdate: ref(apps('RollingUpdateDeployment'), 'Parameters of a rolling update.'),
  }),
  [apps('RollingUpdateDeployment')]: obj('Pace of a rolling update.', {
    maxUnavailable: intOrString(
      'Most pods that may be unavailable during the update, as a number or a percentage of desired pods (rounded down). Defaults to 25%. Cannot be 0 when maxSurge is 0.',
    ),
    maxSurge: intOrString(
      'Most pods that may exist above the desired count during the update, as a number or a percentage (rounded up). Defaults to 25%. Cannot be 0 when maxUnavailable is 0.',
    ),
  }),
  [apps('DeploymentStatus')]: obj('The observed state of a deployment.', {
    observedGeneration: int64('Generation last acted on by the controller.'),
    replicas: int32('Pods managed by the deployment that are not terminating.'),
    updatedReplicas: int32('Pods that match the current template.'),
    readyReplicas: int32('Pods with a Ready condition.'),
    availableReplicas: int32('Pods that have been ready for at least minReadySeconds.'),
    unavailableReplicas: int32('Pods still needed for the deployment to reach full availability.'),
    conditions: arr(
      ref(apps('DeploymentCondition')),
      'Current conditions of the deployment: Available, Progressing, ReplicaFailure.',
      { patch: 'merge', mergeKey: 'type', list: 'map', keys: ['type'] },
    ),
    collisionCount: int32('Count of hash collisions of the template; used to make new ReplicaSet names unique.'),
  }),
  [apps('DeploymentCondition')]: obj('One aspect of a deployment\'s state.', {
    type: req(str('Available, Progressing or ReplicaFailure.')),
    status: req(str('True, False or Unknown.')),
    lastUpdateTime: time('When the condition was last updated.'),
    lastTransitionTime: time('When the status last changed.'),
    reason: str('CamelCase reason for the last transition.'),
    message: str('Human-readable detail about the last transition.'),
  }),
  [apps('ReplicaSet')]: obj('Keeps a given number of pod replicas running.', {
    apiVersion: str(
      'Versioned schema of this object, such as "v1" or "apps/v1". The server converts the schemas it knows and rejects others.',
    ),
    kind: str(
      'Kind of object, in CamelCase, such as "Pod". The server can infer it from the request path. Cannot be updated.',
    ),
    metadata: ref(meta('ObjectMeta'), 'Standard object metadata.'),
    spec: ref(apps('ReplicaSetSpec'), 'Desired behaviour of the ReplicaSet.'),
    status: ref(apps('ReplicaSetStatus'), 'Most recently observed state of the ReplicaSet. Read-only.'),
  }),
  [apps('ReplicaSetSpec')]: obj('The desired state of a ReplicaSet.', {
    replicas: int32('Number of desired pods. Defaults to 1.'),
    minReadySeconds: int32('Seconds a new pod must be ready to count as available. Defaults to 0.'),
    selector: req(
      ref(meta('LabelSelector'), 'Labels of the pods the ReplicaSet counts; must match the template\'s labels.'),
    ),
    template: ref(core('PodTemplateSpec'), 'The pods to create when there are too few.'),
  }),
  [apps('ReplicaSetStatus')]: obj('The observed state of a ReplicaSet.', {
    replicas: req(int32('Most recently observed number of pods.')),
    fullyLabeledReplicas: int32('Pods whose labels match the template\'s.'),
    readyReplicas: int32('Pods with a Ready condition.'),
    availableReplicas: int32('Pods that have been ready for at least minReadySeconds.'),
    observedGeneration: int64('Generation last acted on by the controller.'),
    conditions: arr(
      ref(apps('ReplicaSetCondition')),
      'Current conditions of the ReplicaSet.',
      { patch: 'merge', mergeKey: 'type', list: 'map', keys: ['type'] },
    ),
  }),
  [apps('ReplicaSetCondition')]: obj('One aspect of a ReplicaSet\'s state.', {
    type: req(str('Condition type, such as ReplicaFailure.')),
    status: req(str('True, False or Unknown.')),
    lastTransitionTime: time('When the status last changed.'),
    reason: str('CamelCase reason for the last transition.'),
    message: str('Human-readable detail about the last transition.'),
  }),
};
