/**
 * The kubelet's volume manager, for the volumes a simulated pod can use: it prepares each
 * volume's directory on the node (/var/lib/kubelet/pods/<uid>/volumes/<plugin>/<name>) for
 * the runtime to bind-mount, and reports what cannot be mounted — a ConfigMap or Secret that
 * does not exist — in the words of MountVolume.SetUp. Contents are read when a container
 * reads them, from the kubelet's object cache, so an updated ConfigMap shows through and a
 * deleted one keeps its last content (as the kubelet's copy on disk would).
 *
 *   configMap, secret, downwardAPI, projected (incl. the service account token, the cluster
 *   CA and the namespace)  → read-only files
 *   emptyDir               → writable, shared by the pod's containers, gone with the pod
 *   hostPath               → writable, shared by every pod on the node using that path
 *   persistentVolumeClaim  → writable, kept per claim on this node
 */
import { MemoryVolume, type HostPaths, ProjectedVolume, type VolumeSource } from '../runtime/volumes.js';
import type { ObjectSource } from './object-source.js';
import type { DownwardAPIFile, KeyToPath, Pod, ProjectionSource, Volume } from './pod-types.js';

export interface MountError {
  volume: string;
  message: string;
}

const PLUGIN: Array<[keyof Volume, string]> = [
  ['configMap', 'kubernetes.io~configmap'],
  ['secret', 'kubernetes.io~secret'],
  ['downwardAPI', 'kubernetes.io~downward-api'],
  ['projected', 'kubernetes.io~projected'],
  ['hostPath', 'kubernetes.io~host-path'],
  ['persistentVolumeClaim', 'kubernetes.io~csi'],
  ['emptyDir', 'kubernetes.io~empty-dir'],
];

export function podDir(uid: string): string {
  return `/var/lib/kubelet/pods/${uid}`;
}

export function volumeHostPath(uid: string, v: Volume): string {
  const plugin = PLUGIN.find(([k]) => v[k] !== undefined)?.[1] ?? 'kubernetes.io~empty-dir';
  return `${podDir(uid)}/volumes/${plugin}/${v.name}`;
}

export class VolumeManager {
  constructor(
    private readonly hostPaths: HostPaths,
    private readonly objects: ObjectSource,
  ) {}

  /**
   * Prepares every volume of the pod; answers what could not be mounted (empty: all set).
   * `current` gives the latest pod object (downward API files follow label changes).
   */
  async mountPod(current: () => Pod): Promise<MountError[]> {
    const pod = current();
    const uid = pod.metadata!.uid!;
    const errors: MountError[] = [];
    for (const v of pod.spec.volumes ?? []) {
      const path = volumeHostPath(uid, v);
      const error = await this.check(pod, v);
      if (error) {
        errors.push({ volume: v.name, message: error });
        continue;
      }
      if (!this.hostPaths.get(path)) this.hostPaths.set(path, this.source(current, v));
    }
    return errors;
  }

  /** Drops the pod's volumes (emptyDir contents go with them). */
  unmountPod(uid: string): void {
    this.hostPaths.removeUnder(podDir(uid));
  }

  private async check(pod: Pod, v: Volume): Promise<string | undefined> {
    const ns = pod.metadata!.namespace!;
    const refs: Array<{ kind: 'configmap' | 'secret'; name: string; optional?: boolean }> = [];
    if (v.configMap) refs.push({ kind: 'configmap', name: v.configMap.name, optional: v.configMap.optional });
    if (v.secret) refs.push({ kind: 'secret', name: v.secret.secretName, optional: v.secret.optional });
    for (const s of v.projected?.sources ?? []) {
      if (s.configMap) refs.push({ kind: 'configmap', name: s.configMap.name, optional: s.configMap.optional });
      if (s.secret) refs.push({ kind: 'secret', name: s.secret.name, optional: s.secret.optional });
    }
    for (const r of refs) {
      if (r.optional) continue;
      const obj = r.kind === 'configmap' ? await this.objects.configMap(ns, r.name) : await this.objects.secret(ns, r.name);
      if (!obj) return `${r.kind} "${r.name}" not found`;
    }
    return undefined;
  }

