/**
 * ConfigMap, Secret, ServiceAccount and the plain object references used across core/v1.
 */
import { obj, str, bool, bytes, ref, arr, map, type Definitions } from '../dsl.js';
import { core, meta } from './names.js';

export const configDefinitions: Definitions = {
  [core('ConfigMap')]: obj('Non-confidential configuration data as key/value pairs for pods to consume.', {
    apiVersion: str(
      'Versioned schema of this object, such as "v1" or "apps/v1". The server converts the schemas it knows and rejects others.',
    ),
    kind: str(
      'Kind of object, in CamelCase, such as "Pod". The server can infer it from the request path. Cannot be updated.',
    ),
    metadata: ref(meta('ObjectMeta'), 'Standard object metadata.'),
    immutable: bool(
      'When true, data and binaryData can no longer be changed; the object can only be deleted and recreated.',
    ),
    data: map(
      str(),
      'UTF-8 configuration data. Keys may contain alphanumerics, "-", "_" and "."; they must not overlap with binaryData\'s.',
    ),
    binaryData: map(bytes(), 'Binary configuration data, base64-encoded. Keys must not overlap with data\'s.'),
  }),
  [core('Secret')]: obj('Confidential data such as passwords, tokens or keys, at most 1 MiB.', {
    apiVersion: str(
      'Versioned schema of this object, such as "v1" or "apps/v1". The server converts the schemas it knows and rejects others.',
    ),
    kind: str(
      'Kind of object, in CamelCase, such as "Pod". The server can infer it from the request path. Cannot be updated.',
    ),
    metadata: ref(meta('ObjectMeta'), 'Standard object metadata.'),
    immutable: bool('When true, data can no longer be changed; the object can only be deleted and recreated.'),
    data: map(bytes(), 'The secret data, each value base64-encoded. Keys may contain alphanumerics, "-", "_" and ".".'),
    stringData: map(
      str(),
      'Write-only convenience: plain-text values merged into data on write, winning over it. Never returned on read.',
    ),
    type: str(
      'Type of the secret, used to check its contents: Opaque (default), kubernetes.io/tls, kubernetes.io/dockerconfigjson, kubernetes.io/service-account-token and others.',
    ),
  }),
  [core('ServiceAccount')]: obj('An identity for processes in pods, with the secrets it can use.', {
    apiVersion: str(
      'Versioned schema of this object, such as "v1" or "apps/v1". The server converts the schemas it knows and rejects others.',
    ),
    kind: str(
      'Kind of object, in CamelCase, such as "Pod". The server can infer it from the request path. Cannot be updated.',
    ),
    metadata: ref(meta('ObjectMeta'), 'Standard object metadata.'),
    secrets: arr(
      ref(core('ObjectReference')),
      'Secrets pods of this account may use; the kubernetes.io/enforce-mountable-secrets annotation restricts them to this list. Not for auto-generated tokens.',
      { patch: 'merge', mergeKey: 'name', list: 'map', keys: ['name'] },
    ),
    imagePullSecrets: arr(
      ref(core('LocalObjectReference')),
      'Registry credentials added to every pod of this account.',
      { list: 'atomic' },
    ),
    automountServiceAccountToken: bool(
      'Whether pods of this account get an API token mounted; the pod\'s own setting wins.',
    ),
  }),
  [core('LocalObjectReference')]: obj('A reference to an object by name in the same namespace.', {
    name: str('Name of the object.'),
  }, { mapType: 'atomic' }),
  [core('ObjectReference')]: obj('A reference to an object, possibly down to one field of it.', {
    kind: str('Kind of the object.'),
    namespace: str('Namespace of the object.'),
    name: str('Name of the object.'),
    uid: str('UID of the object.'),
    apiVersion: str('API version of the object.'),
    resourceVersion: str('Resource version of the object this reference was made for.'),
    fieldPath: str('A part of the object, such as spec.containers{name} for one container.'),
  }, { mapType: 'atomic' }),
  [core('SecretReference')]: obj('A reference to a Secret, possibly in another namespace.', {
    name: str('Name of the Secret.'),
    namespace: str('Namespace of the Secret.'),
  }, { mapType: 'atomic' }),
};
