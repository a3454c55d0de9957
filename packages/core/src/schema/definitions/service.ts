/**
 * The Service kind. Service ports merge by port and are keyed by port+protocol for
 * server-side apply, as upstream.
 */
import { obj, req, str, int32, bool, ref, arr, map, intOrString, type Definitions } from '../dsl.js';
import { core, meta } from './names.js';

export const serviceDefinitions: Definitions = {
  [core('Service')]: obj('A named, stable network endpoint for a set of pods picked by a label selector, with optional load balancing and external exposure.', {
    apiVersion: str(
      'Versioned schema of this object, such as "v1" or "apps/v1". The server converts the schemas it knows and rejects others.',
    ),
    kind: str(
      'Kind of object, in CamelCase, such as "Pod". The server can infer it from the request path. Cannot be updated.',
    ),
    metadata: ref(meta('ObjectMeta'), 'Standard object metadata.'),
    spec: ref(core('ServiceSpec'), 'How the service is exposed and which pods back it.'),
    status: ref(
      core('ServiceStatus'),
      'Most recently observed state of the service, such as load balancer ingress points. Read-only.',
    ),
  }),
  [core('ServiceSpec')]: obj('How a service is exposed and which pods back it.', {
    ports: arr(
      ref(core('ServicePort')),
      'Ports the service exposes.',
      { patch: 'merge', mergeKey: 'port', list: 'map', keys: ['port', 'protocol'] },
    ),
    selector: map(
      str(),
      'Labels of the pods that receive the service\'s traffic. Without a selector the endpoints are managed outside Kubernetes. Ignored for ExternalName services.',
      { mapType: 'atomic' },
    ),
    clusterIP: str(
      'Virtual IP address of the service, allocated from the service range unless given. "None" makes a headless service. Can only change when the type changes to or from ExternalName.',
    ),
    clusterIPs: arr(
      str(),
      'The service\'s cluster IPs, at most one per family; the first one equals clusterIP.',
      { list: 'atomic' },
    ),
    type: str(
      'How the service is exposed: ClusterIP (default, inside the cluster), NodePort (also on a port of every node), LoadBalancer (also through an external load balancer) or ExternalName (a DNS alias).',
      { enum: ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'] },
    ),
    externalIPs: arr(
      str(),
      'Extra IP addresses at which nodes accept traffic for the service; not managed by Kubernetes.',
      { list: 'atomic' },
    ),
    sessionAffinity: str(
      'ClientIP sends each client to the same pod; None (default) balances freely.',
      { enum: ['ClientIP', 'None'] },
    ),
    loadBalancerIP: str('Deprecated: IP address requested from the load balancer, if the provider supports it.'),
    loadBalancerSourceRanges: arr(
      str(),
      'Client CIDRs allowed through the load balancer, if the provider supports it.',
      { list: 'atomic' },
    ),
    externalName: str('DNS name the cluster DNS returns as a CNAME; only with type ExternalName.'),
    externalTrafficPolicy: str(
      'How external traffic is routed: Cluster (default, to any ready endpoint) or Local (only to endpoints on the receiving node, keeping the client source IP).',
      { enum: ['Cluster', 'Local'] },
    ),
    healthCheckNodePort: int32(
      'Node port the load balancer health-checks; only with type LoadBalancer and externalTrafficPolicy Local.',
    ),
    publishNotReadyAddresses: bool(
      'Publish endpoints of pods that are not ready, for example to let peers discover each other before they are ready.',
    ),
    sessionAffinityConfig: ref(core('SessionAffinityConfig'), 'Settings of session affinity.'),
    ipFamilies: arr(
      str(undefined, { enum: ['', 'IPv4', 'IPv6'] }),
      'IP families of the service (IPv4, IPv6), in order.',
      { list: 'atomic' },
    ),
    ipFamilyPolicy: str(
      'SingleStack, PreferDualStack or RequireDualStack.',
      { enum: ['PreferDualStack', 'RequireDualStack', 'SingleStack'] },
    ),
    allocateLoadBalancerNodePorts: bool('Whether LoadBalancer services get node ports. Defaults to true.'),
    loadBalancerClass: str(
      'Load balancer implementation that handles the service; unset uses the cloud provider\'s default. Only with type LoadBalancer and immutable once set.',
    ),
    internalTrafficPolicy: str(
      'How traffic from inside the cluster is routed: Cluster (default) or Local (only to endpoints on the sending node).',
      { enum: ['Cluster', 'Local'] },
    ),
    trafficDistribution: str(
      'Preference for routing traffic to endpoints, such as PreferClose (topologically nearest).',
    ),
  }),
  [core('ServicePort')]: obj('A port of a service.', {
    name: str('Name of the port, a DNS label; required and unique when there are several ports.'),
    protocol: str('TCP (default), UDP or SCTP.', { enum: ['SCTP', 'TCP', 'UDP'] }),
    appProtocol: str('Application protocol of the port, such as http, or a domain-prefixed name.'),
    port: req(int32('Port the service listens on.')),
    targetPort: intOrString('Port number or named container port on the backing pods. Defaults to port.'),
    nodePort: int32(
      'Port on every node for NodePort and LoadBalancer services; allocated from the node port range unless given.',
    ),
  }),
  [core('SessionAffinityConfig')]: obj('Settings of session affinity.', {
    clientIP: ref(core('ClientIPConfig'), 'Settings of ClientIP affinity.'),
  }),
  [core('ClientIPConfig')]: obj('Settings of ClientIP session affinity.', {
    timeoutSeconds: int32('Seconds a client sticks to its pod, 1 to 86400. Defaults to 10800 (3 hours).'),
  }),
  [core('ServiceStatus')]: obj('Current state of a service.', {
    loadBalancer: ref(core('LoadBalancerStatus'), 'Ingress points of the load balancer, if any.'),
    conditions: arr(
      ref(meta('Condition')),
      'Current conditions of the service.',
      { patch: 'merge', mergeKey: 'type', list: 'map', keys: ['type'] },
    ),
  }),
  [core('LoadBalancerStatus')]: obj('The state of a load balancer.', {
    ingress: arr(
      ref(core('LoadBalancerIngress')),
      'Ingress points: where traffic for the service enters the load balancer.',
      { list: 'atomic' },
    ),
  }),
  [core('LoadBalancerIngress')]: obj('An ingress point of a load balancer.', {
    ip: str('IP address of the ingress point.'),
    hostname: str('Hostname of the ingress point.'),
    ipMode: str('How the ingress IP behaves: VIP (traffic arrives with the IP as destination) or Proxy.'),
    ports: arr(ref(core('PortStatus')), 'Status of each service port.', { list: 'atomic' }),
  }),
  [core('PortStatus')]: obj('The state of a service port.', {
    port: req(int32('The port number.')),
    protocol: req(str('TCP, UDP or SCTP.', { enum: ['SCTP', 'TCP', 'UDP'] })),
    error: str('Problem with the port, as CamelCase or domain-prefixed CamelCase; empty when none.'),
  }),
};
