/**
 * PersistentVolume columns (printPersistentVolume): CAPACITY, ACCESS MODES, RECLAIM POLICY,
 * STATUS ("Terminating" while being deleted), CLAIM ("<namespace>/<name>"), STORAGECLASS,
 * VOLUMEATTRIBUTESCLASS ("<unset>"), REASON, AGE, and with -o wide VOLUMEMODE.
 */
import type { KubeObject } from '../../api/meta.js';
import { AGE_COLUMN, NAME_COLUMN, age, column, nameOf, quantityText, text, wide, type Printer } from './common.js';

interface PersistentVolumeView extends KubeObject {
  spec?: {
    capacity?: Record<string, string>;
    accessModes?: string[];
    persistentVolumeReclaimPolicy?: string;
    claimRef?: { namespace?: string; name?: string } | null;
    storageClassName?: string;
    volumeAttributesClassName?: string | null;
    volumeMode?: string | null;
  };
  status?: { phase?: string; reason?: string };
}

/** The annotation that named a storage class before spec.storageClassName; it still wins. */
export const BETA_STORAGE_CLASS_ANNOTATION = 'volume.beta.kubernetes.io/storage-class';

export const persistentVolumePrinter: Printer = {
  columns: [
    NAME_COLUMN,
    column('Capacity', 'string', 'The storage the volume offers.'),
    column('Access Modes', 'string', 'How the volume can be mounted: RWO, ROX, RWX, RWOP.'),
    column('Reclaim Policy', 'string', 'What happens to the volume when its claim is released.'),
    column('Status', 'string', 'Available, Bound, Released or Failed.'),
    column('Claim', 'string', 'The claim bound to the volume, as namespace/name.'),
    column('StorageClass', 'string', 'The storage class the volume belongs to.'),
    column('VolumeAttributesClass', 'string', 'The volume attributes class the volume uses.'),
    column('Reason', 'string', 'Why the volume is in its phase, when it failed.'),
    AGE_COLUMN,
    wide('VolumeMode', 'string', 'Filesystem or Block.'),
  ],
  cells: (obj, now) => {
    const pv = obj as PersistentVolumeView;
    const spec = pv.spec ?? {};
    const claim = spec.claimRef ? `${text(spec.claimRef.namespace)}/${text(spec.claimRef.name)}` : '';
    // Decoding defaults the reclaim policy to Retain, the phase to Pending and the mode to Filesystem.
    const phase = pv.metadata?.deletionTimestamp ? 'Terminating' : pv.status?.phase || 'Pending';
    return [
      nameOf(pv),
      quantityText(spec.capacity?.['storage']),
      accessModesText(spec.accessModes),
      spec.persistentVolumeReclaimPolicy || 'Retain',
      phase,
      claim,
      storageClassOf(pv, spec.storageClassName),
      spec.volumeAttributesClassName ?? '<unset>',
      text(pv.status?.reason),
      age(pv, now),
      spec.volumeMode ?? 'Filesystem',
    ];
  },
};

/** GetAccessModesAsString: the modes present, always in the order RWO, ROX, RWX, RWOP. */
export function accessModesText(modes: readonly string[] | undefined): string {
  const present = new Set(modes ?? []);
  const order: Array<[string, string]> = [
    ['ReadWriteOnce', 'RWO'],
    ['ReadOnlyMany', 'ROX'],
    ['ReadWriteMany', 'RWX'],
    ['ReadWriteOncePod', 'RWOP'],
  ];
  return order
    .filter(([mode]) => present.has(mode))
    .map(([, short]) => short)
    .join(',');
}

/** The beta storage-class annotation when present (even empty), else the spec field. */
export function storageClassOf(obj: KubeObject, specClass: string | null | undefined): string {
  const annotations = obj.metadata?.annotations ?? {};
  if (Object.prototype.hasOwnProperty.call(annotations, BETA_STORAGE_CLASS_ANNOTATION)) {
    return annotations[BETA_STORAGE_CLASS_ANNOTATION] ?? '';
  }
  return specClass ?? '';
}
