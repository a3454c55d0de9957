/**
 * Defaults of a pod spec, for pods and every pod template (SetDefaults_PodSpec,
 * SetDefaults_Container, SetDefaults_Probe, SetDefaults_HTTPGetAction, SetDefaults_Volume and
 * the volume-source defaulters of pkg/apis/core/v1, in the nesting zz_generated.defaults.go
 * applies them). Pod-only defaults are in pod.ts.
 */
import { canonicalizeQuantityField, defaultResourceList } from './canonical-quantity.js';
import { defaultPullPolicy } from './image.js';
import { defaultPVCSpec } from './persistent-volume.js';
import { type Obj, child, isObj, items, setDefault, setDefaultIfZero } from './util.js';

/** SetDefaults_PodSpec plus everything nested in it. */
export function defaultPodSpec(spec: Obj): void {
  setDefaultIfZero(spec, 'dnsPolicy', 'ClusterFirst');
  setDefaultIfZero(spec, 'restartPolicy', 'Always');
  setDefault(spec, 'securityContext', {});
  setDefault(spec, 'terminationGracePeriodSeconds', 30);
  setDefaultIfZero(spec, 'schedulerName', 'default-scheduler');
  for (const v of items(spec, 'volumes')) defaultVolume(v);
  for (const list of ['initContainers', 'containers', 'ephemeralContainers']) {
    for (const c of items(spec, list)) defaultContainer(c);
  }
  if (isObj(spec['overhead'])) defaultResourceList(spec['overhead']);
}

/**
 * A pod template: its spec's defaults, and the `creationTimestamp: null` every embedded
 * ObjectMeta carries in kube-apiserver 1.32's JSON (a zero metav1.Time is never omitted).
 */
export function defaultPodTemplate(template: Obj): void {
  defaultEmbeddedMeta(child(template, 'metadata'));
  defaultPodSpec(child(template, 'spec'));
}

export function defaultEmbeddedMeta(meta: Obj): void {
  if (meta['creationTimestamp'] === undefined) meta['creationTimestamp'] = null;
}

function defaultContainer(c: Obj): void {
  if (!c['imagePullPolicy']) c['imagePullPolicy'] = defaultPullPolicy(typeof c['image'] === 'string' ? c['image'] : '');
  setDefaultIfZero(c, 'terminationMessagePath', '/dev/termination-log');
  setDefaultIfZero(c, 'terminationMessagePolicy', 'File');
  for (const p of items(c, 'ports')) setDefaultIfZero(p, 'protocol', 'TCP');
  for (const e of items(c, 'env')) {
    const fieldRef = isObj(e['valueFrom']) ? e['valueFrom']['fieldRef'] : undefined;
    if (isObj(fieldRef)) setDefaultIfZero(fieldRef, 'apiVersion', 'v1');
  }
  // ResourceRequirements is a struct, so an empty one is still written as `resources: {}`.
  const resources = child(c, 'resources');
  defaultResourceList(resources['limits']);
  defaultResourceList(resources['requests']);
  for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe']) {
    if (isObj(c[probe])) defaultProbe(c[probe]);
  }
  if (isObj(c['lifecycle'])) {
    for (const hook of ['postStart', 'preStop']) {
      const h = c['lifecycle'][hook];
      if (isObj(h) && isObj(h['httpGet'])) defaultHTTPGet(h['httpGet']);
    }
  }
}

function defaultProbe(p: Obj): void {
  setDefaultIfZero(p, 'timeoutSeconds', 1);
  setDefaultIfZero(p, 'periodSeconds', 10);
  setDefaultIfZero(p, 'successThreshold', 1);
  setDefaultIfZero(p, 'failureThreshold', 3);
  if (isObj(p['httpGet'])) defaultHTTPGet(p['httpGet']);
  // GRPCAction.service is `+default=""`.
  if (isObj(p['grpc'])) setDefault(p['grpc'], 'service', '');
}

function defaultHTTPGet(h: Obj): void {
  setDefaultIfZero(h, 'path', '/');
  setDefaultIfZero(h, 'scheme', 'HTTP');
}

const VOLUME_SOURCES = [
  'hostPath', 'emptyDir', 'gcePersistentDisk', 'awsElasticBlockStore', 'gitRepo', 'secret', 'nfs', 'iscsi', 'glusterfs',
  'persistentVolumeClaim', 'rbd', 'flexVolume', 'cinder', 'cephfs', 'flocker', 'downwardAPI', 'fc', 'azureFile', 'configMap',
  'vsphereVolume', 'quobyte', 'azureDisk', 'photonPersistentDisk', 'projected', 'portworxVolume', 'scaleIO', 'storageos',
  'csi', 'ephemeral', 'image',
];

/** 0644, the file mode of secret, configMap, downwardAPI and projected volumes. */
const DEFAULT_MODE = 420;

function defaultVolume(v: Obj): void {
  if (!VOLUME_SOURCES.some((s) => v[s] !== undefined && v[s] !== null)) v['emptyDir'] = {};
  if (isObj(v['hostPath'])) setDefault(v['hostPath'], 'type', '');
  if (isObj(v['emptyDir'])) canonicalizeQuantityField(v['emptyDir'], 'sizeLimit');
  for (const s of ['secret', 'configMap', 'downwardAPI', 'projected']) {
    if (isObj(v[s])) setDefault(v[s], 'defaultMode', DEFAULT_MODE);
  }
  if (isObj(v['downwardAPI'])) defaultDownwardAPIItems(v['downwardAPI']);
  if (isObj(v['projected'])) {
    for (const source of items(v['projected'], 'sources')) {
      if (isObj(source['downwardAPI'])) defaultDownwardAPIItems(source['downwardAPI']);
      if (isObj(source['serviceAccountToken'])) setDefault(source['serviceAccountToken'], 'expirationSeconds', 3600);
    }
  }
  if (isObj(v['iscsi'])) setDefaultIfZero(v['iscsi'], 'iscsiInterface', 'default');
  if (isObj(v['rbd'])) {
    setDefaultIfZero(v['rbd'], 'pool', 'rbd');
    setDefaultIfZero(v['rbd'], 'user', 'admin');
    setDefaultIfZero(v['rbd'], 'keyring', '/etc/ceph/keyring');
  }
  if (isObj(v['azureDisk'])) {
    setDefault(v['azureDisk'], 'cachingMode', 'ReadWrite');
    setDefault(v['azureDisk'], 'fsType', 'ext4');
    setDefault(v['azureDisk'], 'readOnly', false);
    setDefault(v['azureDisk'], 'kind', 'Shared');
  }
  if (isObj(v['scaleIO'])) {
    setDefaultIfZero(v['scaleIO'], 'storageMode', 'ThinProvisioned');
    setDefaultIfZero(v['scaleIO'], 'fsType', 'xfs');
  }
  if (isObj(v['ephemeral']) && isObj(v['ephemeral']['volumeClaimTemplate'])) {
    const tpl = v['ephemeral']['volumeClaimTemplate'];
    defaultEmbeddedMeta(child(tpl, 'metadata'));
    defaultPVCSpec(child(tpl, 'spec'));
  }
  if (isObj(v['image']) && !v['image']['pullPolicy']) {
    v['image']['pullPolicy'] = defaultPullPolicy(typeof v['image']['reference'] === 'string' ? v['image']['reference'] : '');
  }
}

function defaultDownwardAPIItems(source: Obj): void {
  for (const item of items(source, 'items')) {
    if (isObj(item['fieldRef'])) setDefaultIfZero(item['fieldRef'], 'apiVersion', 'v1');
  }
}
