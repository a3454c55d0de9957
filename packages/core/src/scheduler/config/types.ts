/**
 * KubeSchedulerConfiguration, kubescheduler.config.k8s.io/v1 — the fields kubelab reads:
 *
 *   apiVersion: kubescheduler.config.k8s.io/v1
 *   kind: KubeSchedulerConfiguration
 *   percentageOfNodesToScore: 0          # 0: adaptive (50% − nodes/125, at least 5%)
 *   podInitialBackoffSeconds: 1
 *   podMaxBackoffSeconds: 10
 *   profiles:
 *   - schedulerName: default-scheduler
 *     plugins:
 *       multiPoint: { enabled: [{name: X, weight: 2}], disabled: [{name: '*'}] }
 *       score:      { enabled: [{name: NodeResourcesFit, weight: 5}], disabled: [...] }
 *     pluginConfig:
 *     - name: NodeResourcesFit
 *       args: { scoringStrategy: { type: MostAllocated } }
 */
export const CONFIG_API_VERSION = 'kubescheduler.config.k8s.io/v1';
export const CONFIG_KIND = 'KubeSchedulerConfiguration';

export interface PluginRef {
  name: string;
  weight?: number;
}

export interface PluginSet {
  enabled?: PluginRef[];
  disabled?: PluginRef[];
}

export const EXTENSION_POINTS = [
  'preEnqueue',
  'queueSort',
  'preFilter',
  'filter',
  'postFilter',
  'preScore',
  'score',
  'reserve',
  'permit',
  'preBind',
  'bind',
  'postBind',
] as const;

export type ExtensionPoint = (typeof EXTENSION_POINTS)[number];

export type Plugins = Partial<Record<ExtensionPoint | 'multiPoint', PluginSet>>;

export interface PluginConfig {
  name: string;
  args?: Record<string, unknown>;
}

export interface Profile {
  schedulerName?: string;
  percentageOfNodesToScore?: number;
  plugins?: Plugins;
  pluginConfig?: PluginConfig[];
}

export interface LeaderElectionConfiguration {
  leaderElect?: boolean;
  leaseDuration?: string;
  renewDeadline?: string;
  retryPeriod?: string;
  resourceLock?: string;
  resourceName?: string;
  resourceNamespace?: string;
}

export interface KubeSchedulerConfiguration {
  apiVersion: string;
  kind: string;
  parallelism?: number;
  percentageOfNodesToScore?: number;
  podInitialBackoffSeconds?: number;
  podMaxBackoffSeconds?: number;
  leaderElection?: LeaderElectionConfiguration;
  profiles?: Profile[];
}

/** A configuration with every default applied (SetDefaults_KubeSchedulerConfiguration). */
export interface CompletedConfiguration {
  percentageOfNodesToScore: number;
  podInitialBackoffSeconds: number;
  podMaxBackoffSeconds: number;
  leaderElection: Required<Pick<LeaderElectionConfiguration, 'leaderElect' | 'resourceName' | 'resourceNamespace'>> & {
    leaseDurationMs: number;
    renewDeadlineMs: number;
    retryPeriodMs: number;
  };
  profiles: CompletedProfile[];
}

export interface CompletedProfile {
  schedulerName: string;
  percentageOfNodesToScore?: number;
  /** Every extension point's set, the defaults merged in (mergePlugins). */
  plugins: Record<ExtensionPoint | 'multiPoint', { enabled: PluginRef[]; disabled: PluginRef[] }>;
  /** Args by plugin name, defaults filled in. */
  pluginArgs: Record<string, Record<string, unknown>>;
}
