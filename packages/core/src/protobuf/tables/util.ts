/**
 * Protobuf field table: k8s.io/apimachinery/pkg/runtime, k8s.io/apimachinery/pkg/util/intstr, k8s.io/apimachinery/pkg/api/resource.
 * Messages reachable from the kinds kubelab serves; format and sources in ../schema.ts.
 */
import type { PackageTable } from '../schema.js';

/** k8s.io/apimachinery/pkg/runtime */
export const RUNTIME: PackageTable = {
  package: 'runtime',
  messages: {
    RawExtension: [
      '1 raw bytes',
    ],
    TypeMeta: [
      '1 apiVersion string',
      '2 kind string',
    ],
    Unknown: [
      '1 typeMeta TypeMeta',
      '2 raw bytes',
      '3 contentEncoding string',
      '4 contentType string',
    ],
  },
};

/** k8s.io/apimachinery/pkg/util/intstr */
export const INTSTR: PackageTable = {
  package: 'intstr',
  messages: {
    IntOrString: [
      '1 type int64',
      '2 intVal int32',
      '3 strVal string',
    ],
  },
};

/** k8s.io/apimachinery/pkg/api/resource */
export const RESOURCE: PackageTable = {
  package: 'resource',
  messages: {
    Quantity: [
      '1 string string',
    ],
  },
};
