/**
 * The defaults of kubescheduler.config.k8s.io/v1 (pkg/scheduler/apis/config/v1):
 * the default profile's plugins — all through multiPoint, in this order, which is also the
 * order Filter runs them — and each plugin's default args.
 */
import { Names } from '../plugins/names.js';
import type { PluginRef } from './types.js';

/**
 * getDefaultPlugins: the weights are the score weights. VolumeRestrictions,
 * NodeVolumeLimits and VolumeZone are listed so configurations naming them load; kubelab
 * implements them as plugins without extension points (they never reject).
 */
export const DEFAULT_MULTI_POINT: readonly PluginRef[] = [
  { name: Names.SchedulingGates },
  { name: Names.PrioritySort },
  { name: Names.NodeUnschedulable },
  { name: Names.NodeName },
  { name: Names.TaintToleration, weight: 3 },
  { name: Names.NodeAffinity, weight: 2 },
  { name: Names.NodePorts },
  { name: Names.NodeResourcesFit, weight: 1 },
  { name: 'VolumeRestrictions' },
  { name: 'NodeVolumeLimits' },
  { name: Names.VolumeBinding },
  { name: 'VolumeZone' },
  { name: Names.PodTopologySpread, weight: 2 },
  { name: Names.InterPodAffinity, weight: 2 },
  { name: Names.DefaultPreemption },
  { name: Names.NodeResourcesBalancedAllocation, weight: 1 },
  { name: Names.ImageLocality, weight: 1 },
  { name: Names.DefaultBinder },
];

/** Default args of the plugins that take args (SetDefaults_*Args). */
export const DEFAULT_PLUGIN_ARGS: Record<string, Record<string, unknown>> = {
  [Names.DefaultPreemption]: { minCandidateNodesPercentage: 10, minCandidateNodesAbsolute: 100 },
  [Names.InterPodAffinity]: { hardPodAffinityWeight: 1, ignorePreferredTermsOfExistingPods: false },
  [Names.NodeAffinity]: {},
  [Names.NodeResourcesBalancedAllocation]: {
    resources: [
      { name: 'cpu', weight: 1 },
      { name: 'memory', weight: 1 },
    ],
  },
  [Names.NodeResourcesFit]: {
    scoringStrategy: {
      type: 'LeastAllocated',
      resources: [
        { name: 'cpu', weight: 1 },
        { name: 'memory', weight: 1 },
      ],
    },
  },
  [Names.PodTopologySpread]: { defaultingType: 'System' },
  [Names.VolumeBinding]: { bindTimeoutSeconds: 600 },
};

export const DEFAULT_POD_INITIAL_BACKOFF_SECONDS = 1;
export const DEFAULT_POD_MAX_BACKOFF_SECONDS = 10;
