/**
 * Reading a KubeSchedulerConfiguration: YAML (or JSON) → checked → defaults applied
 * (kube-scheduler's --config loading: strict decoding, SetDefaults, Validate). Errors read
 * like kube-scheduler's field errors — `profiles[1].schedulerName: Duplicate value: "x"` —
 * and several are joined with "; ".
 */
import { parse as parseYaml } from 'yaml';
import { DEFAULT_MULTI_POINT, DEFAULT_PLUGIN_ARGS, DEFAULT_POD_INITIAL_BACKOFF_SECONDS, DEFAULT_POD_MAX_BACKOFF_SECONDS } from './defaults.js';
import { mergePluginSet } from './merge.js';
import {
  CONFIG_API_VERSION,
  CONFIG_KIND,
  type CompletedConfiguration,
  type CompletedProfile,
  EXTENSION_POINTS,
  type KubeSchedulerConfiguration,
  type PluginSet,
  type Profile,
} from './types.js';
import { DEFAULT_SCHEDULER_NAME } from '../api/types.js';

export class SchedulerConfigError extends Error {
  constructor(readonly errors: string[]) {
    super(errors.join('; '));
    this.name = 'SchedulerConfigError';
  }
}

const TOP_FIELDS = new Set(['apiVersion', 'kind', 'parallelism', 'percentageOfNodesToScore', 'podInitialBackoffSeconds', 'podMaxBackoffSeconds', 'leaderElection', 'profiles', 'clientConnection', 'enableProfiling', 'enableContentionProfiling', 'delayCacheUntilActive', 'extenders']);
const PROFILE_FIELDS = new Set(['schedulerName', 'percentageOfNodesToScore', 'plugins', 'pluginConfig']);
const PLUGINS_FIELDS = new Set([...EXTENSION_POINTS, 'multiPoint']);

/** Parses the text of a configuration file. */
export function parseSchedulerConfiguration(text: string): CompletedConfiguration {
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (err) {
    throw new SchedulerConfigError([`couldn't decode as KubeSchedulerConfiguration: ${(err as Error).message}`]);
  }
  return completeConfiguration(doc);
}

/** The defaults alone: one profile, default-scheduler. */
export function defaultConfiguration(): CompletedConfiguration {
  return completeConfiguration({ apiVersion: CONFIG_API_VERSION, kind: CONFIG_KIND });
}

/** Checks a decoded configuration and applies the defaults. */
export function completeConfiguration(doc: unknown): CompletedConfiguration {
  const errors: string[] = [];
  if (!isObject(doc)) throw new SchedulerConfigError(['couldn\'t decode as KubeSchedulerConfiguration: not an object']);
  const apiVersion = doc['apiVersion'];
  const kind = doc['kind'];
  if (kind !== CONFIG_KIND) throw new SchedulerConfigError([`Object 'Kind' is missing or is not ${CONFIG_KIND}: got ${JSON.stringify(kind ?? '')}`]);
  if (apiVersion !== CONFIG_API_VERSION) {
    throw new SchedulerConfigError([`no kind "${CONFIG_KIND}" is registered for version "${String(apiVersion)}" (kubelab reads ${CONFIG_API_VERSION})`]);
  }
  for (const k of Object.keys(doc)) if (!TOP_FIELDS.has(k)) errors.push(`strict decoding error: unknown field "${k}"`);
  if (Array.isArray(doc['extenders']) && doc['extenders'].length > 0) errors.push('extenders: Forbidden: scheduler extenders are not supported by kubelab');
  const cfg = doc as unknown as KubeSchedulerConfiguration;

  const pct = cfg.percentageOfNodesToScore ?? 0;
  if (!Number.isInteger(pct) || pct < 0 || pct > 100) errors.push(`percentageOfNodesToScore: Invalid value: ${JSON.stringify(pct)}: not in valid range [0-100]`);
  const initial = cfg.podInitialBackoffSeconds ?? DEFAULT_POD_INITIAL_BACKOFF_SECONDS;
  const max = cfg.podMaxBackoffSeconds ?? DEFAULT_POD_MAX_BACKOFF_SECONDS;
  if (!(initial > 0)) errors.push(`podInitialBackoffSeconds: Invalid value: ${initial}: must be greater than 0`);
  if (max < initial) errors.push(`podMaxBackoffSeconds: Invalid value: ${max}: must be greater than or equal to PodInitialBackoffSeconds`);

  const le = cfg.leaderElection ?? {};
  const leaderElection = {
    leaderElect: le.leaderElect ?? true,
    resourceName: le.resourceName ?? 'kube-scheduler',
    resourceNamespace: le.resourceNamespace ?? 'kube-system',
    leaseDurationMs: durationMs(le.leaseDuration ?? '15s', 'leaderElection.leaseDuration', errors),
    renewDeadlineMs: durationMs(le.renewDeadline ?? '10s', 'leaderElection.renewDeadline', errors),
    retryPeriodMs: durationMs(le.retryPeriod ?? '2s', 'leaderElection.retryPeriod', errors),
  };

  const rawProfiles: Profile[] = cfg.profiles && cfg.profiles.length > 0 ? cfg.profiles : [{}];
  const names = new Set<string>();
  const profiles: CompletedProfile[] = [];
  rawProfiles.forEach((p, i) => {
    const path = `profiles[${i}]`;
    if (!isObject(p)) {
      errors.push(`${path}: Invalid value: must be an object`);
      return;
    }
    for (const k of Object.keys(p)) if (!PROFILE_FIELDS.has(k)) errors.push(`strict decoding error: unknown field "${path}.${k}"`);
    const schedulerName = p.schedulerName || DEFAULT_SCHEDULER_NAME;
    if (names.has(schedulerName)) errors.push(`${path}.schedulerName: Duplicate value: "${schedulerName}"`);
    names.add(schedulerName);
    if (p.percentageOfNodesToScore !== undefined && (p.percentageOfNodesToScore < 0 || p.percentageOfNodesToScore > 100)) {
      errors.push(`${path}.percentageOfNodesToScore: Invalid value: ${p.percentageOfNodesToScore}: not in valid range [0-100]`);
    }
    profiles.push(completeProfile(p, schedulerName, path, errors));
  });
  if (errors.length > 0) throw new SchedulerConfigError(errors);
  return { percentageOfNodesToScore: pct, podInitialBackoffSeconds: initial, podMaxBackoffSeconds: max, leaderElection, profiles };
}

