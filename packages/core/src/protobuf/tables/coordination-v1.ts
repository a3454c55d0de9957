/**
 * Protobuf field table: k8s.io/api/coordination/v1.
 * Messages reachable from the kinds kubelab serves; format and sources in ../schema.ts.
 */
import type { PackageTable } from '../schema.js';

/** k8s.io/api/coordination/v1 */
export const COORDINATION_V1: PackageTable = {
  package: 'coordination.v1',
  messages: {
    Lease: [
      '1 metadata meta.v1.ObjectMeta omitempty',
      '2 spec LeaseSpec omitempty',
    ],
    LeaseSpec: [
      '1 holderIdentity *string omitempty',
      '2 leaseDurationSeconds *int32 omitempty',
      '3 acquireTime *meta.v1.MicroTime omitempty',
      '4 renewTime *meta.v1.MicroTime omitempty',
      '5 leaseTransitions *int32 omitempty',
      '6 strategy *string omitempty',
      '7 preferredHolder *string omitempty',
    ],
  },
};
