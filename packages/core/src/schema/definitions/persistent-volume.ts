/**
 * PersistentVolume and the persistent volume sources kubelab models field by field.
 */
import { obj, req, str, bool, ref, arr, map, time, quantity, type Definitions } from '../dsl.js';
import { core, meta } from './names.js';

export const persistentVolumeDefinitions: Definitions = {
  [core('PersistentVolume')]: obj('A piece of storage in the cluster, provisioned by an administrator or dynamically through a StorageClass, that claims bind to.', {
    apiVersion: str(
      'Versioned schema of this object, such as "v1" or "apps/v1". The server converts the schemas it knows and rejects others.',
    ),
    kind: str(
      'Kind of object, in CamelCase, such as "Pod". The server can infer it from the request path. Cannot be updated.',
    ),
    metadata: ref(meta('ObjectMeta'), 'Standard object metadata.'),
    spec: ref(core('PersistentVolumeSpec'), 'The storage the volume provides and how it is used.'),
    status: ref(core('PersistentVolumeStatus'), 'Current phase of the volume. Read-only.'),
  }),
  [core('PersistentVolumeSpec')]: obj('The storage of a persistent volume; exactly one volume source is set.', {
    capacity: map(quantity(), 'Size and other resources of the volume, such as storage: 10Gi.'),
    gcePersistentDisk: ref(core('GCEPersistentDiskVolumeSource'), 'Deprecated in-tree GCE persistent disk.'),
    awsElasticBlockStore: ref(core('AWSElasticBlockStoreVolumeSource'), 'Deprecated in-tree AWS EBS volume.'),
    hostPath: ref(core('HostPathVolumeSource'), 'A directory on one node; only for single-node testing.'),
    glusterfs: ref(core('GlusterfsPersistentVolumeSource'), 'Deprecated GlusterFS volume.'),
    nfs: ref(core('NFSVolumeSource'), 'An NFS share.'),
    rbd: ref(core('RBDPersistentVolumeSource'), 'Deprecated Ceph RBD volume.'),
    iscsi: ref(core('ISCSIPersistentVolumeSource'), 'An iSCSI disk.'),
    cinder: ref(core('CinderPersistentVolumeSource'), 'Deprecated in-tree OpenStack Cinder volume.'),
    cephfs: ref(core('CephFSPersistentVolumeSource'), 'Deprecated CephFS volume.'),
    fc: ref(core('FCVolumeSource'), 'A Fibre Channel disk.'),
    flocker: ref(core('FlockerVolumeSource'), 'Deprecated Flocker volume.'),
    flexVolume: ref(core('FlexPersistentVolumeSource'), 'Deprecated FlexVolume plugin volume.'),
    azureFile: ref(core('AzureFilePersistentVolumeSource'), 'Deprecated in-tree Azure File share.'),
    vsphereVolume: ref(core('VsphereVirtualDiskVolumeSource'), 'Deprecated in-tree vSphere volume.'),
    quobyte: ref(core('QuobyteVolumeSource'), 'Deprecated Quobyte volume.'),
    azureDisk: ref(core('AzureDiskVolumeSource'), 'Deprecated in-tree Azure Disk.'),
    photonPersistentDisk: ref(core('PhotonPersistentDiskVolumeSource'), 'Deprecated Photon Controller disk.'),
    portworxVolume: ref(core('PortworxVolumeSource'), 'Deprecated in-tree Portworx volume.'),
    scaleIO: ref(core('ScaleIOPersistentVolumeSource'), 'Deprecated ScaleIO volume.'),
    local: ref(core('LocalVolumeSource'), 'A local disk, partition or directory on a node; needs nodeAffinity.'),
    storageos: ref(core('StorageOSPersistentVolumeSource'), 'Deprecated StorageOS volume.'),
    csi: ref(core('CSIPersistentVolumeSource'), 'A volume managed by a CSI driver.'),
    accessModes: arr(
      str(undefined, { enum: ['ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOncePod'] }),
      'How the volume can be mounted: ReadWriteOnce, ReadOnlyMany, ReadWriteMany or ReadWriteOncePod.',
      { list: 'atomic' },
    ),
    claimRef: ref(
      core('ObjectReference'),
      'The claim the volume is bound to; may be set ahead of time to reserve the volume for a claim.',
    ),
    persistentVolumeReclaimPolicy: str(
      'What happens when the claim is released: Retain (default for manual volumes), Delete (default for dynamic ones) or the deprecated Recycle.',
      { enum: ['Delete', 'Recycle', 'Retain'] },
    ),
    storageClassName: str('StorageClass the volume belongs to; empty means no class.'),
    mountOptions: arr(str(), 'Mount options, used as given without validation.', { list: 'atomic' }),
    volumeMode: str('Filesystem (default) or Block.', { enum: ['Block', 'Filesystem'] }),
    nodeAffinity: ref(
      core('VolumeNodeAffinity'),
      'Nodes from which the volume can be reached; pods using it are scheduled there.',
    ),
    volumeAttributesClassName: str('VolumeAttributesClass the volume belongs to (beta).'),
  }),
  [core('PersistentVolumeStatus')]: obj('Current state of a persistent volume.', {
    phase: str(
      'Pending, Available, Bound, Released or Failed.',
      { enum: ['Available', 'Bound', 'Failed', 'Pending', 'Released'] },
    ),
    message: str('Human-readable detail about the state.'),
    reason: str('Brief CamelCase reason for a failure.'),
    lastPhaseTransitionTime: time('When the phase last changed.'),
  }),
  [core('CSIPersistentVolumeSource')]: obj('A persistent volume managed by a CSI driver.', {
    driver: req(str('Name of the CSI driver.')),
    volumeHandle: req(str('ID the driver gave the volume; used in all its calls.')),
    readOnly: bool('Publish the volume read-only. Defaults to false.'),
    fsType: str('Filesystem type to mount, such as ext4.'),
    volumeAttributes: map(str(), 'Driver-specific properties of the volume.'),
    controllerPublishSecretRef: ref(
      core('SecretReference'),
      'Secret passed to the driver\'s ControllerPublishVolume and ControllerUnpublishVolume calls.',
    ),
    nodeStageSecretRef: ref(core('SecretReference'), 'Secret passed to the driver\'s NodeStageVolume call.'),
    nodePublishSecretRef: ref(core('SecretReference'), 'Secret passed to the driver\'s NodePublishVolume call.'),
    controllerExpandSecretRef: ref(
      core('SecretReference'),
      'Secret passed to the driver\'s ControllerExpandVolume call.',
    ),
    nodeExpandSecretRef: ref(core('SecretReference'), 'Secret passed to the driver\'s NodeExpandVolume call.'),
  }),
  [core('LocalVolumeSource')]: obj('Local storage on a node.', {
    path: req(str('Full path of the volume on the node: a directory or a block device.')),
    fsType: str('Filesystem type of a block device; ignored for directories.'),
  }),
  [core('VolumeNodeAffinity')]: obj('Nodes from which a volume can be reached.', {
    required: ref(core('NodeSelector'), 'Nodes that can reach the volume.'),
  }),
};
