/**
 * Pod volumes and the volume sources kubelab models field by field (the in-tree cloud and
 * network plugins are in legacy-volume.ts).
 */
import { obj, req, str, int32, bool, ref, arr, map, quantity, type Definitions } from '../dsl.js';
import { core, meta } from './names.js';

export const volumeDefinitions: Definitions = {
  [core('Volume')]: obj('A named volume in a pod that its containers may mount; exactly one volume source is set.', {
    name: req(str('Name of the volume, a DNS label unique in the pod; volumeMounts refer to it.')),
    hostPath: ref(
      core('HostPathVolumeSource'),
      'A file or directory on the node, mounted into the pod. Mostly for system agents; a security risk for ordinary workloads.',
    ),
    emptyDir: ref(core('EmptyDirVolumeSource'), 'An empty directory that lives as long as the pod.'),
    gcePersistentDisk: ref(
      core('GCEPersistentDiskVolumeSource'),
      'Deprecated in-tree GCE persistent disk; migrated to the CSI driver.',
    ),
    awsElasticBlockStore: ref(
      core('AWSElasticBlockStoreVolumeSource'),
      'Deprecated in-tree AWS EBS volume; migrated to the CSI driver.',
    ),
    gitRepo: ref(
      core('GitRepoVolumeSource'),
      'Deprecated: a git repository cloned into an empty directory. Use an init container instead.',
    ),
    secret: ref(core('SecretVolumeSource'), 'A Secret, its keys as files.'),
    nfs: ref(core('NFSVolumeSource'), 'An NFS share.'),
    iscsi: ref(core('ISCSIVolumeSource'), 'An iSCSI disk.'),
    glusterfs: ref(core('GlusterfsVolumeSource'), 'Deprecated GlusterFS volume.'),
    persistentVolumeClaim: ref(
      core('PersistentVolumeClaimVolumeSource'),
      'A PersistentVolumeClaim in the pod\'s namespace.',
    ),
    rbd: ref(core('RBDVolumeSource'), 'Deprecated Ceph RBD volume.'),
    flexVolume: ref(core('FlexVolumeSource'), 'Deprecated FlexVolume plugin volume.'),
    cinder: ref(core('CinderVolumeSource'), 'Deprecated in-tree OpenStack Cinder volume.'),
    cephfs: ref(core('CephFSVolumeSource'), 'Deprecated CephFS volume.'),
    flocker: ref(core('FlockerVolumeSource'), 'Deprecated Flocker volume.'),
    downwardAPI: ref(core('DownwardAPIVolumeSource'), 'Pod fields and container resources, as files.'),
    fc: ref(core('FCVolumeSource'), 'A Fibre Channel disk.'),
    azureFile: ref(core('AzureFileVolumeSource'), 'Deprecated in-tree Azure File share.'),
    configMap: ref(core('ConfigMapVolumeSource'), 'A ConfigMap, its keys as files.'),
    vsphereVolume: ref(core('VsphereVirtualDiskVolumeSource'), 'Deprecated in-tree vSphere volume.'),
    quobyte: ref(core('QuobyteVolumeSource'), 'Deprecated Quobyte volume.'),
    azureDisk: ref(core('AzureDiskVolumeSource'), 'Deprecated in-tree Azure Disk.'),
    photonPersistentDisk: ref(core('PhotonPersistentDiskVolumeSource'), 'Deprecated Photon Controller disk.'),
    projected: ref(
      core('ProjectedVolumeSource'),
      'Secrets, ConfigMaps, downward API data and service account tokens combined in one directory.',
    ),
    portworxVolume: ref(core('PortworxVolumeSource'), 'Deprecated in-tree Portworx volume.'),
    scaleIO: ref(core('ScaleIOVolumeSource'), 'Deprecated ScaleIO volume.'),
    storageos: ref(core('StorageOSVolumeSource'), 'Deprecated StorageOS volume.'),
    csi: ref(core('CSIVolumeSource'), 'An ephemeral volume provided by a CSI driver.'),
    ephemeral: ref(
      core('EphemeralVolumeSource'),
      'A volume from a PersistentVolumeClaim created for this pod and deleted with it.',
    ),
    image: ref(core('ImageVolumeSource'), 'The contents of an OCI image or artifact, mounted read-only.'),
  }),
  [core('HostPathVolumeSource')]: obj('A path on the node.', {
    path: req(str('Path on the node; a symlink is followed to its target.')),
    type: str(
      'What must exist at the path: "" (no check), DirectoryOrCreate, Directory, FileOrCreate, File, Socket, CharDevice or BlockDevice.',
      { enum: ['', 'BlockDevice', 'CharDevice', 'Directory', 'DirectoryOrCreate', 'File', 'FileOrCreate', 'Socket'] },
    ),
  }),
  [core('EmptyDirVolumeSource')]: obj('A scratch directory for the lifetime of the pod.', {
    medium: str('Storage medium: "" (the node\'s default) or Memory (tmpfs).'),
    sizeLimit: quantity('Most local storage the directory may use; the pod is evicted when it grows beyond.'),
  }),
  [core('SecretVolumeSource')]: obj('A Secret projected as files, one per key unless items are given.', {
    secretName: str('Name of the Secret in the pod\'s namespace.'),
    items: arr(
      ref(core('KeyToPath')),
      'Keys to project and the paths to put them at; only these keys appear when set.',
      { list: 'atomic' },
    ),
    defaultMode: int32('Permission bits for the files, 0000 to 0777 (JSON needs decimal). Defaults to 0644.'),
    optional: bool('Whether the Secret or its keys may be missing.'),
  }),
  [core('ConfigMapVolumeSource')]: obj('A ConfigMap projected as files, one per key unless items are given.', {
    name: str('Name of the ConfigMap.'),
    items: arr(
      ref(core('KeyToPath')),
      'Keys to project and the paths to put them at; only these keys appear when set.',
      { list: 'atomic' },
    ),
    defaultMode: int32('Permission bits for the files, 0000 to 0777 (JSON needs decimal). Defaults to 0644.'),
    optional: bool('Whether the ConfigMap or its keys may be missing.'),
  }),
  [core('KeyToPath')]: obj('A key and the file it is projected to.', {
    key: req(str('The key to project.')),
    path: req(str('Relative path of the file; may not contain "..".')),
    mode: int32('Permission bits of this file, overriding defaultMode.'),
  }),
  [core('NFSVolumeSource')]: obj('An NFS export.', {
    server: req(str('Hostname or IP address of the NFS server.')),
    path: req(str('Path exported by the server.')),
    readOnly: bool('Mount read-only. Defaults to false.'),
  }),
  [core('PersistentVolumeClaimVolumeSource')]: obj('A reference to a PersistentVolumeClaim in the pod\'s namespace.', {
    claimName: req(str('Name of the claim.')),
    readOnly: bool('Mount read-only. Defaults to false.'),
  }),
  [core('DownwardAPIVolumeSource')]: obj('Pod information as files.', {
    items: arr(ref(core('DownwardAPIVolumeFile')), 'The files to create.', { list: 'atomic' }),
    defaultMode: int32('Permission bits for the files. Defaults to 0644.'),
  }),
  [core('DownwardAPIVolumeFile')]: obj('One file of pod information.', {
    path: req(str('Relative path of the file; may not contain "..".')),
    fieldRef: ref(core('ObjectFieldSelector'), 'A pod field: metadata name, namespace, labels, annotations or uid.'),
    resourceFieldRef: ref(core('ResourceFieldSelector'), 'A container resource limit or request.'),
    mode: int32('Permission bits of this file, overriding defaultMode.'),
  }),
  [core('CSIVolumeSource')]: obj('An ephemeral volume from a CSI driver.', {
    driver: req(str('Name of the CSI driver.')),
    readOnly: bool('Mount read-only. Defaults to false.'),
    fsType: str('Filesystem type to mount, such as ext4; passed to the driver.'),
    volumeAttributes: map(str(), 'Driver-specific properties.'),
    nodePublishSecretRef: ref(
      core('LocalObjectReference'),
      'Secret with sensitive data passed to the driver\'s NodePublishVolume call.',
    ),
  }),
  [core('EphemeralVolumeSource')]: obj('A volume backed by a PersistentVolumeClaim that is created with the pod and deleted with it.', {
    volumeClaimTemplate: ref(
      core('PersistentVolumeClaimTemplate'),
      'Template of the claim; the claim is named "<pod name>-<volume name>" and owned by the pod.',
    ),
  }),
  [core('PersistentVolumeClaimTemplate')]: obj('The claim created for an ephemeral volume.', {
    metadata: ref(meta('ObjectMeta'), 'Labels and annotations copied to the claim.'),
    spec: req(ref(core('PersistentVolumeClaimSpec'), 'Specification of the claim.')),
  }),
  [core('ImageVolumeSource')]: obj('An OCI image or artifact mounted as a read-only volume.', {
    reference: str('Image or artifact reference, as in a container\'s image field.'),
    pullPolicy: str(
      'Always, Never or IfNotPresent; defaults like a container\'s imagePullPolicy.',
      { enum: ['Always', 'IfNotPresent', 'Never'] },
    ),
  }),
};
