/**
 * Container and EphemeralContainer with their ports, resources and mounts. ports merge by
 * containerPort but are keyed by containerPort+protocol for server-side apply, as upstream.
 */
import { obj, req, str, int32, bool, ref, arr, map, quantity, type Definitions } from '../dsl.js';
import { core } from './names.js';

export const containerDefinitions: Definitions = {
  [core('Container')]: obj('A single application container that runs in a pod.', {
    name: req(str('Name of the container, a DNS label unique among all containers of the pod. Cannot be updated.')),
    image: str(
      'Container image to run. Required in pods; optional in workload templates so that configuration tools can fill it in.',
    ),
    command: arr(
      str(),
      'Entrypoint array, run without a shell; replaces the image\'s ENTRYPOINT. $(VAR) references to the container\'s environment are expanded, $$(VAR) escapes them. Cannot be updated.',
      { list: 'atomic' },
    ),
    args: arr(
      str(),
      'Arguments to the entrypoint; replace the image\'s CMD. $(VAR) references are expanded as in command. Cannot be updated.',
      { list: 'atomic' },
    ),
    workingDir: str(
      'Working directory of the container; defaults to the runtime\'s, usually the image\'s. Cannot be updated.',
    ),
    ports: arr(
      ref(core('ContainerPort')),
      'Ports the container exposes. Informational: a port the container listens on is reachable whether listed here or not. Cannot be updated.',
      { patch: 'merge', mergeKey: 'containerPort', list: 'map', keys: ['containerPort', 'protocol'] },
    ),
    envFrom: arr(
      ref(core('EnvFromSource')),
      'Sources whose keys all become environment variables. Later sources win on duplicate keys, and env entries win over all of them. Cannot be updated.',
      { list: 'atomic' },
    ),
    env: arr(
      ref(core('EnvVar')),
      'Environment variables set in the container. Cannot be updated.',
      { patch: 'merge', mergeKey: 'name', list: 'map', keys: ['name'] },
    ),
    resources: ref(core('ResourceRequirements'), 'Compute resources the container requests and is limited to.'),
    resizePolicy: arr(
      ref(core('ContainerResizePolicy')),
      'How each resource may be resized in place: with or without a container restart.',
      { list: 'atomic' },
    ),
    restartPolicy: str(
      'Only for init containers: "Always" makes the init container a sidecar that keeps running beside the app containers.',
    ),
    volumeMounts: arr(
      ref(core('VolumeMount')),
      'Volumes of the pod mounted into the container\'s filesystem. Cannot be updated.',
      { patch: 'merge', mergeKey: 'mountPath', list: 'map', keys: ['mountPath'] },
    ),
    volumeDevices: arr(
      ref(core('VolumeDevice')),
      'Block volumes of the pod exposed to the container as devices.',
      { patch: 'merge', mergeKey: 'devicePath', list: 'map', keys: ['devicePath'] },
    ),
    livenessProbe: ref(
      core('Probe'),
      'Periodic check of container health; the container is restarted when it fails. Cannot be updated.',
    ),
    readinessProbe: ref(
      core('Probe'),
      'Periodic check whether the container can serve; the pod is removed from service endpoints while it fails. Cannot be updated.',
    ),
    startupProbe: ref(
      core('Probe'),
      'Check that must succeed before liveness and readiness probes start; the container is restarted if it keeps failing. Cannot be updated.',
    ),
    lifecycle: ref(
      core('Lifecycle'),
      'Actions the kubelet takes right after the container starts and before it stops. Cannot be updated.',
    ),
    terminationMessagePath: str(
      'File whose contents become the container\'s termination message. Defaults to /dev/termination-log. Cannot be updated.',
    ),
    terminationMessagePolicy: str(
      'Where the termination message comes from: File (default) or FallbackToLogsOnError, which uses the log tail when the file is empty and the container failed. Cannot be updated.',
      { enum: ['FallbackToLogsOnError', 'File'] },
    ),
    imagePullPolicy: str(
      'When the image is pulled: Always, IfNotPresent or Never. Defaults to Always for the :latest tag or no tag, IfNotPresent otherwise. Cannot be updated.',
      { enum: ['Always', 'IfNotPresent', 'Never'] },
    ),
    securityContext: ref(core('SecurityContext'), 'Security options the container runs with, overriding the pod\'s.'),
    stdin: bool('Allocate a buffer for stdin so that something can attach to it. Defaults to false.'),
    stdinOnce: bool('Close stdin after the first attached client detaches. Defaults to false.'),
    tty: bool('Allocate a TTY; needs stdin too. Defaults to false.'),
  }),
  [core('EphemeralContainer')]: obj('A temporary container added to a running pod for debugging. It has no resource guarantees, ports or probes, and is never restarted.', {
    name: req(str('Name of the ephemeral container, a DNS label unique among all containers of the pod.')),
    image: str('Container image to run.'),
    command: arr(str(), 'Entrypoint array, run without a shell; replaces the image\'s ENTRYPOINT.', { list: 'atomic' }),
    args: arr(str(), 'Arguments to the entrypoint; replace the image\'s CMD.', { list: 'atomic' }),
    workingDir: str('Working directory of the container.'),
    ports: arr(
      ref(core('ContainerPort')),
      'Not allowed for ephemeral containers.',
      { patch: 'merge', mergeKey: 'containerPort', list: 'map', keys: ['containerPort', 'protocol'] },
    ),
    envFrom: arr(
      ref(core('EnvFromSource')),
      'Sources whose keys all become environment variables.',
      { list: 'atomic' },
    ),
    env: arr(
      ref(core('EnvVar')),
      'Environment variables set in the container.',
      { patch: 'merge', mergeKey: 'name', list: 'map', keys: ['name'] },
    ),
    resources: ref(
      core('ResourceRequirements'),
      'Not allowed: ephemeral containers use the resources already allocated to the pod.',
    ),
    resizePolicy: arr(ref(core('ContainerResizePolicy')), 'Not allowed for ephemeral containers.', { list: 'atomic' }),
    restartPolicy: str('Not allowed for ephemeral containers.'),
    volumeMounts: arr(
      ref(core('VolumeMount')),
      'Volumes of the pod mounted into the container. Subpath mounts are not allowed.',
      { patch: 'merge', mergeKey: 'mountPath', list: 'map', keys: ['mountPath'] },
    ),
    volumeDevices: arr(
      ref(core('VolumeDevice')),
      'Block volumes of the pod exposed to the container as devices.',
      { patch: 'merge', mergeKey: 'devicePath', list: 'map', keys: ['devicePath'] },
    ),
    livenessProbe: ref(core('Probe'), 'Not allowed for ephemeral containers.'),
    readinessProbe: ref(core('Probe'), 'Not allowed for ephemeral containers.'),
    startupProbe: ref(core('Probe'), 'Not allowed for ephemeral containers.'),
    lifecycle: ref(core('Lifecycle'), 'Not allowed for ephemeral containers.'),
    terminationMessagePath: str('File whose contents become the container\'s termination message.'),
    terminationMessagePolicy: str(
      'Where the termination message comes from: File or FallbackToLogsOnError.',
      { enum: ['FallbackToLogsOnError', 'File'] },
    ),
    imagePullPolicy: str(
      'When the image is pulled: Always, IfNotPresent or Never.',
      { enum: ['Always', 'IfNotPresent', 'Never'] },
    ),
    securityContext: ref(core('SecurityContext'), 'Security options the container runs with.'),
    stdin: bool('Allocate a buffer for stdin so that something can attach to it.'),
    stdinOnce: bool('Close stdin after the first attached client detaches.'),
    tty: bool('Allocate a TTY; needs stdin too.'),
    targetContainerName: str(
      'Name of a container whose process namespace the ephemeral container joins, for runtimes that support it.',
    ),
  }),
  [core('ContainerPort')]: obj('A network port of a container.', {
    name: str('Name of the port, an IANA service name unique in the pod; services can refer to the port by it.'),
    hostPort: int32('Port on the node to expose the container port on. Most pods do not need one.'),
    containerPort: req(int32('Port number on the pod\'s IP address, 1 to 65535.')),
    protocol: str('UDP, TCP or SCTP. Defaults to TCP.', { enum: ['SCTP', 'TCP', 'UDP'] }),
    hostIP: str('Node IP address to bind the host port to.'),
  }),
  [core('ResourceRequirements')]: obj('Compute resources a container requests and is limited to.', {
    limits: map(quantity(), 'Most of each resource the container may use, such as cpu: 500m and memory: 128Mi.'),
    requests: map(
      quantity(),
      'Resources the scheduler reserves for the container. Defaults to limits when those are set, else to an implementation-defined value.',
    ),
    claims: arr(
      ref(core('ResourceClaim')),
      'Dynamic resource claims of the pod that this container uses. Immutable.',
      { list: 'map', keys: ['name'] },
    ),
  }),
  [core('ResourceClaim')]: obj('A reference to one of the pod\'s resource claims.', {
    name: req(str('Name of an entry in pod.spec.resourceClaims.')),
    request: str('Name of one request within the claim; empty makes the whole claim available.'),
  }),
  [core('ContainerResizePolicy')]: obj('How a container responds to in-place resizing of one resource.', {
    resourceName: req(str('Resource the policy applies to: cpu or memory.')),
    restartPolicy: req(str('NotRequired (default) or RestartContainer.')),
  }),
  [core('VolumeMount')]: obj('Where a pod volume is mounted inside a container.', {
    name: req(str('Name of the pod volume.')),
    readOnly: bool('Mount read-only. Defaults to false.'),
    recursiveReadOnly: str(
      'Whether a read-only mount is read-only in its submounts too: Disabled (default), IfPossible or Enabled.',
    ),
    mountPath: req(str('Path in the container where the volume is mounted; must not contain \':\'.')),
    subPath: str('Path within the volume to mount instead of its root.'),
    mountPropagation: str(
      'How mounts propagate between host and container: None (default), HostToContainer or Bidirectional.',
      { enum: ['Bidirectional', 'HostToContainer', 'None'] },
    ),
    subPathExpr: str(
      'Like subPath, with $(VAR) references to the container\'s environment expanded. Exclusive with subPath.',
    ),
  }),
  [core('VolumeDevice')]: obj('A raw block volume exposed inside a container.', {
    name: req(str('Name of a persistentVolumeClaim volume of the pod.')),
    devicePath: req(str('Path in the container where the device appears.')),
  }),
};
