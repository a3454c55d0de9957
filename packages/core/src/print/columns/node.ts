/**
 * Node columns as kube-apiserver's printNode computes them: STATUS from the Ready condition
 * ("Ready", "NotReady" for False or Unknown, "Unknown" when the node has never reported one),
 * with ",SchedulingDisabled" for a cordoned node; ROLES from node-role.kubernetes.io/<role>
 * label keys and the kubernetes.io/role label's value, sorted and de-duplicated.
 */
import type { KubeObject } from '../../api/meta.js';
import type { Cell } from '../table-types.js';
import { AGE_COLUMN, NAME_COLUMN, age, column, compareStrings, nameOf, text, wide, type Printer } from './common.js';

interface NodeView extends KubeObject {
  spec?: { unschedulable?: boolean };
  status?: {
    conditions?: Array<{ type?: string; status?: string }>;
    addresses?: Array<{ type?: string; address?: string }>;
    nodeInfo?: { kubeletVersion?: string; osImage?: string; kernelVersion?: string; containerRuntimeVersion?: string };
  };
}

const ROLE_LABEL_PREFIX = 'node-role.kubernetes.io/';
const ROLE_LABEL = 'kubernetes.io/role';

export const nodePrinter: Printer = {
  columns: [
    NAME_COLUMN,
    column('Status', 'string', 'Whether the node is Ready, and SchedulingDisabled when it is cordoned.'),
    column('Roles', 'string', 'The roles named by the node-role.kubernetes.io/<role> labels.'),
    AGE_COLUMN,
    column('Version', 'string', 'The kubelet version the node reports.'),
    wide('Internal-IP', 'string', 'The first InternalIP among the node addresses.'),
    wide('External-IP', 'string', 'The first ExternalIP among the node addresses.'),
    wide('OS-Image', 'string', 'The operating system image the node reports.'),
    wide('Kernel-Version', 'string', 'The kernel version the node reports.'),
    wide('Container-Runtime', 'string', 'The container runtime and version the node reports.'),
  ],
  cells: (obj, now) => nodeCells(obj as NodeView, now),
};

function nodeCells(node: NodeView, now: number): Cell[] {
  const info = node.status?.nodeInfo ?? {};
  return [
    nameOf(node),
    nodeStatus(node),
    nodeRoles(node).join(',') || '<none>',
    age(node, now),
    text(info.kubeletVersion),
    nodeAddress(node, 'InternalIP'),
    nodeAddress(node, 'ExternalIP'),
    info.osImage || '<unknown>',
    info.kernelVersion || '<unknown>',
    info.containerRuntimeVersion || '<unknown>',
  ];
}

function nodeStatus(node: NodeView): string {
  // Upstream indexes conditions by type, so the last Ready condition decides.
  const ready = (node.status?.conditions ?? []).filter((c) => c.type === 'Ready').at(-1);
  const status = [ready === undefined ? 'Unknown' : ready.status === 'True' ? 'Ready' : 'NotReady'];
  if (node.spec?.unschedulable === true) status.push('SchedulingDisabled');
  return status.join(',');
}

export function nodeRoles(node: KubeObject): string[] {
  const roles = new Set<string>();
  for (const [key, value] of Object.entries(node.metadata?.labels ?? {})) {
    if (key.startsWith(ROLE_LABEL_PREFIX)) {
      const role = key.slice(ROLE_LABEL_PREFIX.length);
      if (role !== '') roles.add(role);
    } else if (key === ROLE_LABEL && value !== '') {
      roles.add(value);
    }
  }
  return [...roles].sort(compareStrings);
}

function nodeAddress(node: NodeView, type: string): string {
  const found = (node.status?.addresses ?? []).find((a) => a.type === type);
  return found ? text(found.address) : '<none>';
}
