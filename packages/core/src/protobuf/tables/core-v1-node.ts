/**
 * Protobuf field table: k8s.io/api/core/v1, nodes.
 * Messages reachable from the kinds kubelab serves; format and sources in ../schema.ts.
 */
import type { PackageTable } from '../schema.js';

/** k8s.io/api/core/v1 */
export const CORE_V1_NODE: PackageTable = {
  package: 'core.v1',
  messages: {
    AttachedVolume: [
      '1 name string',
      '2 devicePath string',
    ],
    ConfigMapNodeConfigSource: [
      '1 namespace string',
      '2 name string',
      '3 uid string omitempty',
      '4 resourceVersion string omitempty',
      '5 kubeletConfigKey string',
    ],
    ContainerImage: [
      '1 names []string',
      '2 sizeBytes int64 omitempty',
    ],
    DaemonEndpoint: [
      '1 Port int32',
    ],
    Node: [
      '1 metadata meta.v1.ObjectMeta omitempty',
      '2 spec NodeSpec omitempty',
      '3 status NodeStatus omitempty',
    ],
    NodeAddress: [
      '1 type string',
      '2 address string',
    ],
    NodeCondition: [
      '1 type string',
      '2 status string',
      '3 lastHeartbeatTime meta.v1.Time omitempty',
      '4 lastTransitionTime meta.v1.Time omitempty',
      '5 reason string omitempty',
      '6 message string omitempty',
    ],
    NodeConfigSource: [
      '2 configMap *ConfigMapNodeConfigSource omitempty',
    ],
    NodeConfigStatus: [
      '1 assigned *NodeConfigSource omitempty',
      '2 active *NodeConfigSource omitempty',
      '3 lastKnownGood *NodeConfigSource omitempty',
      '4 error string omitempty',
    ],
    NodeDaemonEndpoints: [
      '1 kubeletEndpoint DaemonEndpoint omitempty',
    ],
    NodeFeatures: [
      '1 supplementalGroupsPolicy *bool omitempty',
    ],
    NodeRuntimeHandler: [
      '1 name string',
      '2 features *NodeRuntimeHandlerFeatures omitempty',
    ],
    NodeRuntimeHandlerFeatures: [
      '1 recursiveReadOnlyMounts *bool omitempty',
      '2 userNamespaces *bool omitempty',
    ],
    NodeSpec: [
      '1 podCIDR string omitempty',
      '7 podCIDRs []string omitempty',
      '3 providerID string omitempty',
      '4 unschedulable bool omitempty',
      '5 taints []Taint omitempty',
      '6 configSource *NodeConfigSource omitempty',
      '2 externalID string omitempty',
    ],
    NodeStatus: [
      '1 capacity map[string]resource.Quantity omitempty',
      '2 allocatable map[string]resource.Quantity omitempty',
      '3 phase string omitempty',
      '4 conditions []NodeCondition omitempty',
      '5 addresses []NodeAddress omitempty',
      '6 daemonEndpoints NodeDaemonEndpoints omitempty',
      '7 nodeInfo NodeSystemInfo omitempty',
      '8 images []ContainerImage omitempty',
      '9 volumesInUse []string omitempty',
      '10 volumesAttached []AttachedVolume omitempty',
      '11 config *NodeConfigStatus omitempty',
      '12 runtimeHandlers []NodeRuntimeHandler omitempty',
      '13 features *NodeFeatures omitempty',
      '14 declaredFeatures []string omitempty',
    ],
    NodeSwapStatus: [
      '1 capacity *int64 omitempty',
    ],
    NodeSystemInfo: [
      '1 machineID string',
      '2 systemUUID string',
      '3 bootID string',
      '4 kernelVersion string',
      '5 osImage string',
      '6 containerRuntimeVersion string',
      '7 kubeletVersion string',
      '8 kubeProxyVersion string',
      '9 operatingSystem string',
      '10 architecture string',
      '11 swap *NodeSwapStatus omitempty',
    ],
    Taint: [
      '1 key string',
      '2 value string omitempty',
      '3 effect string',
      '4 timeAdded *meta.v1.Time omitempty',
    ],
  },
};