  private source(current: () => Pod, v: Volume): VolumeSource {
    if (v.emptyDir !== undefined || v.persistentVolumeClaim || v.hostPath) {
      if (v.hostPath || v.persistentVolumeClaim) {
        const key = v.hostPath ? `/host${v.hostPath.path}` : `/claims/${current().metadata!.namespace}/${v.persistentVolumeClaim!.claimName}`;
        let shared = this.hostPaths.get(key);
        if (!shared) this.hostPaths.set(key, (shared = new MemoryVolume()));
        return shared;
      }
      return new MemoryVolume();
    }
    let last = new Map<string, string>();
    return new ProjectedVolume(async () => {
      const pod = current();
      const files = new Map<string, string>();
      try {
        if (v.configMap) await this.configMapFiles(pod, v.configMap.name, v.configMap.items, files);
        if (v.secret) await this.secretFiles(pod, v.secret.secretName, v.secret.items, files);
        if (v.downwardAPI) downwardFiles(pod, v.downwardAPI.items ?? [], files);
        for (const s of v.projected?.sources ?? []) await this.projection(pod, s, files);
        last = files;
        return files;
      } catch {
        return last;
      }
    });
  }

  private async projection(pod: Pod, s: ProjectionSource, files: Map<string, string>): Promise<void> {
    if (s.configMap) await this.configMapFiles(pod, s.configMap.name, s.configMap.items, files);
    if (s.secret) await this.secretFiles(pod, s.secret.name, s.secret.items, files);
    if (s.downwardAPI) downwardFiles(pod, s.downwardAPI.items ?? [], files);
    if (s.serviceAccountToken) files.set(s.serviceAccountToken.path, await this.objects.serviceAccountToken(pod, s.serviceAccountToken.audience, s.serviceAccountToken.expirationSeconds ?? 3600));
  }

  private async configMapFiles(pod: Pod, name: string, items: KeyToPath[] | undefined, files: Map<string, string>): Promise<void> {
    const cm = await this.objects.configMap(pod.metadata!.namespace!, name);
    const data = { ...((cm?.['data'] as Record<string, string> | undefined) ?? {}) };
    for (const [k, v] of Object.entries((cm?.['binaryData'] as Record<string, string> | undefined) ?? {})) data[k] = Buffer.from(v, 'base64').toString('utf8');
    project(data, items, files);
  }

  private async secretFiles(pod: Pod, name: string, items: KeyToPath[] | undefined, files: Map<string, string>): Promise<void> {
    const secret = await this.objects.secret(pod.metadata!.namespace!, name);
    const data: Record<string, string> = {};
    for (const [k, v] of Object.entries((secret?.['data'] as Record<string, string> | undefined) ?? {})) data[k] = Buffer.from(v, 'base64').toString('utf8');
    project(data, items, files);
  }
}

function project(data: Record<string, string>, items: KeyToPath[] | undefined, files: Map<string, string>): void {
  if (!items) {
    for (const [k, v] of Object.entries(data)) files.set(k, v);
    return;
  }
  for (const item of items) if (data[item.key] !== undefined) files.set(item.path, data[item.key]!);
}

function downwardFiles(pod: Pod, items: DownwardAPIFile[], files: Map<string, string>): void {
  for (const item of items) {
    if (item.fieldRef) files.set(item.path, fieldValue(pod, item.fieldRef.fieldPath, 'file'));
  }
}

/**
 * A pod field by downward API path. Labels and annotations as a file are `key="value"`
 * lines, sorted; as an env var, metadata.labels['k'] picks one.
 */
export function fieldValue(pod: Pod, fieldPath: string, _as: 'file' | 'env'): string {
  const m = pod.metadata ?? {};
  const pick = /^metadata\.(labels|annotations)\['(.+)'\]$/.exec(fieldPath);
  if (pick) return (m[pick[1] as 'labels' | 'annotations'] ?? {})[pick[2]!] ?? '';
  switch (fieldPath) {
    case 'metadata.name':
      return m.name ?? '';
    case 'metadata.namespace':
      return m.namespace ?? '';
    case 'metadata.uid':
      return m.uid ?? '';
    case 'metadata.labels':
    case 'metadata.annotations': {
      const map = (fieldPath === 'metadata.labels' ? m.labels : m.annotations) ?? {};
      // As a file: `key="value"` lines, sorted. Not allowed as an env var upstream; joined the same way.
      return Object.keys(map)
        .sort()
        .map((k) => `${k}=${JSON.stringify(map[k])}`)
        .join('\n');
    }
    case 'spec.nodeName':
      return pod.spec.nodeName ?? '';
    case 'spec.serviceAccountName':
      return pod.spec.serviceAccountName ?? '';
    case 'status.hostIP':
      return pod.status?.hostIP ?? '';
    case 'status.hostIPs':
      return (pod.status?.hostIPs ?? []).map((x) => x.ip).join(',');
    case 'status.podIP':
      return pod.status?.podIP ?? '';
    case 'status.podIPs':
      return (pod.status?.podIPs ?? []).map((x) => x.ip).join(',');
    default:
      return '';
  }
}
