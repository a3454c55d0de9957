/**
 * Zones as the node lifecycle controller sees them (nodetopology.GetZoneKey and
 * ComputeZoneState): nodes are grouped by region and zone labels, and each zone's health
 * decides how fast its nodes may be tainted for eviction.
 *
 *   FullDisruption     no Ready node in the zone
 *   PartialDisruption  more than 2 nodes not Ready, and at least --unhealthy-zone-threshold
 *                      (55 %) of them
 *   Normal             otherwise
 */
import type { Node, NodeCondition } from './taints.js';

export type ZoneState = 'Initial' | 'Normal' | 'PartialDisruption' | 'FullDisruption';

/** GetZoneKey: region and zone of a node ("" when it has neither). */
export function zoneKey(node: Node): string {
  const labels = node.metadata?.labels ?? {};
  const region = labels['topology.kubernetes.io/region'] ?? labels['failure-domain.beta.kubernetes.io/region'] ?? '';
  const zone = labels['topology.kubernetes.io/zone'] ?? labels['failure-domain.beta.kubernetes.io/zone'] ?? '';
  return region === '' && zone === '' ? '' : `${region}:\u0000:${zone}`;
}

export function computeZoneState(conditions: Array<NodeCondition | undefined>, unhealthyThreshold: number): ZoneState {
  let ready = 0;
  let notReady = 0;
  for (const c of conditions) {
    if (c?.status === 'True') ready++;
    else notReady++;
  }
  if (ready === 0 && notReady > 0) return 'FullDisruption';
  if (notReady > 2 && notReady / (notReady + ready) >= unhealthyThreshold) return 'PartialDisruption';
  return 'Normal';
}
