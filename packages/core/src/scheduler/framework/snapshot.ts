/**
 * The snapshot a scheduling cycle reads (internal/cache.Snapshot): every node's NodeInfo in
 * the node tree's order, by name, and the two subsets InterPodAffinity walks — nodes with
 * pods that have any pod (anti-)affinity, and nodes with pods that have required
 * anti-affinity.
 *
 * The node tree order interleaves zones (internal/cache/node_tree.go): with zone a holding
 * a1 a2 a3 and zone b holding b1, the list is a1 b1 a2 a3 — so when the scheduler stops after
 * finding enough feasible nodes (percentageOfNodesToScore) it has still looked at every zone.
 *
 * kubelab's cycle runs synchronously between informer events, so the snapshot shares the
 * cache's NodeInfo objects instead of copying them; anything that changes a NodeInfo for a
 * simulation (preemption) clones it first.
 */
import { type Node, type Pod, LABEL_FAILURE_DOMAIN_REGION, LABEL_FAILURE_DOMAIN_ZONE, LABEL_TOPOLOGY_REGION, LABEL_TOPOLOGY_ZONE } from '../api/types.js';
import { type ImageStateSummary, NodeInfo } from './node-info.js';
import type { PodInfo } from './pod-info.js';
import { PodLabelIndex } from './pod-label-index.js';

/**
 * The topology domains of one label key over a snapshot's node list: what PodTopologySpread
 * counts pods by, read per node from typed arrays instead of every node's labels each cycle.
 */
export interface TopologyDomains {
  /** The label's values, in the order of the first node with each in the list. */
  values: string[];
  /** For the i-th node of list(): its value's index in values, -1 when it lacks the label. */
  of: Int32Array;
}

export interface NodeInfoLister {
  /** Every node, in node tree order. */
  list(): readonly NodeInfo[];
  havePodsWithAffinityList(): readonly NodeInfo[];
  havePodsWithRequiredAntiAffinityList(): readonly NodeInfo[];
  get(nodeName: string): NodeInfo | undefined;
  numNodes(): number;
  /** The pods by label, when the lister keeps them so (pod-label-index.ts). */
  readonly podLabels?: PodLabelIndex;
  /** The nodes of list() by the value of a label key, when the lister keeps them so. */
  domains?(key: string): TopologyDomains;
  /** A node's position in list(), -1 when it is not there. */
  positionOf?(nodeName: string): number;
}

export class Snapshot implements NodeInfoLister {
  private nodeInfoList: NodeInfo[] = [];
  private readonly byName = new Map<string, NodeInfo>();
  private readonly positions = new Map<string, number>();
  /** Domains by label key, computed on first use; dropped when the nodes or their labels change. */
  private readonly domainsByKey = new Map<string, TopologyDomains>();
  private withAffinity: NodeInfo[] | undefined;
  private withRequiredAntiAffinity: NodeInfo[] | undefined;
  /** Kept by whoever adds and removes the NodeInfos' pods. */
  readonly podLabels = new PodLabelIndex();

  /** A snapshot of nodes with pods bound to them (tests, and tools that simulate). */
  static fromObjects(nodes: readonly Node[], pods: readonly Pod[] = []): Snapshot {
    const infos = new Map<string, NodeInfo>();
    const images = new Map<string, ImageStateSummary>();
    for (const n of nodes) {
      const info = new NodeInfo(n);
      infos.set(info.name, info);
      for (const img of n.status?.images ?? []) {
        for (const name of img.names ?? []) {
          let s = images.get(name);
          if (!s) images.set(name, (s = { size: img.sizeBytes ?? 0, nodes: new Set() }));
          s.nodes.add(info.name);
          info.imageStates.set(name, s);
        }
      }
    }
    const indexed: Array<[PodInfo | undefined, string]> = [];
    for (const p of pods) {
      const nodeName = p.spec?.nodeName;
      if (nodeName) indexed.push([infos.get(nodeName)?.addPod(p), nodeName]);
    }
    const s = new Snapshot();
    for (const [pi, nodeName] of indexed) if (pi) s.podLabels.add(pi, nodeName);
    s.setNodes([...infos.values()]);
    return s;
  }

