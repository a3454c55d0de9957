/**
 * kubelabd's own flags as `kubelab up` takes them and hands them over unchanged
 * (packages/daemon/src/main.ts parses and validates them; a bad value fails the start with
 * kubelabd's words). Each has an environment variable, so a lab's setup script can export
 * them once.
 */
import { Flags } from './cli/flag.js';

const group = 'KUBELABD';

export const daemonFlags = {
  'scheduler-config': Flags.string({ description: 'A KubeSchedulerConfiguration file (kubescheduler.config.k8s.io/v1): profiles, plugins enabled or disabled, plugin args and weights.', env: 'KUBELAB_SCHEDULER_CONFIG', helpValue: 'FILE', helpGroup: group }),
  seed: Flags.integer({ description: 'Break ties between equally scored nodes reproducibly (default: at random, as kube-scheduler).', env: 'KUBELAB_SEED', helpValue: 'N', helpGroup: group }),
  'node-monitor-grace-period': Flags.string({ description: "Silence after which a node's Ready condition goes Unknown (default 40s).", env: 'KUBELAB_NODE_MONITOR_GRACE_PERIOD', helpValue: 'DURATION', helpGroup: group }),
  'default-not-ready-toleration-seconds': Flags.integer({ description: 'How long pods tolerate a not-ready node before eviction (default 300).', env: 'KUBELAB_DEFAULT_NOT_READY_TOLERATION_SECONDS', min: 0, helpValue: 'N', helpGroup: group }),
  'default-unreachable-toleration-seconds': Flags.integer({ description: 'How long pods tolerate an unreachable node before eviction (default 300).', env: 'KUBELAB_DEFAULT_UNREACHABLE_TOLERATION_SECONDS', min: 0, helpValue: 'N', helpGroup: group }),
  'node-cpu': Flags.string({ description: "Each simulated node's CPU capacity (default 4).", env: 'KUBELAB_NODE_CPU', helpValue: 'QUANTITY', helpGroup: group }),
  'node-memory': Flags.string({ description: "Each simulated node's memory capacity (default 8Gi).", env: 'KUBELAB_NODE_MEMORY', helpValue: 'QUANTITY', helpGroup: group }),
  'node-pods': Flags.integer({ description: 'Pods each simulated node takes (default 110).', env: 'KUBELAB_NODE_PODS', min: 0, helpValue: 'N', helpGroup: group }),
  'node-ephemeral-storage': Flags.string({ description: "Each simulated node's ephemeral storage (default 100Gi).", env: 'KUBELAB_NODE_EPHEMERAL_STORAGE', helpValue: 'QUANTITY', helpGroup: group }),
  'node-runtime': Flags.string({ description: 'The container runtime the nodes report (default containerd).', env: 'KUBELAB_NODE_RUNTIME', options: ['containerd', 'cri-o', 'cri-dockerd'], helpValue: 'RUNTIME', helpGroup: group }),
};
