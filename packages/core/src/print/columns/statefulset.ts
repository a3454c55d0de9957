/**
 * StatefulSet columns (printStatefulSet): READY as "<ready>/<desired>", and with -o wide
 * CONTAINERS and IMAGES (no SELECTOR column, unlike the other workloads).
 */
import type { KubeObject } from '../../api/meta.js';
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
  type PodTemplateView,
  type Printer,
} from './common.js';
import { desiredReplicas } from './replicaset.js';

interface StatefulSetView extends KubeObject {
  spec?: { replicas?: number; template?: PodTemplateView };
  status?: { readyReplicas?: number };
}

export const statefulSetPrinter: Printer = {
  columns: [
    NAME_COLUMN,
    column('Ready', 'string', 'Ready pods out of the desired replicas.'),
    AGE_COLUMN,
    CONTAINERS_COLUMN,
    IMAGES_COLUMN,
  ],
  cells: (obj, now) => {
    const sts = obj as StatefulSetView;
    const [names, images] = containerCells(sts.spec?.template?.spec?.containers);
    return [nameOf(sts), `${int(sts.status?.readyReplicas)}/${desiredReplicas(sts.spec?.replicas)}`, age(sts, now), names, images];
  },
};
