/**
 * Protobuf field table: k8s.io/api/scheduling/v1.
 * Messages reachable from the kinds kubelab serves; format and sources in ../schema.ts.
 */
import type { PackageTable } from '../schema.js';

/** k8s.io/api/scheduling/v1 */
export const SCHEDULING_V1: PackageTable = {
  package: 'scheduling.v1',
  messages: {
    PriorityClass: [
      '1 metadata meta.v1.ObjectMeta omitempty',
      '2 value int32',
      '3 globalDefault bool omitempty',
      '4 description string omitempty',
      '5 preemptionPolicy *string omitempty',
    ],
  },
};
