/**
 * Projected volumes: several sources combined in one directory.
 */
import { obj, opaque, req, str, int32, int64, bool, ref, arr, type Definitions } from '../dsl.js';
import { core } from './names.js';

export const projectedDefinitions: Definitions = {
  [core('ProjectedVolumeSource')]: obj('Several sources projected into one directory.', {
    sources: arr(ref(core('VolumeProjection')), 'The sources to project.', { list: 'atomic' }),
    defaultMode: int32('Permission bits for the files. Defaults to 0644.'),
  }),
  [core('VolumeProjection')]: obj('One source of a projected volume; exactly one is set.', {
    secret: ref(core('SecretProjection'), 'Keys of a Secret.'),
    downwardAPI: ref(core('DownwardAPIProjection'), 'Pod information.'),
    configMap: ref(core('ConfigMapProjection'), 'Keys of a ConfigMap.'),
    serviceAccountToken: ref(core('ServiceAccountTokenProjection'), 'A token of the pod\'s service account.'),
    clusterTrustBundle: ref(
      core('ClusterTrustBundleProjection'),
      'Certificates from ClusterTrustBundle objects (alpha).',
    ),
  }),
  [core('SecretProjection')]: obj('Keys of a Secret in a projected volume.', {
    name: str('Name of the Secret.'),
    items: arr(ref(core('KeyToPath')), 'Keys to project and the paths to put them at.', { list: 'atomic' }),
    optional: bool('Whether the Secret or its keys may be missing.'),
  }),
  [core('ConfigMapProjection')]: obj('Keys of a ConfigMap in a projected volume.', {
    name: str('Name of the ConfigMap.'),
    items: arr(ref(core('KeyToPath')), 'Keys to project and the paths to put them at.', { list: 'atomic' }),
    optional: bool('Whether the ConfigMap or its keys may be missing.'),
  }),
  [core('DownwardAPIProjection')]: obj('Pod information in a projected volume.', {
    items: arr(ref(core('DownwardAPIVolumeFile')), 'The files to create.', { list: 'atomic' }),
  }),
  [core('ServiceAccountTokenProjection')]: obj('A token of the pod\'s service account, refreshed by the kubelet before it expires.', {
    audience: str('Audience the token is meant for. Defaults to the API server\'s identifier.'),
    expirationSeconds: int64('Requested lifetime of the token. Defaults to 1 hour; at least 10 minutes.'),
    path: req(str('Relative path of the token file.')),
  }),
  [core('ClusterTrustBundleProjection')]: opaque(
    'Certificates from ClusterTrustBundle objects, written to one file (alpha; kubelab accepts and keeps its fields without checking them).',
  ),
};
