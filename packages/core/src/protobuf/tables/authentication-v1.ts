/**
 * Protobuf field table: k8s.io/api/authentication/v1.
 * Messages reachable from the kinds kubelab serves; format and sources in ../schema.ts.
 */
import type { PackageTable } from '../schema.js';

/** k8s.io/api/authentication/v1 */
export const AUTHENTICATION_V1: PackageTable = {
  package: 'authentication.v1',
  messages: {
    BoundObjectReference: [
      '1 kind string omitempty',
      '2 apiVersion string omitempty',
      '3 name string omitempty',
      '4 uid string omitempty',
    ],
    ExtraValue: ['1 items []string'],
    SelfSubjectReview: [
      '1 metadata meta.v1.ObjectMeta omitempty',
      '2 status SelfSubjectReviewStatus omitempty',
    ],
    SelfSubjectReviewStatus: ['1 userInfo UserInfo omitempty'],
    TokenRequest: [
      '1 metadata meta.v1.ObjectMeta omitempty',
      '2 spec TokenRequestSpec',
      '3 status TokenRequestStatus omitempty',
    ],
    TokenRequestSpec: [
      '1 audiences []string',
      '4 expirationSeconds *int64',
      '3 boundObjectRef *BoundObjectReference',
    ],
    TokenRequestStatus: [
      '1 token string',
      '2 expirationTimestamp meta.v1.Time',
    ],
    UserInfo: [
      '1 username string omitempty',
      '2 uid string omitempty',
      '3 groups []string omitempty',
      '4 extra map[string]ExtraValue omitempty',
    ],
  },
};
