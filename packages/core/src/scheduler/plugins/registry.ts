/**
 * The in-tree registry (plugins/registry.go): every plugin kubelab knows, by name, with the
 * factory that builds it from its args and the framework handle.
 */
import type { Handle, Plugin, PluginFactory } from '../framework/interface.js';
import { DefaultBinder } from './defaultbinder/default-binder.js';
import { DefaultPreemption, type DefaultPreemptionArgs } from './defaultpreemption/default-preemption.js';
import { ImageLocality } from './imagelocality/image-locality.js';
import { InterPodAffinity, type InterPodAffinityArgs } from './interpodaffinity/inter-pod-affinity.js';
import { Names } from './names.js';
import { NodeAffinity, type NodeAffinityArgs } from './nodeaffinity/node-affinity.js';
import { NodeName } from './nodename/node-name.js';
import { NodePorts } from './nodeports/node-ports.js';
import { BalancedAllocation, type NodeResourcesBalancedAllocationArgs } from './noderesources/balanced-allocation.js';
import { Fit, type NodeResourcesFitArgs } from './noderesources/fit.js';
import { NodeUnschedulable } from './nodeunschedulable/node-unschedulable.js';
import { PodTopologySpread, type PodTopologySpreadArgs } from './podtopologyspread/pod-topology-spread.js';
import { PrioritySort } from './queuesort/priority-sort.js';
import { SchedulingGates } from './schedulinggates/scheduling-gates.js';
import { TaintToleration } from './tainttoleration/taint-toleration.js';
import { VolumeBinding, type VolumeBindingArgs } from './volumebinding/volume-binding.js';

/** Upstream plugins kubelab lists but does not implement: no extension points, never reject. */
function placeholder(name: string): PluginFactory {
  return () => ({ name });
}

export const IN_TREE_REGISTRY: ReadonlyMap<string, PluginFactory> = new Map<string, PluginFactory>([
  [Names.PrioritySort, () => new PrioritySort()],
  [Names.SchedulingGates, () => new SchedulingGates()],
  [Names.NodeName, () => new NodeName()],
  [Names.NodeUnschedulable, () => new NodeUnschedulable()],
  [Names.TaintToleration, () => new TaintToleration()],
  [Names.NodeAffinity, (args) => new NodeAffinity(args as NodeAffinityArgs)],
  [Names.NodePorts, () => new NodePorts()],
  [Names.NodeResourcesFit, (args) => new Fit(args as NodeResourcesFitArgs)],
  [Names.NodeResourcesBalancedAllocation, (args) => new BalancedAllocation(args as NodeResourcesBalancedAllocationArgs)],
  [Names.VolumeBinding, (args, h) => new VolumeBinding(args as VolumeBindingArgs, h)],
  [Names.PodTopologySpread, (args, h) => new PodTopologySpread(args as PodTopologySpreadArgs, h)],
  [Names.InterPodAffinity, (args, h) => new InterPodAffinity(args as InterPodAffinityArgs, h)],
  [Names.ImageLocality, (_args, h) => new ImageLocality(h)],
  [Names.DefaultPreemption, (args, h: Handle) => new DefaultPreemption(args as DefaultPreemptionArgs, h)],
  [Names.DefaultBinder, (_args, h) => new DefaultBinder(h)],
  ['VolumeRestrictions', placeholder('VolumeRestrictions')],
  ['NodeVolumeLimits', placeholder('NodeVolumeLimits')],
  ['VolumeZone', placeholder('VolumeZone')],
]);

export type { Plugin };
