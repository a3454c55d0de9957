/**
 * Deployment columns (printDeployment): READY as "<ready>/<desired>", UP-TO-DATE, AVAILABLE,
 * and with -o wide CONTAINERS, IMAGES, SELECTOR.
 */
import type { KubeObject } from '../../api/meta.js';
import { selectorFromLabelSelector, type LabelSelector } from '../../labels/selector.js';
import type { Cell } from '../table-types.js';
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
import { desiredReplicas } from './replicaset.js';

interface DeploymentView extends KubeObject {
  spec?: { replicas?: number; selector?: LabelSelector | null; template?: PodTemplateView };
  status?: { readyReplicas?: number; updatedReplicas?: number; availableReplicas?: number };
}

export const deploymentPrinter: Printer = {
  columns: [
    NAME_COLUMN,
    column('Ready', 'string', 'Ready pods out of the desired replicas.'),
    column('Up-to-date', 'string', 'Pods that run the current pod template.'),
    column('Available', 'string', 'Pods that have been ready for at least minReadySeconds.'),
    AGE_COLUMN,
    CONTAINERS_COLUMN,
    IMAGES_COLUMN,
    wide('Selector', 'string', 'The label selector that picks the pods this deployment manages.'),
  ],
  cells: (obj, now) => {
    const d = obj as DeploymentView;
    const [names, images] = containerCells(d.spec?.template?.spec?.containers);
    const cells: Cell[] = [
      nameOf(d),
      `${int(d.status?.readyReplicas)}/${desiredReplicas(d.spec?.replicas)}`,
      int(d.status?.updatedReplicas),
      int(d.status?.availableReplicas),
      age(d, now),
      names,
      images,
      selectorText(d.spec?.selector),
    ];
    return cells;
  },
};

/**
 * Unlike the other workloads, printDeployment prints the selector's plain String(): an
 * absent selector is "" rather than "<none>", and one that cannot be parsed "<invalid>".
 */
function selectorText(selector: LabelSelector | null | undefined): string {
  try {
    return selectorFromLabelSelector(selector)?.toString() ?? '';
  } catch {
    return '<invalid>';
  }
}
