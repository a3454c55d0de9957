/**
 * Protobuf field table: k8s.io/api/authorization/v1.
 * Messages reachable from the kinds kubelab serves; format and sources in ../schema.ts.
 */
import type { PackageTable } from '../schema.js';

/** k8s.io/api/authorization/v1 */
export const AUTHORIZATION_V1: PackageTable = {
  package: 'authorization.v1',
  messages: {
    ExtraValue: ['1 items []string'],
    LocalSubjectAccessReview: [
      '1 metadata meta.v1.ObjectMeta omitempty',
      '2 spec SubjectAccessReviewSpec',
      '3 status SubjectAccessReviewStatus omitempty',
    ],
    NonResourceAttributes: [
      '1 path string omitempty',
      '2 verb string omitempty',
    ],
    NonResourceRule: [
      '1 verbs []string',
      '2 nonResourceURLs []string omitempty',
    ],
    ResourceAttributes: [
      '1 namespace string omitempty',
      '2 verb string omitempty',
      '3 group string omitempty',
      '4 version string omitempty',
      '5 resource string omitempty',
      '6 subresource string omitempty',
      '7 name string omitempty',
    ],
    ResourceRule: [
      '1 verbs []string',
      '2 apiGroups []string omitempty',
      '3 resources []string omitempty',
      '4 resourceNames []string omitempty',
    ],
    SelfSubjectAccessReview: [
      '1 metadata meta.v1.ObjectMeta omitempty',
      '2 spec SelfSubjectAccessReviewSpec',
      '3 status SubjectAccessReviewStatus omitempty',
    ],
    SelfSubjectAccessReviewSpec: [
      '1 resourceAttributes *ResourceAttributes omitempty',
      '2 nonResourceAttributes *NonResourceAttributes omitempty',
    ],
    SelfSubjectRulesReview: [
      '1 metadata meta.v1.ObjectMeta omitempty',
      '2 spec SelfSubjectRulesReviewSpec',
      '3 status SubjectRulesReviewStatus omitempty',
    ],
    SelfSubjectRulesReviewSpec: ['1 namespace string omitempty'],
    SubjectAccessReview: [
      '1 metadata meta.v1.ObjectMeta omitempty',
      '2 spec SubjectAccessReviewSpec',
      '3 status SubjectAccessReviewStatus omitempty',
    ],
    SubjectAccessReviewSpec: [
      '1 resourceAttributes *ResourceAttributes omitempty',
      '2 nonResourceAttributes *NonResourceAttributes omitempty',
      '3 user string omitempty',
      '4 groups []string omitempty',
      '5 extra map[string]ExtraValue omitempty',
      '6 uid string omitempty',
    ],
    SubjectAccessReviewStatus: [
      '1 allowed bool',
      '4 denied bool omitempty',
      '2 reason string omitempty',
      '3 evaluationError string omitempty',
    ],
    SubjectRulesReviewStatus: [
      '1 resourceRules []ResourceRule',
      '2 nonResourceRules []NonResourceRule',
      '3 incomplete bool',
      '4 evaluationError string omitempty',
    ],
  },
};
