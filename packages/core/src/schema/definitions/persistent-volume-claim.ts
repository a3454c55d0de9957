/**
 * PersistentVolumeClaim and the references it uses.
 */
import { obj, req, str, ref, arr, map, time, quantity, type Definitions } from '../dsl.js';
import { core, meta } from './names.js';

export const persistentVolumeClaimDefinitions: Definitions = {
  [core('PersistentVolumeClaim')]: obj('A user\'s request for storage, bound to a matching PersistentVolume.', {
    apiVersion: str(
      'Versioned schema of this object, such as "v1" or "apps/v1". The server converts the schemas it knows and rejects others.',
    ),
    kind: str(
      'Kind of object, in CamelCase, such as "Pod". The server can infer it from the request path. Cannot be updated.',
    ),
    metadata: ref(meta('ObjectMeta'), 'Standard object metadata.'),
    spec: ref(core('PersistentVolumeClaimSpec'), 'The storage requested.'),
    status: ref(core('PersistentVolumeClaimStatus'), 'Current state of the claim. Read-only.'),
  }),
  [core('PersistentVolumeClaimSpec')]: obj('The storage a claim asks for.', {
    accessModes: arr(
      str(undefined, { enum: ['ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOncePod'] }),
      'Access modes the volume must support.',
      { list: 'atomic' },
    ),
    selector: ref(meta('LabelSelector'), 'Labels of the volumes that may be bound.'),
    resources: ref(
      core('VolumeResourceRequirements'),
      'Minimum resources the volume must have, such as storage: 1Gi; may be increased to expand the volume.',
    ),
    volumeName: str('Binds the claim to this PersistentVolume.'),
    storageClassName: str(
      'StorageClass to provision from; "" asks for a volume without a class, unset uses the default class.',
    ),
    volumeMode: str('Filesystem (default) or Block.', { enum: ['Block', 'Filesystem'] }),
    dataSource: ref(
      core('TypedLocalObjectReference'),
      'Object to populate the volume from: a VolumeSnapshot, a PersistentVolumeClaim or another populator\'s object.',
    ),
    dataSourceRef: ref(
      core('TypedObjectReference'),
      'Object to populate the volume from, possibly in another namespace; supersedes dataSource and allows any populator.',
    ),
    volumeAttributesClassName: str('VolumeAttributesClass of the volume (beta).'),
  }),
  [core('PersistentVolumeClaimStatus')]: obj('Current state of a claim.', {
    phase: str('Pending, Bound or Lost.', { enum: ['Bound', 'Lost', 'Pending'] }),
    accessModes: arr(
      str(undefined, { enum: ['ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOncePod'] }),
      'Access modes of the bound volume.',
      { list: 'atomic' },
    ),
    capacity: map(quantity(), 'Resources of the bound volume.'),
    conditions: arr(
      ref(core('PersistentVolumeClaimCondition')),
      'Current conditions, such as Resizing.',
      { patch: 'merge', mergeKey: 'type', list: 'map', keys: ['type'] },
    ),
    allocatedResources: map(
      quantity(),
      'Resources allocated to the claim, which may exceed the request during an expansion.',
    ),
    allocatedResourceStatuses: map(
      str(
        undefined,
        { enum: ['ControllerResizeInProgress', 'ControllerResizeInfeasible', 'NodeResizeInProgress', 'NodeResizeInfeasible', 'NodeResizePending'] },
      ),
      'Progress of resizing, per resource.',
      { mapType: 'granular' },
    ),
    currentVolumeAttributesClassName: str('VolumeAttributesClass currently applied to the volume.'),
    modifyVolumeStatus: ref(core('ModifyVolumeStatus'), 'State of an ongoing change of volume attributes class.'),
  }),
  [core('PersistentVolumeClaimCondition')]: obj('One aspect of a claim\'s state.', {
    type: req(str('Condition type, such as Resizing or FileSystemResizePending.')),
    status: req(str('True, False or Unknown.')),
    lastProbeTime: time('When the condition was last probed.'),
    lastTransitionTime: time('When the status last changed.'),
    reason: str('CamelCase reason for the last transition.'),
    message: str('Human-readable detail about the last transition.'),
  }),
  [core('ModifyVolumeStatus')]: obj('State of a change of volume attributes class.', {
    targetVolumeAttributesClassName: str('The class being applied.'),
    status: req(str('Pending, InProgress or Infeasible.', { enum: ['InProgress', 'Infeasible', 'Pending'] })),
  }),
  [core('VolumeResourceRequirements')]: obj('Storage a claim requests.', {
    limits: map(quantity(), 'Most of each resource the volume may have.'),
    requests: map(quantity(), 'Least of each resource the volume must have.'),
  }),
  [core('TypedLocalObjectReference')]: obj('A reference to an object of a given kind in the same namespace.', {
    apiGroup: str('API group of the object; empty for the core group.'),
    kind: req(str('Kind of the object.')),
    name: req(str('Name of the object.')),
  }, { mapType: 'atomic' }),
  [core('TypedObjectReference')]: obj('A reference to an object of a given kind, possibly in another namespace.', {
    apiGroup: str('API group of the object; empty for the core group.'),
    kind: req(str('Kind of the object.')),
    name: req(str('Name of the object.')),
    namespace: str('Namespace of the object; another namespace requires a ReferenceGrant there.'),
  }),
};
