/**
 * Building a profile's Framework from its completed configuration (runtime.NewFramework):
 * instantiate each enabled plugin once with its args, then fill every extension point —
 * the plugins enabled for it explicitly, and the multiPoint plugins that implement it
 * (expandMultiPointPlugins):
 *
 *   order   explicit plugins that override a multiPoint one, then multiPoint plugins, then the
 *           other explicit plugins;
 *   skip    a multiPoint plugin disabled for this point (or "*") is left out;
 *   weight  score weight from score.enabled, else from multiPoint, else 1.
 */
import type { CompletedProfile, ExtensionPoint, PluginRef } from '../config/types.js';
import { EXTENSION_POINTS } from '../config/types.js';
import { Framework, type ProfilePlugins } from './framework.js';
import type { Handle, Plugin, PluginFactory } from './interface.js';

/** The method that marks a plugin as implementing an extension point, and upstream's type name. */
const EXTENSION_METHODS: Record<ExtensionPoint, [method: string, typeName: string]> = {
  preEnqueue: ['preEnqueue', 'PreEnqueuePlugin'],
  queueSort: ['less', 'QueueSortPlugin'],
  preFilter: ['preFilter', 'PreFilterPlugin'],
  filter: ['filter', 'FilterPlugin'],
  postFilter: ['postFilter', 'PostFilterPlugin'],
  preScore: ['preScore', 'PreScorePlugin'],
  score: ['score', 'ScorePlugin'],
  reserve: ['reserve', 'ReservePlugin'],
  permit: ['permit', 'PermitPlugin'],
  preBind: ['preBind', 'PreBindPlugin'],
  bind: ['bind', 'BindPlugin'],
  postBind: ['postBind', 'PostBindPlugin'],
};

export function implementsPoint(p: Plugin, ep: ExtensionPoint): boolean {
  return typeof (p as unknown as Record<string, unknown>)[EXTENSION_METHODS[ep][0]] === 'function';
}

/** What the daemon provides; the framework adds its own runners to make the Handle. */
export type BaseHandle = Omit<Handle, 'runFilterPluginsWithNominatedPods' | 'runPreFilterExtensionAddPod' | 'runPreFilterExtensionRemovePod' | 'schedulerName'>;

export function buildFramework(profile: CompletedProfile, base: BaseHandle, registry: ReadonlyMap<string, PluginFactory>): Framework {
  let fwk: Framework | undefined;
  const handle: Handle = {
    ...base,
    schedulerName: profile.schedulerName,
    runFilterPluginsWithNominatedPods: (s, p, n) => fwk!.runFilterPluginsWithNominatedPods(s, p, n),
    runPreFilterExtensionAddPod: (s, p, a, n) => fwk!.runPreFilterExtensionAddPod(s, p, a, n),
    runPreFilterExtensionRemovePod: (s, p, r, n) => fwk!.runPreFilterExtensionRemovePod(s, p, r, n),
  };
  // Instantiate every plugin any extension point enables.
  const needed = new Set<string>();
  for (const ep of [...EXTENSION_POINTS, 'multiPoint'] as const) for (const r of profile.plugins[ep].enabled) needed.add(r.name);
  const instances = new Map<string, Plugin>();
  for (const name of needed) {
    const factory = registry.get(name);
    if (!factory) throw new Error(`${profile.schedulerName}: plugin "${name}" does not exist`);
    try {
      instances.set(name, factory(profile.pluginArgs[name] ?? {}, handle));
    } catch (err) {
      throw new Error(`${profile.schedulerName}: initializing plugin "${name}": ${(err as Error).message}`);
    }
  }
  const lists = {} as Record<ExtensionPoint, Plugin[]>;
  const weights = new Map<string, number>();
  for (const r of profile.plugins.multiPoint.enabled) if (r.weight) weights.set(r.name, r.weight);
  for (const ep of EXTENSION_POINTS) lists[ep] = expand(profile, ep, instances);
  for (const r of profile.plugins.score.enabled) if (r.weight) weights.set(r.name, r.weight);
  if (lists.queueSort.length !== 1) throw new Error(`${profile.schedulerName}: one queue sort plugin required for profile, got ${lists.queueSort.length}`);
  if (lists.bind.length === 0) throw new Error(`${profile.schedulerName}: at least one bind plugin is needed for profile`);
  const plugins: ProfilePlugins = {
    preEnqueue: lists.preEnqueue as ProfilePlugins['preEnqueue'],
    queueSort: lists.queueSort[0] as ProfilePlugins['queueSort'],
    preFilter: lists.preFilter as ProfilePlugins['preFilter'],
    filter: lists.filter as ProfilePlugins['filter'],
    postFilter: lists.postFilter as ProfilePlugins['postFilter'],
    preScore: lists.preScore as ProfilePlugins['preScore'],
    score: (lists.score as ProfilePlugins['score'][number]['plugin'][]).map((plugin) => ({ plugin, weight: weights.get(plugin.name) ?? 1 })),
    reserve: lists.reserve as ProfilePlugins['reserve'],
    permit: lists.permit as ProfilePlugins['permit'],
    preBind: lists.preBind as ProfilePlugins['preBind'],
    bind: lists.bind as ProfilePlugins['bind'],
    postBind: lists.postBind as ProfilePlugins['postBind'],
  };
  fwk = new Framework({
    schedulerName: profile.schedulerName,
    percentageOfNodesToScore: profile.percentageOfNodesToScore,
    handle,
    plugins,
    pluginsByName: instances,
  });
  return fwk;
}

