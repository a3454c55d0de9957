/**
 * DaemonSet columns (printDaemonSet): DESIRED, CURRENT, READY, UP-TO-DATE, AVAILABLE,
 * NODE SELECTOR (the pod template's nodeSelector, "<none>" when empty), and with -o wide
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
  formatLabels,
  int,
  nameOf,
  wide,
  type PodTemplateView,
  type Printer,
} from './common.js';
import { selectorCell } from './selector.js';

interface DaemonSetView extends KubeObject {
  spec?: { selector?: LabelSelector | null; template?: PodTemplateView };
  status?: {
    desiredNumberScheduled?: number;
    currentNumberScheduled?: number;
    numberReady?: number;
    updatedNumberScheduled?: number;
    numberAvailable?: number;
  };
}

export const daemonSetPrinter: Printer = {
  columns: [
    NAME_COLUMN,
    column('Desired', 'integer', 'The number of nodes that should run the daemon pod.'),
    column('Current', 'integer', 'The number of nodes running at least one daemon pod that should.'),
    column('Ready', 'integer', 'The number of nodes whose daemon pod is ready.'),
    column('Up-to-date', 'integer', 'The number of nodes running the current pod template.'),
    column('Available', 'integer', 'The number of nodes whose daemon pod has been ready for minReadySeconds.'),
    column('Node Selector', 'string', "The pod template's node selector."),
    AGE_COLUMN,
    CONTAINERS_COLUMN,
    IMAGES_COLUMN,
    wide('Selector', 'string', 'The label selector that picks the pods this daemon set manages.'),
  ],
  cells: (obj, now) => {
    const ds = obj as DaemonSetView;
    const st = ds.status ?? {};
    const [names, images] = containerCells(ds.spec?.template?.spec?.containers);
    return [
      nameOf(ds),
      int(st.desiredNumberScheduled),
      int(st.currentNumberScheduled),
      int(st.numberReady),
      int(st.updatedNumberScheduled),
      int(st.numberAvailable),
      formatLabels(ds.spec?.template?.spec?.nodeSelector),
      age(ds, now),
      names,
      images,
      selectorCell(ds.spec?.selector),
    ];
  },
};
