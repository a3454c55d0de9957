/**
 * Endpoints (core/v1) and EndpointSlice (discovery.k8s.io/v1).
 */
import { obj, req, str, int32, bool, ref, arr, map, type Definitions } from '../dsl.js';
import { core, discovery, meta } from './names.js';

export const endpointsDefinitions: Definitions = {
  [core('Endpoints')]: obj('The addresses and ports that implement a service, kept by the endpoints controller for services with a selector.', {
    apiVersion: str(
      'Versioned schema of this object, such as "v1" or "apps/v1". The server converts the schemas it knows and rejects others.',
    ),
    kind: str(
      'Kind of object, in CamelCase, such as "Pod". The server can infer it from the request path. Cannot be updated.',
    ),
    metadata: ref(meta('ObjectMeta'), 'Standard object metadata; the name is the service\'s.'),
    subsets: arr(ref(core('EndpointSubset')), 'Groups of addresses that all serve the same ports.', { list: 'atomic' }),
  }),
  [core('EndpointSubset')]: obj('Addresses that all serve the same set of ports.', {
    addresses: arr(ref(core('EndpointAddress')), 'Addresses that are ready to serve.', { list: 'atomic' }),
    notReadyAddresses: arr(
      ref(core('EndpointAddress')),
      'Addresses that are not ready yet, or are terminating.',
      { list: 'atomic' },
    ),
    ports: arr(ref(core('EndpointPort')), 'Ports served at every address.', { list: 'atomic' }),
  }),
  [core('EndpointAddress')]: obj('One endpoint of a service.', {
    ip: req(str('IP address of the endpoint.')),
    hostname: str('Hostname of the endpoint.'),
    nodeName: str('Node hosting the endpoint.'),
    targetRef: ref(core('ObjectReference'), 'The object (usually a pod) behind the endpoint.'),
  }, { mapType: 'atomic' }),
  [core('EndpointPort')]: obj('A port served by endpoints.', {
    name: str('Name of the port, matching a service port name.'),
    port: req(int32('Port number.')),
    protocol: str('TCP (default), UDP or SCTP.', { enum: ['SCTP', 'TCP', 'UDP'] }),
    appProtocol: str('Application protocol of the port.'),
  }, { mapType: 'atomic' }),
  [discovery('EndpointSlice')]: obj('A slice of a service\'s endpoints; the endpoint slice controller splits large services into several.', {
    apiVersion: str(
      'Versioned schema of this object, such as "v1" or "apps/v1". The server converts the schemas it knows and rejects others.',
    ),
    kind: str(
      'Kind of object, in CamelCase, such as "Pod". The server can infer it from the request path. Cannot be updated.',
    ),
    metadata: ref(meta('ObjectMeta'), 'Standard object metadata.'),
    addressType: req(
      str('Kind of address in the slice: IPv4, IPv6 or FQDN. Immutable.', { enum: ['FQDN', 'IPv4', 'IPv6'] }),
    ),
    endpoints: req(arr(ref(discovery('Endpoint')), 'The endpoints, at most 1000.', { list: 'atomic' })),
    ports: arr(
      ref(discovery('EndpointPort')),
      'Ports served by every endpoint. Empty means all ports; null means none.',
      { list: 'atomic' },
    ),
  }),
  [discovery('Endpoint')]: obj('One endpoint in a slice.', {
    addresses: req(
      arr(str(), 'Addresses of the endpoint, interchangeable; consumers normally use the first.', { list: 'set' }),
    ),
    conditions: ref(discovery('EndpointConditions'), 'Current conditions of the endpoint.'),
    hostname: str('Hostname of the endpoint.'),
    targetRef: ref(core('ObjectReference'), 'The object (usually a pod) behind the endpoint.'),
    deprecatedTopology: map(str(), 'Deprecated topology labels; use nodeName and zone.'),
    nodeName: str('Node hosting the endpoint.'),
    zone: str('Zone the endpoint is in.'),
    hints: ref(discovery('EndpointHints'), 'Hints for topology-aware routing.'),
  }),
  [discovery('EndpointConditions')]: obj('Conditions of an endpoint.', {
    ready: bool('Whether the endpoint is ready for traffic; unset means ready.'),
    serving: bool('Like ready, but also true while a ready endpoint is terminating.'),
    terminating: bool('Whether the endpoint is terminating.'),
  }),
  [discovery('EndpointHints')]: obj('Routing hints for an endpoint.', {
    forZones: arr(ref(discovery('ForZone')), 'Zones that should send traffic to this endpoint.', { list: 'atomic' }),
  }),
  [discovery('ForZone')]: obj('A zone hint.', {
    name: req(str('Name of the zone.')),
  }),
  [discovery('EndpointPort')]: obj('A port served by the endpoints of a slice.', {
    name: str('Name of the port, matching a service port name; empty when the service has one unnamed port.'),
    protocol: str('TCP (default), UDP or SCTP.', { enum: ['SCTP', 'TCP', 'UDP'] }),
    port: int32('Port number; null means all ports.'),
    appProtocol: str('Application protocol of the port.'),
  }, { mapType: 'atomic' }),
};
