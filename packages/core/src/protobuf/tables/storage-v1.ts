/**
 * Protobuf field table: k8s.io/api/storage/v1.
 * Messages reachable from the kinds kubelab serves; format and sources in ../schema.ts.
 */
import type { PackageTable } from '../schema.js';

/** k8s.io/api/storage/v1 */
export const STORAGE_V1: PackageTable = {
  package: 'storage.v1',
  messages: {
    StorageClass: [
      '1 metadata meta.v1.ObjectMeta omitempty',
      '2 provisioner string',
      '3 parameters map[string]string omitempty',
      '4 reclaimPolicy *string omitempty',
      '5 mountOptions []string omitempty',
      '6 allowVolumeExpansion *bool omitempty',
      '7 volumeBindingMode *string omitempty',
      '8 allowedTopologies []core.v1.TopologySelectorTerm omitempty',
    ],
  },
};
