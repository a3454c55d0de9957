/**
 * The Pod kind, its template and its spec, with the small structs only PodSpec uses.
 * List fields keep upstream's merge rules: containers, initContainers and ephemeralContainers
 * merge by name, volumes by name with retainKeys, imagePullSecrets by name.
 */
import { obj, req, str, int32, int64, bool, ref, arr, map, quantity, type Definitions } from '../dsl.js';
import { core, meta } from './names.js';

export const podDefinitions: Definitions = {
  [core('Pod')]: obj('A pod: one or more containers that share network and storage and are scheduled together onto a node.', {
    apiVersion: str(
      'Versioned schema of this object, such as "v1" or "apps/v1". The server converts the schemas it knows and rejects others.',
    ),
    kind: str(
      'Kind of object, in CamelCase, such as "Pod". The server can infer it from the request path. Cannot be updated.',
    ),
    metadata: ref(meta('ObjectMeta'), 'Standard object metadata.'),
    spec: ref(core('PodSpec'), 'Desired behaviour of the pod.'),
    status: ref(core('PodStatus'), 'Most recently observed state of the pod, reported by the kubelet. Read-only.'),
  }),
  [core('PodTemplateSpec')]: obj('The pod a workload controller creates: labels and metadata plus the pod spec.', {
    metadata: ref(
      meta('ObjectMeta'),
      'Metadata given to pods created from the template; its labels must match the controller\'s selector.',
    ),
    spec: ref(core('PodSpec'), 'Desired behaviour of pods created from the template.'),
  }),
  [core('PodSpec')]: obj('The desired behaviour of a pod: its containers, volumes, scheduling constraints and runtime settings.', {
    volumes: arr(
      ref(core('Volume')),
      'Volumes that containers in the pod can mount.',
      { patch: 'merge,retainKeys', mergeKey: 'name', list: 'map', keys: ['name'] },
    ),
    initContainers: arr(
      ref(core('Container')),
      'Containers that run to completion, one after another, before the app containers start; a sidecar is an init container with restartPolicy Always. Cannot be updated.',
      { patch: 'merge', mergeKey: 'name', list: 'map', keys: ['name'] },
    ),
    containers: req(
      arr(
        ref(core('Container')),
        'The application containers of the pod. At least one is required. Cannot be updated.',
        { patch: 'merge', mergeKey: 'name', list: 'map', keys: ['name'] },
      ),
    ),
    ephemeralContainers: arr(
      ref(core('EphemeralContainer')),
      'Debugging containers added to a running pod with kubectl debug. Set only through the ephemeralcontainers subresource.',
      { patch: 'merge', mergeKey: 'name', list: 'map', keys: ['name'] },
    ),
    restartPolicy: str(
      'When the kubelet restarts containers that exit: Always, OnFailure or Never. Defaults to Always.',
      { enum: ['Always', 'Never', 'OnFailure'] },
    ),
    terminationGracePeriodSeconds: int64(
      'Seconds between the termination signal and the kill signal when the pod is deleted. Defaults to 30; 0 means stop immediately.',
    ),
    activeDeadlineSeconds: int64('Seconds the pod may be active, counted from its start, before the kubelet fails it.'),
    dnsPolicy: str(
      'How DNS is configured for the pod: ClusterFirst (default), ClusterFirstWithHostNet, Default or None.',
      { enum: ['ClusterFirst', 'ClusterFirstWithHostNet', 'Default', 'None'] },
    ),
    nodeSelector: map(str(), 'Labels a node must have for the pod to be scheduled onto it.', { mapType: 'atomic' }),
    serviceAccountName: str('Service account the pod runs as. Defaults to "default".'),
    serviceAccount: str('Deprecated alias of serviceAccountName.'),
    automountServiceAccountToken: bool('Whether the service account token is mounted into the pod automatically.'),
    nodeName: str(
      'Node the pod runs on. Set by the scheduler when it binds the pod; setting it yourself bypasses the scheduler.',
    ),
    hostNetwork: bool(
      'Use the node\'s network namespace; the pod sees the node\'s interfaces and ports. Defaults to false.',
    ),
    hostPID: bool('Use the node\'s process ID namespace. Defaults to false.'),
    hostIPC: bool('Use the node\'s IPC namespace. Defaults to false.'),
    shareProcessNamespace: bool(
      'Share one process namespace among all containers of the pod, so they can see and signal each other\'s processes.',
    ),
    securityContext: ref(
      core('PodSecurityContext'),
      'Security settings for the whole pod; container-level settings override them.',
    ),
    imagePullSecrets: arr(
      ref(core('LocalObjectReference')),
      'Secrets holding registry credentials used to pull the pod\'s images.',
      { patch: 'merge', mergeKey: 'name', list: 'map', keys: ['name'] },
    ),
    hostname: str('Hostname of the pod. Defaults to the pod name.'),
    subdomain: str(
      'Makes the pod\'s fully qualified name "<hostname>.<subdomain>.<namespace>.svc.<cluster domain>"; usually the name of a headless service.',
    ),
    affinity: ref(core('Affinity'), 'Node affinity, pod affinity and pod anti-affinity rules for scheduling.'),
    schedulerName: str('Scheduler that places the pod. Defaults to "default-scheduler".'),
    tolerations: arr(ref(core('Toleration')), 'Taints the pod tolerates.', { list: 'atomic' }),
    hostAliases: arr(
      ref(core('HostAlias')),
      'Extra entries for the pod\'s /etc/hosts file.',
      { patch: 'merge', mergeKey: 'ip', list: 'map', keys: ['ip'] },
    ),
    priorityClassName: str('Name of the PriorityClass giving the pod its priority.'),
    priority: int32(
      'Priority value, filled in from priorityClassName by admission. Higher values schedule first and may preempt lower ones.',
    ),
    dnsConfig: ref(core('PodDNSConfig'), 'DNS settings merged into the configuration chosen by dnsPolicy.'),
    readinessGates: arr(
      ref(core('PodReadinessGate')),
      'Extra pod conditions that must be True for the pod to count as ready.',
      { list: 'atomic' },
    ),
    runtimeClassName: str('RuntimeClass selecting the container runtime configuration used for the pod.'),
    enableServiceLinks: bool(
      'Inject environment variables describing the services of the namespace, Docker-links style. Defaults to true.',
    ),
    preemptionPolicy: str(
      'Whether the pod may preempt lower-priority pods: PreemptLowerPriority (default) or Never.',
      { enum: ['Never', 'PreemptLowerPriority'] },
    ),
    overhead: map(
      quantity(),
      'Resources used by the pod sandbox on top of its containers, set from the RuntimeClass by admission.',
    ),
    topologySpreadConstraints: arr(
      ref(core('TopologySpreadConstraint')),
      'How the pod\'s group should spread across topology domains such as zones or nodes.',
      { patch: 'merge', mergeKey: 'topologyKey', list: 'map', keys: ['topologyKey', 'whenUnsatisfiable'] },
    ),
    setHostnameAsFQDN: bool('Set the container hostname to the pod\'s fully qualified domain name. Defaults to false.'),
    os: ref(core('PodOS'), 'Operating system the pod\'s containers need; used for validation and scheduling.'),
    hostUsers: bool('Use the host\'s user namespace (the default, true); false gives the pod its own user namespace.'),
    schedulingGates: arr(
      ref(core('PodSchedulingGate')),
      'Gates that keep the pod unscheduled while any remains. They can only be removed.',
      { patch: 'merge', mergeKey: 'name', list: 'map', keys: ['name'] },
    ),
    resourceClaims: arr(
      ref(core('PodResourceClaim')),
      'Dynamic resource claims the pod\'s containers may use.',
      { patch: 'merge,retainKeys', mergeKey: 'name', list: 'map', keys: ['name'] },
    ),
    resources: ref(
      core('ResourceRequirements'),
      'Resource requests and limits for the pod as a whole, shared by its containers.',
    ),
  }),
  [core('HostAlias')]: obj('An entry for the pod\'s /etc/hosts file.', {
    ip: req(str('IP address of the entry.')),
    hostnames: arr(str(), 'Hostnames for the IP address.', { list: 'atomic' }),
  }),
  [core('PodDNSConfig')]: obj('DNS settings added to those the DNS policy produces.', {
    nameservers: arr(
      str(),
      'DNS server addresses, appended to those from the policy without duplicates.',
      { list: 'atomic' },
    ),
    searches: arr(
      str(),
      'DNS search domains, appended to those from the policy without duplicates.',
      { list: 'atomic' },
    ),
    options: arr(
      ref(core('PodDNSConfigOption')),
      'Resolver options; these override options of the same name from the policy.',
      { list: 'atomic' },
    ),
  }),
  [core('PodDNSConfigOption')]: obj('A resolver option.', {
    name: str('Name of the option.'),
    value: str('Value of the option, if it takes one.'),
  }),
  [core('PodReadinessGate')]: obj('A pod condition that must be True for the pod to be ready.', {
    conditionType: req(str('Type of a condition in the pod\'s status.conditions.')),
  }),
  [core('PodOS')]: obj('The operating system of a pod.', {
    name: req(str('Operating system name: linux or windows.')),
  }),
  [core('PodSchedulingGate')]: obj('A gate that holds back scheduling of a pod.', {
    name: req(str('Name of the gate; unique among the pod\'s gates.')),
  }),
  [core('PodResourceClaim')]: obj('A named dynamic resource claim of a pod, referring to a ResourceClaim or a ResourceClaimTemplate.', {
    name: req(str('Name by which containers refer to the claim; unique in the pod.')),
    resourceClaimName: str('Name of an existing ResourceClaim in the pod\'s namespace.'),
    resourceClaimTemplateName: str('Name of a ResourceClaimTemplate from which a claim is created for this pod.'),
  }),
  [core('Binding')]: obj('Assigns a pod to a node; what the scheduler posts to a pod\'s binding subresource.', {
    apiVersion: str(
      'Versioned schema of this object, such as "v1" or "apps/v1". The server converts the schemas it knows and rejects others.',
    ),
    kind: str(
      'Kind of object, in CamelCase, such as "Pod". The server can infer it from the request path. Cannot be updated.',
    ),
    metadata: ref(meta('ObjectMeta'), 'Standard object metadata; the name is the pod\'s.'),
    target: req(ref(core('ObjectReference'), 'The node to bind to.')),
  }),
};
