import { describe, expect, it } from 'vitest';
import { parseSchedulerConfiguration } from '../../src/scheduler/config/parse.js';
import { validateProfiles } from '../../src/scheduler/framework/framework-build.js';
import { Snapshot } from '../../src/scheduler/framework/snapshot.js';
import { IN_TREE_REGISTRY } from '../../src/scheduler/plugins/registry.js';
import { node } from './builders.js';
import { harness } from './framework-harness.js';

const doc = (profiles: string) => `apiVersion: kubescheduler.config.k8s.io/v1
kind: KubeSchedulerConfiguration
profiles:
${profiles}`;

function pluginsOf(yaml: string, i = 0) {
  const config = parseSchedulerConfiguration(yaml);
  const fwk = harness(Snapshot.fromObjects([node('n1')]), {}, { config: { ...config, profiles: [config.profiles[i]!] } }).fwk;
  return {
    filter: fwk.plugins.filter.map((p) => p.name),
    score: fwk.plugins.score.map((s) => `${s.plugin.name}:${s.weight}`),
    postFilter: fwk.plugins.postFilter.map((p) => p.name),
    schedulerName: fwk.schedulerName,
  };
}

describe('KubeSchedulerConfiguration', () => {
  it('defaults to one profile, default-scheduler, with the default plugins and weights in upstream order', () => {
    const p = pluginsOf('apiVersion: kubescheduler.config.k8s.io/v1\nkind: KubeSchedulerConfiguration\n');
    expect(p.schedulerName).toBe('default-scheduler');
    expect(p.filter).toEqual(['NodeUnschedulable', 'NodeName', 'TaintToleration', 'NodeAffinity', 'NodePorts', 'NodeResourcesFit', 'VolumeBinding', 'PodTopologySpread', 'InterPodAffinity']);
    expect(p.score).toEqual([
      'TaintToleration:3',
      'NodeAffinity:2',
      'NodeResourcesFit:1',
      'PodTopologySpread:2',
      'InterPodAffinity:2',
      'NodeResourcesBalancedAllocation:1',
      'ImageLocality:1',
    ]);
    expect(p.postFilter).toEqual(['DefaultPreemption']);
  });

  it('disables a plugin at one extension point and re-weights another', () => {
    const p = pluginsOf(
      doc(`- schedulerName: default-scheduler
  plugins:
    score:
      disabled: [{name: ImageLocality}]
      enabled: [{name: NodeResourcesFit, weight: 5}]`),
    );
    expect(p.score).toEqual(['NodeResourcesFit:5', 'TaintToleration:3', 'NodeAffinity:2', 'PodTopologySpread:2', 'InterPodAffinity:2', 'NodeResourcesBalancedAllocation:1']);
    // Disabled for score only: ImageLocality has no other extension point; Fit still filters.
    expect(p.filter).toContain('NodeResourcesFit');
  });

  it('disables every default with "*" and enables only what it lists', () => {
    const p = pluginsOf(
      doc(`- schedulerName: lean
  plugins:
    multiPoint:
      disabled: [{name: '*'}]
      enabled: [{name: PrioritySort}, {name: NodeResourcesFit, weight: 2}, {name: DefaultBinder}]`),
    );
    expect(p).toEqual({ filter: ['NodeResourcesFit'], score: ['NodeResourcesFit:2'], postFilter: [], schedulerName: 'lean' });
  });

  it('reads plugin args, with the defaults filled in', () => {
    const config = parseSchedulerConfiguration(
      doc(`- pluginConfig:
  - name: NodeResourcesFit
    args:
      scoringStrategy: {type: MostAllocated}`),
    );
    expect(config.profiles[0]!.pluginArgs['NodeResourcesFit']).toEqual({ scoringStrategy: { type: 'MostAllocated' } });
    expect(config.profiles[0]!.pluginArgs['DefaultPreemption']).toEqual({ minCandidateNodesPercentage: 10, minCandidateNodesAbsolute: 100 });
  });

  it('serves several profiles, each with its schedulerName', () => {
    const config = parseSchedulerConfiguration(doc(`- schedulerName: default-scheduler\n- schedulerName: no-scoring\n  plugins:\n    score:\n      disabled: [{name: '*'}]`));
    expect(config.profiles.map((p) => p.schedulerName)).toEqual(['default-scheduler', 'no-scoring']);
    expect(pluginsOf(doc(`- schedulerName: default-scheduler\n- schedulerName: no-scoring\n  plugins:\n    score:\n      disabled: [{name: '*'}]`), 1).score).toEqual([]);
  });

  const errors = [
    { name: 'an unknown apiVersion', yaml: 'apiVersion: kubescheduler.config.k8s.io/v1beta2\nkind: KubeSchedulerConfiguration\n', want: 'no kind "KubeSchedulerConfiguration" is registered for version "kubescheduler.config.k8s.io/v1beta2"' },
    { name: 'a duplicate schedulerName', yaml: doc('- schedulerName: a\n- schedulerName: a'), want: 'profiles[1].schedulerName: Duplicate value: "a"' },
    { name: 'an unknown field', yaml: doc('- schedulerName: a\n  plugin: {}'), want: 'strict decoding error: unknown field "profiles[0].plugin"' },
    { name: 'a percentage out of range', yaml: 'apiVersion: kubescheduler.config.k8s.io/v1\nkind: KubeSchedulerConfiguration\npercentageOfNodesToScore: 120\n', want: 'percentageOfNodesToScore: Invalid value: 120: not in valid range [0-100]' },
    { name: 'a weight out of range', yaml: doc('- plugins:\n    score:\n      enabled: [{name: ImageLocality, weight: 101}]'), want: 'profiles[0].plugins.score.enabled[0].weight: Invalid value: 101: must be in the range [0, 100]' },
  ];
  it.each(errors)('rejects $name', ({ yaml, want }) => {
    expect(() => parseSchedulerConfiguration(yaml)).toThrow(want);
  });

  it('rejects a plugin it does not know when the profile is built', () => {
    const config = parseSchedulerConfiguration(doc('- plugins:\n    filter:\n      enabled: [{name: NoSuchPlugin}]'));
    expect(() => harness(Snapshot.fromObjects([]), {}, { config })).toThrow('default-scheduler: plugin "NoSuchPlugin" does not exist');
  });

  const unbuildable = [
    { name: 'an unknown plugin', profiles: '- plugins:\n    filter:\n      enabled: [{name: NoSuchPlugin}]', want: 'default-scheduler: plugin "NoSuchPlugin" does not exist' },
    { name: 'a plugin at a point it does not extend', profiles: '- plugins:\n    filter:\n      enabled: [{name: ImageLocality}]', want: 'plugin "ImageLocality" does not extend FilterPlugin plugin' },
    { name: 'profiles sorting the queue differently', profiles: '- schedulerName: a\n- schedulerName: b\n  plugins:\n    queueSort:\n      enabled: [{name: NoSuchSort}]', want: 'b: plugin "NoSuchSort" does not exist' },
  ];
  it.each(unbuildable)('refuses $name before any scheduler starts (validateProfiles)', ({ profiles, want }) => {
    const config = parseSchedulerConfiguration(doc(profiles));
    expect(() => validateProfiles(config.profiles, IN_TREE_REGISTRY)).toThrow(want);
  });

  it('accepts the defaults and several profiles without touching the framework handle', () => {
    expect(() => validateProfiles(parseSchedulerConfiguration(doc('- schedulerName: a\n- schedulerName: b')).profiles, IN_TREE_REGISTRY)).not.toThrow();
  });
});