  /** Replaces the node list (given in insertion order; stored in node tree order). */
  setNodes(infos: readonly NodeInfo[]): void {
    this.nodeInfoList = nodeTreeOrder(infos.filter((i) => i.node !== undefined));
    this.byName.clear();
    this.positions.clear();
    this.nodeInfoList.forEach((i, pos) => {
      this.byName.set(i.name, i);
      this.positions.set(i.name, pos);
    });
    this.domainsByKey.clear();
    this.invalidateAffinityLists();
  }

  /** A node's labels changed in place (its NodeInfo kept): the domains are recomputed on next read. */
  nodeLabelsChanged(): void {
    this.domainsByKey.clear();
  }

  domains(key: string): TopologyDomains {
    let d = this.domainsByKey.get(key);
    if (!d) {
      const index = new Map<string, number>();
      const values: string[] = [];
      const of = new Int32Array(this.nodeInfoList.length);
      this.nodeInfoList.forEach((info, pos) => {
        const v = info.node?.metadata?.labels?.[key];
        if (v === undefined) {
          of[pos] = -1;
          return;
        }
        let i = index.get(v);
        if (i === undefined) {
          i = values.length;
          index.set(v, i);
          values.push(v);
        }
        of[pos] = i;
      });
      d = { values, of };
      this.domainsByKey.set(key, d);
    }
    return d;
  }

  positionOf(nodeName: string): number {
    return this.positions.get(nodeName) ?? -1;
  }

  /** Pods with affinity came or went: the affinity subsets are recomputed on next read. */
  invalidateAffinityLists(): void {
    this.withAffinity = undefined;
    this.withRequiredAntiAffinity = undefined;
  }

  list(): readonly NodeInfo[] {
    return this.nodeInfoList;
  }

  havePodsWithAffinityList(): readonly NodeInfo[] {
    return (this.withAffinity ??= this.nodeInfoList.filter((n) => n.podsWithAffinity.length > 0));
  }

  havePodsWithRequiredAntiAffinityList(): readonly NodeInfo[] {
    return (this.withRequiredAntiAffinity ??= this.nodeInfoList.filter((n) => n.podsWithRequiredAntiAffinity.length > 0));
  }

  get(nodeName: string): NodeInfo | undefined {
    return this.byName.get(nodeName);
  }

  numNodes(): number {
    return this.nodeInfoList.length;
  }
}

/** The zone a node is in, region and zone together (utilnode.GetZoneKey); "" when unlabelled. */
export function zoneKey(node: Node | undefined): string {
  const l = node?.metadata?.labels ?? {};
  const region = l[LABEL_TOPOLOGY_REGION] ?? l[LABEL_FAILURE_DOMAIN_REGION] ?? '';
  const zone = l[LABEL_TOPOLOGY_ZONE] ?? l[LABEL_FAILURE_DOMAIN_ZONE] ?? '';
  return region === '' && zone === '' ? '' : `${region}:\u0000:${zone}`;
}

/** Round-robin over zones, each zone's nodes in the order given (nodeTree.list). */
export function nodeTreeOrder(infos: readonly NodeInfo[]): NodeInfo[] {
  const zones = new Map<string, NodeInfo[]>();
  for (const i of infos) {
    const z = zoneKey(i.node);
    let list = zones.get(z);
    if (!list) zones.set(z, (list = []));
    list.push(i);
  }
  if (zones.size <= 1) return [...infos];
  const lists = [...zones.values()];
  const out: NodeInfo[] = [];
  for (let round = 0; out.length < infos.length; round++) {
    for (const l of lists) if (round < l.length) out.push(l[round]!);
  }
  return out;
}
