/**
 * Environment variables of containers and the selectors they take values from.
 */
import { obj, req, str, bool, ref, quantity, type Definitions } from '../dsl.js';
import { core } from './names.js';

export const envDefinitions: Definitions = {
  [core('EnvVar')]: obj('An environment variable of a container.', {
    name: req(str('Name of the variable, a C identifier.')),
    value: str('Value, with $(VAR) references to earlier variables expanded and $$(VAR) escaped. Defaults to "".'),
    valueFrom: ref(core('EnvVarSource'), 'Source of the value when value is not given.'),
  }),
  [core('EnvVarSource')]: obj('Where an environment variable takes its value from.', {
    fieldRef: ref(
      core('ObjectFieldSelector'),
      'A field of the pod: metadata.name, metadata.namespace, metadata.uid, metadata.labels[\'<key>\'], metadata.annotations[\'<key>\'], spec.nodeName, spec.serviceAccountName, status.hostIP, status.hostIPs, status.podIP or status.podIPs.',
    ),
    resourceFieldRef: ref(
      core('ResourceFieldSelector'),
      'A resource limit or request of a container: limits.cpu, limits.memory, limits.ephemeral-storage, requests.cpu, requests.memory or requests.ephemeral-storage.',
    ),
    configMapKeyRef: ref(core('ConfigMapKeySelector'), 'A key of a ConfigMap in the pod\'s namespace.'),
    secretKeyRef: ref(core('SecretKeySelector'), 'A key of a Secret in the pod\'s namespace.'),
  }),
  [core('EnvFromSource')]: obj('A ConfigMap or Secret whose keys all become environment variables.', {
    prefix: str('Text prepended to every key; must be a C identifier.'),
    configMapRef: ref(core('ConfigMapEnvSource'), 'The ConfigMap to take variables from.'),
    secretRef: ref(core('SecretEnvSource'), 'The Secret to take variables from.'),
  }),
  [core('ConfigMapEnvSource')]: obj('A ConfigMap whose data becomes environment variables.', {
    name: str('Name of the ConfigMap.'),
    optional: bool('Whether the ConfigMap may be missing.'),
  }),
  [core('SecretEnvSource')]: obj('A Secret whose data becomes environment variables.', {
    name: str('Name of the Secret.'),
    optional: bool('Whether the Secret may be missing.'),
  }),
  [core('ConfigMapKeySelector')]: obj('A key of a ConfigMap.', {
    name: str('Name of the ConfigMap.'),
    key: req(str('The key to select.')),
    optional: bool('Whether the ConfigMap or its key may be missing.'),
  }, { mapType: 'atomic' }),
  [core('SecretKeySelector')]: obj('A key of a Secret.', {
    name: str('Name of the Secret.'),
    key: req(str('The key to select; must be a valid secret key.')),
    optional: bool('Whether the Secret or its key may be missing.'),
  }, { mapType: 'atomic' }),
  [core('ObjectFieldSelector')]: obj('A field of the pod, by path.', {
    apiVersion: str('Schema version the field path is written in. Defaults to "v1".'),
    fieldPath: req(str('Path of the field in that version.')),
  }, { mapType: 'atomic' }),
  [core('ResourceFieldSelector')]: obj('A container resource, optionally scaled by a divisor.', {
    containerName: str(
      'Container whose resource is selected; required for volumes, optional for environment variables.',
    ),
    resource: req(str('Resource to select, such as limits.cpu.')),
    divisor: quantity('Unit the value is divided by. Defaults to 1.'),
  }, { mapType: 'atomic' }),
};
