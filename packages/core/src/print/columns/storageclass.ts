/**
 * StorageClass columns (printStorageClass): the NAME of the default class carries
 * " (default)"; RECLAIMPOLICY defaults to Delete and VOLUMEBINDINGMODE to Immediate.
 */
import type { KubeObject } from '../../api/meta.js';
import { AGE_COLUMN, NAME_COLUMN, age, column, nameOf, text, type Printer } from './common.js';

interface StorageClassView extends KubeObject {
  provisioner?: string;
  reclaimPolicy?: string | null;
  volumeBindingMode?: string | null;
  allowVolumeExpansion?: boolean | null;
}

const DEFAULT_CLASS_ANNOTATIONS = ['storageclass.kubernetes.io/is-default-class', 'storageclass.beta.kubernetes.io/is-default-class'];

export const storageClassPrinter: Printer = {
  columns: [
    NAME_COLUMN,
    column('Provisioner', 'string', 'The volume plugin or CSI driver that provisions volumes of this class.'),
    column('ReclaimPolicy', 'string', 'What happens to provisioned volumes when their claim is released.'),
    column('VolumeBindingMode', 'string', 'When claims are bound: Immediate, or WaitForFirstConsumer.'),
    column('AllowVolumeExpansion', 'string', 'Whether claims of this class may grow.'),
    AGE_COLUMN,
  ],
  cells: (obj, now) => {
    const sc = obj as StorageClassView;
    const annotations = sc.metadata?.annotations ?? {};
    const isDefault = DEFAULT_CLASS_ANNOTATIONS.some((a) => annotations[a] === 'true');
    return [
      isDefault ? `${nameOf(sc)} (default)` : nameOf(sc),
      text(sc.provisioner),
      sc.reclaimPolicy ?? 'Delete',
      sc.volumeBindingMode ?? 'Immediate',
      sc.allowVolumeExpansion ?? false,
      age(sc, now),
    ];
  },
};