function completeProfile(p: Profile, schedulerName: string, path: string, errors: string[]): CompletedProfile {
  const plugins = (p.plugins ?? {}) as Record<string, PluginSet | undefined>;
  if (!isObject(plugins)) errors.push(`${path}.plugins: Invalid value: must be an object`);
  for (const k of Object.keys(plugins)) if (!PLUGINS_FIELDS.has(k as never)) errors.push(`strict decoding error: unknown field "${path}.plugins.${k}"`);
  const merged = {} as CompletedProfile['plugins'];
  for (const ep of [...EXTENSION_POINTS, 'multiPoint'] as const) {
    const custom = plugins[ep] ?? {};
    for (const [list, refs] of [['enabled', custom.enabled ?? []], ['disabled', custom.disabled ?? []]] as const) {
      refs.forEach((r, j) => {
        if (!isObject(r) || typeof r.name !== 'string' || r.name === '') errors.push(`${path}.plugins.${ep}.${list}[${j}].name: Required value`);
        if (r.weight !== undefined && (!Number.isInteger(r.weight) || r.weight < 0 || r.weight > 100)) {
          errors.push(`${path}.plugins.${ep}.${list}[${j}].weight: Invalid value: ${JSON.stringify(r.weight)}: must be in the range [0, 100]`);
        }
      });
    }
    const defaults = ep === 'multiPoint' ? { enabled: [...DEFAULT_MULTI_POINT], disabled: [] } : { enabled: [], disabled: [] };
    merged[ep] = mergePluginSet(defaults, custom);
  }
  const pluginArgs: Record<string, Record<string, unknown>> = {};
  for (const [name, args] of Object.entries(DEFAULT_PLUGIN_ARGS)) pluginArgs[name] = structuredClone(args);
  const seen = new Set<string>();
  (p.pluginConfig ?? []).forEach((pc, j) => {
    if (!isObject(pc) || typeof pc.name !== 'string') {
      errors.push(`${path}.pluginConfig[${j}].name: Required value`);
      return;
    }
    if (seen.has(pc.name)) errors.push(`${path}.pluginConfig[${j}]: Duplicate value: "${pc.name}"`);
    seen.add(pc.name);
    const { apiVersion: _a, kind: _k, ...args } = (pc.args ?? {}) as Record<string, unknown>;
    pluginArgs[pc.name] = { ...(pluginArgs[pc.name] ?? {}), ...args };
  });
  return { schedulerName, percentageOfNodesToScore: p.percentageOfNodesToScore, plugins: merged, pluginArgs };
}

/** "15s", "1m30s", "500ms" → ms. */
export function durationMs(text: string, path: string, errors: string[]): number {
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h)/g;
  let total = 0;
  let consumed = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const n = Number(m[1]);
    total += n * (m[2] === 'ms' ? 1 : m[2] === 's' ? 1000 : m[2] === 'm' ? 60_000 : 3_600_000);
    consumed += m[0].length;
  }
  if (consumed !== text.length || text.length === 0) {
    errors.push(`${path}: Invalid value: "${text}": time: invalid duration "${text}"`);
    return 0;
  }
  return total;
}

function isObject(v: unknown): v is Record<string, unknown> & { name?: unknown; weight?: number } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
