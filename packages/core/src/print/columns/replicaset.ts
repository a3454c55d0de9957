/**
 * ReplicaSet columns (printReplicaSet): DESIRED, CURRENT, READY, and with -o wide
 * CONTAINERS, IMAGES, SELECTOR.
 */
import type { KubeObject } from '../../api/meta.js';
import type { LabelSelector } from '../../labels/selector.js';
import {
  AGE_COLUMN,
  CONTAINERS_COLUMN,
  IMAGES_COLUMN,
  NAME_COLUMN,
  age,
  column,
  containerCells,
  int,
  nameOf,
  wide,
  type PodTemplateView,
  type Printer,
} from './common.js';
import { selectorCell } from './selector.js';

interface ReplicaSetView extends KubeObject {
  spec?: { replicas?: number; selector?: LabelSelector | null; template?: PodTemplateView };
  status?: { replicas?: number; readyReplicas?: number };
}

export const replicaSetPrinter: Printer = {
  columns: [
    NAME_COLUMN,
    column('Desired', 'integer', 'The number of pods wanted (spec.replicas).'),
    column('Current', 'integer', 'The number of pods that exist now.'),
    column('Ready', 'integer', 'The number of pods that are ready.'),
    AGE_COLUMN,
    CONTAINERS_COLUMN,
    IMAGES_COLUMN,
    wide('Selector', 'string', 'The label selector that picks the pods this replica set manages.'),
  ],
  cells: (obj, now) => {
    const rs = obj as ReplicaSetView;
    const [names, images] = containerCells(rs.spec?.template?.spec?.containers);
    return [
      nameOf(rs),
      desiredReplicas(rs.spec?.replicas),
      int(rs.status?.replicas),
      int(rs.status?.readyReplicas),
      age(rs, now),
      names,
      images,
      selectorCell(rs.spec?.selector),
    ];
  },
};

/**
 * spec.replicas as the server reads it: decoding applies the v1 default of 1 when the field
 * is absent, so an undefaulted object still prints what a real cluster would.
 */
export function desiredReplicas(replicas: number | undefined): number {
  return typeof replicas === 'number' ? replicas : 1;
}
