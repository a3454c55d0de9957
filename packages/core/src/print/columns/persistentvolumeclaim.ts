/**
 * PersistentVolumeClaim columns (printPersistentVolumeClaim): STATUS ("Terminating" while
 * being deleted), VOLUME, CAPACITY and ACCESS MODES (from status, and only once the claim
 * names a volume), STORAGECLASS, VOLUMEATTRIBUTESCLASS, AGE, and with -o wide VOLUMEMODE.
 */
import type { KubeObject } from '../../api/meta.js';
import { AGE_COLUMN, NAME_COLUMN, age, column, nameOf, quantityText, text, wide, type Printer } from './common.js';
import { accessModesText, storageClassOf } from './persistentvolume.js';

interface PersistentVolumeClaimView extends KubeObject {
  spec?: {
    volumeName?: string;
    storageClassName?: string | null;
    volumeAttributesClassName?: string | null;
    volumeMode?: string | null;
  };
  status?: { phase?: string; capacity?: Record<string, string>; accessModes?: string[] };
}

export const persistentVolumeClaimPrinter: Printer = {
  columns: [
    NAME_COLUMN,
    column('Status', 'string', 'Pending, Bound or Lost.'),
    column('Volume', 'string', 'The persistent volume bound to the claim.'),
    column('Capacity', 'string', 'The storage of the bound volume.'),
    column('Access Modes', 'string', 'How the bound volume can be mounted.'),
    column('StorageClass', 'string', 'The storage class the claim asks for.'),
    column('VolumeAttributesClass', 'string', 'The volume attributes class the claim asks for.'),
    AGE_COLUMN,
    wide('VolumeMode', 'string', 'Filesystem or Block.'),
  ],
  cells: (obj, now) => {
    const pvc = obj as PersistentVolumeClaimView;
    const spec = pvc.spec ?? {};
    const bound = text(spec.volumeName) !== '';
    // Decoding defaults the phase to Pending and the mode to Filesystem.
    const phase = pvc.metadata?.deletionTimestamp ? 'Terminating' : pvc.status?.phase || 'Pending';
    return [
      nameOf(pvc),
      phase,
      text(spec.volumeName),
      bound ? quantityText(pvc.status?.capacity?.['storage']) : '',
      bound ? accessModesText(pvc.status?.accessModes) : '',
      storageClassOf(pvc, spec.storageClassName),
      spec.volumeAttributesClassName ?? '<unset>',
      age(pvc, now),
      spec.volumeMode ?? 'Filesystem',
    ];
  },
};
