/**
 * PodStatus and the container statuses the kubelet reports.
 */
import { obj, req, str, int32, int64, bool, ref, arr, map, time, quantity, type Definitions } from '../dsl.js';
import { core } from './names.js';

export const podStatusDefinitions: Definitions = {
  [core('PodStatus')]: obj('The observed state of a pod. It may lag behind the real state.', {
    phase: str(
      'Coarse summary of where the pod is in its lifecycle: Pending, Running, Succeeded, Failed or Unknown.',
      { enum: ['Failed', 'Pending', 'Running', 'Succeeded', 'Unknown'] },
    ),
    conditions: arr(
      ref(core('PodCondition')),
      'Current service state of the pod (PodScheduled, Initialized, ContainersReady, Ready, ...).',
      { patch: 'merge', mergeKey: 'type', list: 'map', keys: ['type'] },
    ),
    message: str('Human-readable detail on why the pod is in this state.'),
    reason: str('Brief CamelCase reason for the state, such as Evicted.'),
    nominatedNodeName: str(
      'Node on which the pod is expected to run after it preempted other pods there; not a guarantee.',
    ),
    hostIP: str('Primary IP address of the node the pod is assigned to.'),
    hostIPs: arr(
      ref(core('HostIP')),
      'IP addresses of the node, the first one matching hostIP.',
      { patch: 'merge', mergeKey: 'ip', list: 'atomic' },
    ),
    podIP: str('Primary IP address allocated to the pod; routable at least within the cluster.'),
    podIPs: arr(
      ref(core('PodIP')),
      'IP addresses allocated to the pod, at most one per address family; the first matches podIP.',
      { patch: 'merge', mergeKey: 'ip', list: 'map', keys: ['ip'] },
    ),
    startTime: time('When the kubelet acknowledged the pod, before pulling images.'),
    initContainerStatuses: arr(ref(core('ContainerStatus')), 'Status of each init container.', { list: 'atomic' }),
    containerStatuses: arr(ref(core('ContainerStatus')), 'Status of each app container.', { list: 'atomic' }),
    qosClass: str(
      'Quality of service class from the containers\' requests and limits: Guaranteed, Burstable or BestEffort.',
      { enum: ['BestEffort', 'Burstable', 'Guaranteed'] },
    ),
    ephemeralContainerStatuses: arr(
      ref(core('ContainerStatus')),
      'Status of each ephemeral container.',
      { list: 'atomic' },
    ),
    resize: str('State of a requested in-place resize of the pod\'s resources.'),
    resourceClaimStatuses: arr(
      ref(core('PodResourceClaimStatus')),
      'Names of the ResourceClaims generated for the pod\'s claims.',
      { patch: 'merge,retainKeys', mergeKey: 'name', list: 'map', keys: ['name'] },
    ),
  }),
  [core('PodCondition')]: obj('One aspect of a pod\'s state.', {
    type: req(str('Condition type, such as Ready or PodScheduled.')),
    status: req(str('True, False or Unknown.')),
    lastProbeTime: time('When the condition was last probed.'),
    lastTransitionTime: time('When the status last changed.'),
    reason: str('CamelCase reason for the last transition.'),
    message: str('Human-readable detail about the last transition.'),
  }),
  [core('HostIP')]: obj('An IP address of the pod\'s node.', {
    ip: req(str('The IP address.')),
  }),
  [core('PodIP')]: obj('An IP address allocated to the pod.', {
    ip: req(str('The IP address.')),
  }),
  [core('PodResourceClaimStatus')]: obj('The ResourceClaim generated for one of the pod\'s claims.', {
    name: req(str('Name of the claim in pod.spec.resourceClaims.')),
    resourceClaimName: str('Name of the generated ResourceClaim; unset when none was needed.'),
  }),
  [core('ContainerStatus')]: obj('The observed state of one container.', {
    name: req(str('Name of the container, as in the spec.')),
    state: ref(core('ContainerState'), 'Current state: waiting, running or terminated.'),
    lastState: ref(
      core('ContainerState'),
      'The previous termination, kept to debug crashes; empty while the container never restarted.',
    ),
    ready: req(bool('Whether the container passes its readiness probe (true once started when it has none).')),
    restartCount: req(int32('How many times the container was restarted.')),
    image: req(str('Image the container runs.')),
    imageID: req(str('ID (digest) of the image the container runs.')),
    containerID: str('ID of the container, in the form "<runtime>://<id>".'),
    started: bool('Whether the container has passed its startup probe (true once running when it has none).'),
    allocatedResources: map(quantity(), 'Resources the node allocated to the container.'),
    resources: ref(core('ResourceRequirements'), 'Resource requests and limits applied to the running container.'),
    volumeMounts: arr(
      ref(core('VolumeMountStatus')),
      'Status of the container\'s volume mounts.',
      { patch: 'merge', mergeKey: 'mountPath', list: 'map', keys: ['mountPath'] },
    ),
    user: ref(core('ContainerUser'), 'Identity the container\'s first process runs as.'),
    allocatedResourcesStatus: arr(
      ref(core('ResourceStatus')),
      'Health of the resources allocated to the container.',
      { patch: 'merge', mergeKey: 'name', list: 'map', keys: ['name'] },
    ),
  }),
  [core('ContainerState')]: obj('The state of a container; exactly one member is set. Defaults to waiting.', {
    waiting: ref(core('ContainerStateWaiting'), 'Details when the container is waiting.'),
    running: ref(core('ContainerStateRunning'), 'Details when the container is running.'),
    terminated: ref(core('ContainerStateTerminated'), 'Details when the container has terminated.'),
  }),
  [core('ContainerStateWaiting')]: obj('A container that is not running yet.', {
    reason: str('Brief reason it is waiting, such as ContainerCreating, ErrImagePull or CrashLoopBackOff.'),
    message: str('Detail about why it is waiting.'),
  }),
  [core('ContainerStateRunning')]: obj('A running container.', {
    startedAt: time('When the container was last (re)started.'),
  }),
  [core('ContainerStateTerminated')]: obj('A container that has exited.', {
    exitCode: req(int32('Exit status of the process.')),
    signal: int32('Signal that ended the process, if any.'),
    reason: str('Brief reason, such as Completed, Error or OOMKilled.'),
    message: str('Detail about the termination.'),
    startedAt: time('When the run that ended started.'),
    finishedAt: time('When the container terminated.'),
    containerID: str('ID of the container, in the form "<runtime>://<id>".'),
  }),
  [core('VolumeMountStatus')]: obj('The state of one of a container\'s volume mounts.', {
    name: req(str('Name of the volume mount.')),
    mountPath: req(str('Where the volume is mounted.')),
    readOnly: bool('Whether the mount is read-only.'),
    recursiveReadOnly: str('Whether read-only applies recursively: Disabled, Enabled or unset.'),
  }),
  [core('ContainerUser')]: obj('The identity of a container\'s first process.', {
    linux: ref(core('LinuxContainerUser'), 'Linux user and groups.'),
  }),
  [core('LinuxContainerUser')]: obj('Linux user and groups of a container\'s first process.', {
    uid: req(int64('User ID.')),
    gid: req(int64('Primary group ID.')),
    supplementalGroups: arr(int64(), 'Supplemental group IDs.', { list: 'atomic' }),
  }),
  [core('ResourceStatus')]: obj('Health of the devices behind one resource allocated to a container.', {
    name: req(str('Resource name, as in the container\'s resources.')),
    resources: arr(
      ref(core('ResourceHealth')),
      'Health of each device of the resource.',
      { list: 'map', keys: ['resourceID'] },
    ),
  }),
  [core('ResourceHealth')]: obj('Health of one device.', {
    resourceID: req(str('ID of the device.')),
    health: str('Healthy, Unhealthy or Unknown.'),
  }),
};
