/**
 * Deprecated in-tree volume plugins (cloud disks, network filesystems). kubelab does not model
 * their fields: each is an object that keeps whatever fields it is given, so strict field
 * validation reports nothing below them.
 */
import { opaque, type Definitions } from '../dsl.js';
import { core } from './names.js';

export const legacyVolumeDefinitions: Definitions = {
  [core('GCEPersistentDiskVolumeSource')]: opaque(
    'A Google Compute Engine persistent disk (in-tree plugin, deprecated; kubelab keeps its fields without checking them).',
  ),
  [core('AWSElasticBlockStoreVolumeSource')]: opaque(
    'An AWS EBS volume (in-tree plugin, deprecated; kubelab keeps its fields without checking them).',
  ),
  [core('GitRepoVolumeSource')]: opaque(
    'A git repository cloned into a directory (deprecated; kubelab keeps its fields without checking them).',
  ),
  [core('ISCSIVolumeSource')]: opaque('An iSCSI disk (kubelab keeps its fields without checking them).'),
  [core('GlusterfsVolumeSource')]: opaque(
    'A GlusterFS mount (deprecated; kubelab keeps its fields without checking them).',
  ),
  [core('RBDVolumeSource')]: opaque('A Ceph RBD device (deprecated; kubelab keeps its fields without checking them).'),
  [core('FlexVolumeSource')]: opaque(
    'A volume from a FlexVolume driver (deprecated; kubelab keeps its fields without checking them).',
  ),
  [core('CinderVolumeSource')]: opaque(
    'An OpenStack Cinder volume (in-tree plugin, deprecated; kubelab keeps its fields without checking them).',
  ),
  [core('CephFSVolumeSource')]: opaque('A CephFS mount (deprecated; kubelab keeps its fields without checking them).'),
  [core('FlockerVolumeSource')]: opaque(
    'A Flocker dataset (deprecated; kubelab keeps its fields without checking them).',
  ),
  [core('FCVolumeSource')]: opaque('A Fibre Channel disk (kubelab keeps its fields without checking them).'),
  [core('AzureFileVolumeSource')]: opaque(
    'An Azure File share (in-tree plugin, deprecated; kubelab keeps its fields without checking them).',
  ),
  [core('VsphereVirtualDiskVolumeSource')]: opaque(
    'A vSphere virtual disk (in-tree plugin, deprecated; kubelab keeps its fields without checking them).',
  ),
  [core('QuobyteVolumeSource')]: opaque(
    'A Quobyte mount (deprecated; kubelab keeps its fields without checking them).',
  ),
  [core('AzureDiskVolumeSource')]: opaque(
    'An Azure data disk (in-tree plugin, deprecated; kubelab keeps its fields without checking them).',
  ),
  [core('PhotonPersistentDiskVolumeSource')]: opaque(
    'A Photon Controller disk (deprecated; kubelab keeps its fields without checking them).',
  ),
  [core('PortworxVolumeSource')]: opaque(
    'A Portworx volume (in-tree plugin, deprecated; kubelab keeps its fields without checking them).',
  ),
  [core('ScaleIOVolumeSource')]: opaque(
    'A ScaleIO volume (deprecated; kubelab keeps its fields without checking them).',
  ),
  [core('StorageOSVolumeSource')]: opaque(
    'A StorageOS volume (deprecated; kubelab keeps its fields without checking them).',
  ),
  [core('GlusterfsPersistentVolumeSource')]: opaque(
    'A GlusterFS persistent volume (deprecated; kubelab keeps its fields without checking them).',
  ),
  [core('RBDPersistentVolumeSource')]: opaque(
    'A Ceph RBD persistent volume (deprecated; kubelab keeps its fields without checking them).',
  ),
  [core('ISCSIPersistentVolumeSource')]: opaque(
    'An iSCSI persistent volume (kubelab keeps its fields without checking them).',
  ),
  [core('CinderPersistentVolumeSource')]: opaque(
    'An OpenStack Cinder persistent volume (deprecated; kubelab keeps its fields without checking them).',
  ),
  [core('CephFSPersistentVolumeSource')]: opaque(
    'A CephFS persistent volume (deprecated; kubelab keeps its fields without checking them).',
  ),
  [core('FlexPersistentVolumeSource')]: opaque(
    'A FlexVolume persistent volume (deprecated; kubelab keeps its fields without checking them).',
  ),
  [core('AzureFilePersistentVolumeSource')]: opaque(
    'An Azure File persistent volume (deprecated; kubelab keeps its fields without checking them).',
  ),
  [core('ScaleIOPersistentVolumeSource')]: opaque(
    'A ScaleIO persistent volume (deprecated; kubelab keeps its fields without checking them).',
  ),
  [core('StorageOSPersistentVolumeSource')]: opaque(
    'A StorageOS persistent volume (deprecated; kubelab keeps its fields without checking them).',
  ),
};
