/**
 * Protobuf field table: k8s.io/api/core/v1, services and endpoints.
 * Messages reachable from the kinds kubelab serves; format and sources in ../schema.ts.
 */
import type { PackageTable } from '../schema.js';

/** k8s.io/api/core/v1 */
export const CORE_V1_SERVICE: PackageTable = {
  package: 'core.v1',
  messages: {
    ClientIPConfig: [
      '1 timeoutSeconds *int32 omitempty',
    ],
    EndpointAddress: [
      '1 ip string',
      '3 hostname string omitempty',
      '4 nodeName *string omitempty',
      '2 targetRef *ObjectReference omitempty',
    ],
    EndpointPort: [
      '1 name string omitempty',
      '2 port int32',
      '3 protocol string omitempty',
      '4 appProtocol *string omitempty',
    ],
    EndpointSubset: [
      '1 addresses []EndpointAddress omitempty',
      '2 notReadyAddresses []EndpointAddress omitempty',
      '3 ports []EndpointPort omitempty',
    ],
    Endpoints: [
      '1 metadata meta.v1.ObjectMeta omitempty',
      '2 subsets []EndpointSubset omitempty',
    ],
    LoadBalancerIngress: [
      '1 ip string omitempty',
      '2 hostname string omitempty',
      '3 ipMode *string omitempty',
      '4 ports []PortStatus omitempty',
    ],
    LoadBalancerStatus: [
      '1 ingress []LoadBalancerIngress omitempty',
    ],
    PortStatus: [
      '1 port int32',
      '2 protocol string',
      '3 error *string omitempty',
    ],
    Service: [
      '1 metadata meta.v1.ObjectMeta omitempty',
      '2 spec ServiceSpec omitempty',
      '3 status ServiceStatus omitempty',
    ],
    ServicePort: [
      '1 name string omitempty',
      '2 protocol string omitempty',
      '6 appProtocol *string omitempty',
      '3 port int32',
      '4 targetPort intstr.IntOrString omitempty',
      '5 nodePort int32 omitempty',
    ],
    ServiceSpec: [
      '1 ports []ServicePort omitempty',
      '2 selector map[string]string omitempty',
      '3 clusterIP string omitempty',
      '18 clusterIPs []string omitempty',
      '4 type string omitempty',
      '5 externalIPs []string omitempty',
      '7 sessionAffinity string omitempty',
      '8 loadBalancerIP string omitempty',
      '9 loadBalancerSourceRanges []string omitempty',
      '10 externalName string omitempty',
      '11 externalTrafficPolicy string omitempty',
      '12 healthCheckNodePort int32 omitempty',
      '13 publishNotReadyAddresses bool omitempty',
      '14 sessionAffinityConfig *SessionAffinityConfig omitempty',
      '19 ipFamilies []string omitempty',
      '17 ipFamilyPolicy *string omitempty',
      '20 allocateLoadBalancerNodePorts *bool omitempty',
      '21 loadBalancerClass *string omitempty',
      '22 internalTrafficPolicy *string omitempty',
      '23 trafficDistribution *string omitempty',
    ],
    ServiceStatus: [
      '1 loadBalancer LoadBalancerStatus omitempty',
      '2 conditions []meta.v1.Condition omitempty',
    ],
    SessionAffinityConfig: [
      '1 clientIP *ClientIPConfig omitempty',
    ],
  },
};
