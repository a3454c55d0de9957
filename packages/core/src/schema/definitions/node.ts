/**
 * The Node kind and what its kubelet reports in status. Deprecated dynamic kubelet
 * configuration is kept as opaque objects.
 */
import { obj, opaque, req, str, int32, int64, bool, ref, arr, map, time, quantity, type Definitions } from '../dsl.js';
import { core, meta } from './names.js';

export const nodeDefinitions: Definitions = {
  [core('Node')]: obj('A worker machine that runs pods, registered by its kubelet.', {
    apiVersion: str(
      'Versioned schema of this object, such as "v1" or "apps/v1". The server converts the schemas it knows and rejects others.',
    ),
    kind: str(
      'Kind of object, in CamelCase, such as "Pod". The server can infer it from the request path. Cannot be updated.',
    ),
    metadata: ref(meta('ObjectMeta'), 'Standard object metadata.'),
    spec: ref(core('NodeSpec'), 'Configuration of the node.'),
    status: ref(core('NodeStatus'), 'Most recently observed state of the node, reported by the kubelet. Read-only.'),
  }),
  [core('NodeSpec')]: obj('Configuration of a node.', {
    podCIDR: str('IP range of the node\'s pods.'),
    podCIDRs: arr(
      str(),
      'IP ranges of the node\'s pods, at most one per family; the first equals podCIDR.',
      { patch: 'merge', list: 'set' },
    ),
    providerID: str('ID of the node in the cloud provider: <provider>://<id>.'),
    unschedulable: bool('Keep new pods off the node; set by kubectl cordon.'),
    taints: arr(ref(core('Taint')), 'Taints repelling pods that do not tolerate them.', { list: 'atomic' }),
    configSource: ref(core('NodeConfigSource'), 'Deprecated dynamic kubelet configuration; ignored.'),
    externalID: str('Deprecated; not used.'),
  }),
  [core('Taint')]: obj('Marks a node so that pods not tolerating the taint are repelled.', {
    key: req(str('Taint key.')),
    value: str('Taint value.'),
    effect: req(
      str(
        'What happens to pods that do not tolerate the taint: NoSchedule, PreferNoSchedule or NoExecute.',
        { enum: ['NoExecute', 'NoSchedule', 'PreferNoSchedule'] },
      ),
    ),
    timeAdded: time('When a NoExecute taint was added.'),
  }),
  [core('NodeConfigSource')]: opaque(
    'Deprecated dynamic kubelet configuration source (kubelab keeps its fields without checking them).',
  ),
  [core('ConfigMapNodeConfigSource')]: opaque(
    'Deprecated dynamic kubelet configuration in a ConfigMap (kubelab keeps its fields without checking them).',
  ),
  [core('NodeStatus')]: obj('Current state of a node.', {
    capacity: map(quantity(), 'Total resources of the node.'),
    allocatable: map(
      quantity(),
      'Resources available to pods: capacity minus what is reserved for the system. Defaults to capacity.',
    ),
    phase: str('Deprecated and no longer set.', { enum: ['Pending', 'Running', 'Terminated'] }),
    conditions: arr(
      ref(core('NodeCondition')),
      'Current conditions of the node: Ready, MemoryPressure, DiskPressure, PIDPressure, NetworkUnavailable.',
      { patch: 'merge', mergeKey: 'type', list: 'map', keys: ['type'] },
    ),
    addresses: arr(
      ref(core('NodeAddress')),
      'Addresses of the node: InternalIP, ExternalIP, Hostname and others.',
      { patch: 'merge', mergeKey: 'type', list: 'map', keys: ['type'] },
    ),
    daemonEndpoints: ref(core('NodeDaemonEndpoints'), 'Endpoints of daemons running on the node.'),
    nodeInfo: ref(core('NodeSystemInfo'), 'Versions and identifiers of the node\'s software.'),
    images: arr(ref(core('ContainerImage')), 'Container images on the node.', { list: 'atomic' }),
    volumesInUse: arr(str(), 'Volumes attached and mounted on the node.', { list: 'atomic' }),
    volumesAttached: arr(ref(core('AttachedVolume')), 'Volumes attached to the node.', { list: 'atomic' }),
    config: ref(core('NodeConfigStatus'), 'Deprecated dynamic kubelet configuration status.'),
    runtimeHandlers: arr(
      ref(core('NodeRuntimeHandler')),
      'Runtime handlers the container runtime offers.',
      { list: 'atomic' },
    ),
    features: ref(core('NodeFeatures'), 'Features the node supports.'),
  }),
  [core('NodeCondition')]: obj('One aspect of a node\'s state.', {
    type: req(str('Condition type, such as Ready or MemoryPressure.')),
    status: req(str('True, False or Unknown.')),
    lastHeartbeatTime: time('When the condition was last reported.'),
    lastTransitionTime: time('When the status last changed.'),
    reason: str('CamelCase reason for the last transition.'),
    message: str('Human-readable detail about the last transition.'),
  }),
  [core('NodeAddress')]: obj('An address of a node.', {
    type: req(str('Hostname, ExternalIP, InternalIP, ExternalDNS or InternalDNS.')),
    address: req(str('The address.')),
  }),
  [core('NodeDaemonEndpoints')]: obj('Ports of daemons on a node.', {
    kubeletEndpoint: ref(core('DaemonEndpoint'), 'Port the kubelet listens on.'),
  }),
  [core('DaemonEndpoint')]: obj('The port of a daemon.', {
    Port: req(int32('Port number.')),
  }),
  [core('NodeSystemInfo')]: obj('Identifiers and versions of a node\'s software.', {
    machineID: req(str('Machine ID of the node.')),
    systemUUID: req(str('System UUID of the node.')),
    bootID: req(str('Boot ID of the node.')),
    kernelVersion: req(str('Kernel version (uname -r).')),
    osImage: req(str('OS image (/etc/os-release PRETTY_NAME).')),
    containerRuntimeVersion: req(str('Container runtime and version, as <runtime>://<version>.')),
    kubeletVersion: req(str('Kubelet version.')),
    kubeProxyVersion: req(str('Deprecated: kube-proxy version, not reliable.')),
    operatingSystem: req(str('Operating system of the node.')),
    architecture: req(str('CPU architecture of the node.')),
  }),
  [core('ContainerImage')]: obj('An image present on a node.', {
    names: arr(str(), 'Names the image is known by.', { list: 'atomic' }),
    sizeBytes: int64('Size of the image in bytes.'),
  }),
  [core('AttachedVolume')]: obj('A volume attached to a node.', {
    name: req(str('Name of the volume.')),
    devicePath: req(str('Path where the volume is expected to appear.')),
  }),
  [core('NodeConfigStatus')]: opaque(
    'Deprecated dynamic kubelet configuration status (kubelab keeps its fields without checking them).',
  ),
  [core('NodeRuntimeHandler')]: obj('A runtime handler the node\'s container runtime offers.', {
    name: str('Name of the handler; empty for the default one.'),
    features: ref(core('NodeRuntimeHandlerFeatures'), 'Features the handler supports.'),
  }),
  [core('NodeRuntimeHandlerFeatures')]: obj('Features of a runtime handler.', {
    recursiveReadOnlyMounts: bool('Whether recursive read-only mounts are supported.'),
    userNamespaces: bool('Whether user namespaces are supported.'),
  }),
  [core('NodeFeatures')]: obj('Features a node supports.', {
    supplementalGroupsPolicy: bool('Whether the node supports the supplementalGroupsPolicy pod field.'),
  }),
};
