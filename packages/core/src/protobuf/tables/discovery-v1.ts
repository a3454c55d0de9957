/**
 * Protobuf field table: k8s.io/api/discovery/v1.
 * Messages reachable from the kinds kubelab serves; format and sources in ../schema.ts.
 */
import type { PackageTable } from '../schema.js';

/** k8s.io/api/discovery/v1 */
export const DISCOVERY_V1: PackageTable = {
  package: 'discovery.v1',
  messages: {
    Endpoint: [
      '1 addresses []string',
      '2 conditions EndpointConditions omitempty',
      '3 hostname *string omitempty',
      '4 targetRef *core.v1.ObjectReference omitempty',
      '5 deprecatedTopology map[string]string omitempty',
      '6 nodeName *string omitempty',
      '7 zone *string omitempty',
      '8 hints *EndpointHints omitempty',
    ],
    EndpointConditions: [
      '1 ready *bool omitempty',
      '2 serving *bool omitempty',
      '3 terminating *bool omitempty',
    ],
    EndpointHints: [
      '1 forZones []ForZone omitempty',
      '2 forNodes []ForNode omitempty',
    ],
    EndpointPort: [
      '1 name *string omitempty',
      '2 protocol *string omitempty',
      '3 port *int32 omitempty',
      '4 appProtocol *string omitempty',
    ],
    EndpointSlice: [
      '1 metadata meta.v1.ObjectMeta omitempty',
      '4 addressType string',
      '2 endpoints []Endpoint',
      '3 ports []EndpointPort',
    ],
    ForNode: [
      '1 name string',
    ],
    ForZone: [
      '1 name string',
    ],
  },
};