function expand(profile: CompletedProfile, ep: ExtensionPoint, instances: Map<string, Plugin>): Plugin[] {
  const [, typeName] = EXTENSION_METHODS[ep];
  const set = profile.plugins[ep];
  const explicit: string[] = [];
  for (const r of set.enabled) {
    const p = instances.get(r.name);
    if (!p) throw new Error(`${typeName} "${r.name}" does not exist`);
    if (!implementsPoint(p, ep)) throw new Error(`plugin "${r.name}" does not extend ${typeName} plugin`);
    if (explicit.includes(r.name)) throw new Error(`plugin "${r.name}" already registered as "${typeName}"`);
    explicit.push(r.name);
  }
  const disabled = new Set(set.disabled.map((d: PluginRef) => d.name));
  if (disabled.has('*')) return explicit.map((n) => instances.get(n)!);
  const overrides: string[] = [];
  const multi: string[] = [];
  for (const r of profile.plugins.multiPoint.enabled) {
    const p = instances.get(r.name)!;
    if (!implementsPoint(p, ep) || disabled.has(r.name)) continue;
    if (explicit.includes(r.name)) {
      overrides.push(r.name);
      continue;
    }
    if (multi.includes(r.name)) throw new Error(`plugin "${r.name}" already registered as "${typeName}"`);
    multi.push(r.name);
  }
  const ordered = [...explicit.filter((n) => overrides.includes(n)), ...multi, ...explicit.filter((n) => !overrides.includes(n))];
  return ordered.map((n) => instances.get(n)!);
}

/** Every profile must sort the queue with the same plugin: there is one queue. */
export function checkQueueSortMatches(frameworks: readonly Framework[]): void {
  const names = new Set(frameworks.map((f) => f.plugins.queueSort.name));
  if (names.size > 1) throw new Error('profiles[1].plugins.queueSort: Invalid value: queueSort must be the same for all profiles');
}

/**
 * Builds every profile once, with a handle that must not be used, so that a configuration
 * naming an unknown plugin, a plugin at a point it does not extend, bad plugin args or
 * mismatched queue sorts fails where it is read — kube-scheduler refuses to start on such a
 * file ("couldn't create scheduler") — not later, when the scheduler starts leading.
 */
export function validateProfiles(profiles: readonly CompletedProfile[], registry: ReadonlyMap<string, PluginFactory>): void {
  const unused = new Proxy({} as BaseHandle, {
    get: (_, key) => {
      throw new Error(`the framework handle (${String(key)}) is not available while validating the configuration`);
    },
  });
  checkQueueSortMatches(profiles.map((p) => buildFramework(p, unused, registry)));
}
