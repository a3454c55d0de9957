/**
 * Bodies of subresources served under core and apps kinds that belong to other groups:
 * Scale (autoscaling/v1, served at deployments/scale, replicasets/scale and
 * statefulsets/scale) and TokenRequest (authentication.k8s.io/v1, served at
 * serviceaccounts/token). Binding and Eviction live with Pod and PodDisruptionBudget.
 */
import { int32, obj, ref, req, str, arr, int64, time, type Definitions } from '../dsl.js';
import { authentication, autoscaling, meta } from './names.js';

const API_VERSION = 'Versioned schema of this object, such as "v1" or "apps/v1". The server converts the schemas it knows and rejects others.';
const KIND = 'Kind of object, in CamelCase, such as "Pod". The server can infer it from the request path. Cannot be updated.';

export const subresourceDefinitions: Definitions = {
  [autoscaling('Scale')]: obj('The scale of a scalable resource: its desired and current replica counts.', {
    apiVersion: str(API_VERSION),
    kind: str(KIND),
    metadata: ref(meta('ObjectMeta'), 'Standard object metadata; name and namespace are those of the scaled object.'),
    spec: ref(autoscaling('ScaleSpec'), 'The desired number of replicas.'),
    status: ref(autoscaling('ScaleStatus'), 'The current number of replicas. Read-only.'),
  }),
  [autoscaling('ScaleSpec')]: obj('Desired scale of a resource.', {
    replicas: int32('Desired number of replicas.'),
  }),
  [autoscaling('ScaleStatus')]: obj('Current scale of a resource.', {
    replicas: req(int32('Number of replicas observed.')),
    selector: str('Label selector of the pods counted, in string form such as "app=web".'),
  }),
  [authentication('TokenRequest')]: obj('A request for a token of a service account.', {
    apiVersion: str(API_VERSION),
    kind: str(KIND),
    metadata: ref(meta('ObjectMeta'), 'Standard object metadata.'),
    spec: req(ref(authentication('TokenRequestSpec'), 'What the token is for.')),
    status: ref(authentication('TokenRequestStatus'), 'The issued token. Read-only.'),
  }),
  [authentication('TokenRequestSpec')]: obj('Parameters of a requested token.', {
    audiences: req(arr(str(), 'Audiences the token is meant for; empty means the API server.', { list: 'atomic' })),
    expirationSeconds: int64('Requested lifetime of the token; the server may shorten it.'),
    boundObjectRef: ref(authentication('BoundObjectReference'), 'Object the token is bound to; the token stops working once it is deleted.'),
  }),
  [authentication('TokenRequestStatus')]: obj('An issued token.', {
    token: req(str('The opaque bearer token.')),
    expirationTimestamp: req(time('When the token expires.')),
  }),
  [authentication('BoundObjectReference')]: obj('The object a token is bound to: a Pod, Secret or Node.', {
    kind: str('Kind of the object.'),
    apiVersion: str('API version of the object.'),
    name: str('Name of the object.'),
    uid: str('UID of the object.'),
  }),
};
