/**
 * Protobuf field table: k8s.io/api/autoscaling/v1.
 * Messages reachable from the kinds kubelab serves; format and sources in ../schema.ts.
 */
import type { PackageTable } from '../schema.js';

/** k8s.io/api/autoscaling/v1 */
export const AUTOSCALING_V1: PackageTable = {
  package: 'autoscaling.v1',
  messages: {
    Scale: [
      '1 metadata meta.v1.ObjectMeta omitempty',
      '2 spec ScaleSpec omitempty',
      '3 status ScaleStatus omitempty',
    ],
    ScaleSpec: [
      '1 replicas int32 omitempty',
    ],
    ScaleStatus: [
      '1 replicas int32',
      '2 selector string omitempty',
    ],
  },
};
