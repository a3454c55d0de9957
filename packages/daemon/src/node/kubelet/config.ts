/**
 * The kubelet's configuration (a subset of KubeletConfiguration, kubelet.config.k8s.io/v1beta1)
 * and a node's shape. Defaults are upstream's: status every 10 s but reported at least every
 * 5 min, a 40 s node lease renewed every 10 s, serialized image pulls, 10 s → 5 min back-off
 * for crashing containers and failing pulls.
 */
import type { RuntimeName } from '../runtime/shims.js';

export interface KubeletConfiguration {
  /** How often the kubelet computes node status (nodeStatusUpdateFrequency). */
  nodeStatusUpdateFrequencyMs: number;
  /** How often it posts node status when nothing changed (nodeStatusReportFrequency). */
  nodeStatusReportFrequencyMs: number;
  nodeLeaseDurationSeconds: number;
  /** Lease renewal period: a quarter of the lease duration upstream. */
  nodeLeaseRenewIntervalMs: number;
  serializeImagePulls: boolean;
  /** Crash-loop back-off (kubelet's backOffPeriod / MaxContainerBackOff). */
  containerRestartBackOffMs: { initial: number; max: number };
  imagePullBackOffMs: { initial: number; max: number };
  /** Retry of a failed sync (sandbox, mount, config error); upstream's workerBackOffPeriod is 10 s. */
  syncErrorRetryMs: number;
  clusterDNS: string;
  clusterDomain: string;
  /** Download speed of the node's image pulls, bytes/s. */
  imagePullBandwidth: number;
  /** How often the static pod directory is re-read besides watching it (fileCheckFrequency). */
  fileCheckFrequencyMs: number;
}

export const DEFAULT_KUBELET_CONFIGURATION: KubeletConfiguration = {
  nodeStatusUpdateFrequencyMs: 10_000,
  nodeStatusReportFrequencyMs: 5 * 60_000,
  nodeLeaseDurationSeconds: 40,
  nodeLeaseRenewIntervalMs: 10_000,
  serializeImagePulls: true,
  containerRestartBackOffMs: { initial: 10_000, max: 300_000 },
  imagePullBackOffMs: { initial: 10_000, max: 300_000 },
  syncErrorRetryMs: 2_000,
  clusterDNS: '10.96.0.10',
  clusterDomain: 'cluster.local',
  imagePullBandwidth: 200e6,
  fileCheckFrequencyMs: 20_000,
};

export interface NodeSpec {
  name: string;
  /** Capacity; allocatable subtracts the eviction threshold (memory 100Mi, ephemeral-storage 10%). */
  cpu: string;
  memory: string;
  pods: number;
  ephemeralStorage: string;
  runtime: RuntimeName;
  podCIDR: string;
  internalIP: string;
  labels?: Record<string, string>;
  taints?: Array<{ key: string; value?: string; effect: string }>;
  /** Labels node-role.kubernetes.io/control-plane (kubeadm also taints it). */
  controlPlane?: boolean;
}

export const KUBELET_VERSION = 'v1.32.0';
